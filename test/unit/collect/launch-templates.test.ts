import { DescribeLaunchTemplateVersionsCommand } from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import {
  REGION_WIDE_MIN_TEMPLATES,
  resolveLaunchTemplateVersions,
  templateRefKey,
} from '../../../src/collect/launch-templates.ts';
import {
  collectContext,
  ec2Error,
  type MockedAws,
  mockAws,
  restoreAws,
  templateVersion,
} from './aws-responses.ts';

describe('Function: resolveLaunchTemplateVersions', () => {
  let aws: MockedAws;

  beforeEach(() => {
    aws = mockAws();
  });

  afterEach(() => {
    restoreAws(aws);
  });

  it('resolves $Default and $Latest of one template to different versions', async () => {
    // Prepare
    aws.ec2.on(DescribeLaunchTemplateVersionsCommand).resolves({
      LaunchTemplateVersions: [
        templateVersion('lt-0a', 3, { isDefault: true }),
        templateVersion('lt-0a', 5),
      ],
    });
    const byDefault = { id: 'lt-0a', version: '$Default' };
    const byLatest = { id: 'lt-0a', version: '$Latest' };

    // Act
    const resolved = await resolveLaunchTemplateVersions(collectContext(), [byDefault, byLatest]);

    // Assess
    expect(resolved.get(templateRefKey(byDefault))).toMatchObject({
      ok: true,
      version: { templateId: 'lt-0a', versionNumber: '3', imageId: 'ami-0av3' },
    });
    expect(resolved.get(templateRefKey(byLatest))).toMatchObject({
      ok: true,
      version: { templateId: 'lt-0a', versionNumber: '5', imageId: 'ami-0av5' },
    });
    expect(aws.ec2).toReceiveCommandExactlyOnceWith(DescribeLaunchTemplateVersionsCommand, {
      LaunchTemplateId: 'lt-0a',
      Versions: ['$Default', '$Latest'],
      MaxResults: 200,
    });
  });

  it(`asks for $Default and $Latest of all templates in one call from ${REGION_WIDE_MIN_TEMPLATES} templates on`, async () => {
    // Prepare
    aws.ec2
      .on(DescribeLaunchTemplateVersionsCommand, { Versions: ['$Default', '$Latest'] })
      .resolvesOnce({
        LaunchTemplateVersions: [
          templateVersion('lt-0a', 1, { isDefault: true }),
          templateVersion('lt-0a', 2),
          templateVersion('lt-0b', 4, { isDefault: true }),
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        LaunchTemplateVersions: [
          templateVersion('lt-0b', 4, { isDefault: true }),
          templateVersion('lt-0c', 1, { isDefault: true, name: 'by-name' }),
        ],
      });
    const refs = [
      { id: 'lt-0a', version: '$Default' },
      { id: 'lt-0a', version: '$Latest' },
      { id: 'lt-0b', version: '$Latest' },
      { name: 'by-name', version: '$Default' },
    ];

    // Act
    const resolved = await resolveLaunchTemplateVersions(collectContext(), refs);

    // Assess
    expect(refs.map((ref) => resolved.get(templateRefKey(ref)))).toEqual([
      expect.objectContaining({ version: expect.objectContaining({ versionNumber: '1' }) }),
      expect.objectContaining({ version: expect.objectContaining({ versionNumber: '2' }) }),
      expect.objectContaining({ version: expect.objectContaining({ versionNumber: '4' }) }),
      expect.objectContaining({
        version: expect.objectContaining({ templateId: 'lt-0c', versionNumber: '1' }),
      }),
    ]);
    expect(aws.ec2).toReceiveCommandTimes(DescribeLaunchTemplateVersionsCommand, 2);
    expect(aws.ec2).toReceiveNthCommandWith(DescribeLaunchTemplateVersionsCommand, 2, {
      Versions: ['$Default', '$Latest'],
      MaxResults: 200,
      NextToken: 'page-2',
    });
  });

  it('asks for a template on its own when the region-wide call did not return it', async () => {
    // Prepare
    aws.ec2.on(DescribeLaunchTemplateVersionsCommand, { Versions: ['$Default'] }).resolves({
      LaunchTemplateVersions: [
        templateVersion('lt-0a', 1, { isDefault: true }),
        templateVersion('lt-0b', 1, { isDefault: true }),
      ],
    });
    aws.ec2
      .on(DescribeLaunchTemplateVersionsCommand, { LaunchTemplateId: 'lt-0c' })
      .resolves({ LaunchTemplateVersions: [templateVersion('lt-0c', 2, { isDefault: true })] });
    const missed = { id: 'lt-0c', version: '$Default' };
    const refs = [
      { id: 'lt-0a', version: '$Default' },
      { id: 'lt-0b', version: '$Default' },
      missed,
    ];

    // Act
    const resolved = await resolveLaunchTemplateVersions(collectContext(), refs);

    // Assess
    expect(resolved.get(templateRefKey(missed))).toMatchObject({
      ok: true,
      version: { versionNumber: '2' },
    });
    expect(aws.ec2).toReceiveCommandTimes(DescribeLaunchTemplateVersionsCommand, 2);
  });

  it('takes numbered versions that are a default or latest from the region-wide call and asks for the others per template, together', async () => {
    // Prepare
    aws.ec2
      .on(DescribeLaunchTemplateVersionsCommand, { Versions: ['$Default', '$Latest'] })
      .resolves({
        LaunchTemplateVersions: [
          templateVersion('lt-0a', 3, { isDefault: true }),
          templateVersion('lt-0b', 1, { isDefault: true }),
          templateVersion('lt-0b', 5),
          templateVersion('lt-0c', 4, { isDefault: true }),
        ],
      });
    aws.ec2.on(DescribeLaunchTemplateVersionsCommand, { LaunchTemplateId: 'lt-0c' }).resolves({
      LaunchTemplateVersions: [templateVersion('lt-0c', 1), templateVersion('lt-0c', 2)],
    });
    const refs = [
      { id: 'lt-0a', version: '3' },
      { id: 'lt-0b', version: '5' },
      { id: 'lt-0b', version: '1' },
      { id: 'lt-0c', version: '4' },
      { id: 'lt-0c', version: '1' },
      { id: 'lt-0c', version: '2' },
    ];

    // Act
    const resolved = await resolveLaunchTemplateVersions(collectContext(), refs);

    // Assess
    expect(refs.map((ref) => resolved.get(templateRefKey(ref)))).toEqual(
      refs.map((ref) =>
        expect.objectContaining({
          ok: true,
          version: expect.objectContaining({ templateId: ref.id, versionNumber: ref.version }),
        }),
      ),
    );
    expect(aws.ec2).toReceiveCommandTimes(DescribeLaunchTemplateVersionsCommand, 2);
    expect(aws.ec2).toReceiveCommandWith(DescribeLaunchTemplateVersionsCommand, {
      LaunchTemplateId: 'lt-0c',
      Versions: ['1', '2'],
      MaxResults: 200,
    });
  });

  it('falls back to one call per template when the region-wide call fails', async () => {
    // Prepare
    aws.ec2
      .on(DescribeLaunchTemplateVersionsCommand, { Versions: ['$Latest'] })
      .rejects(ec2Error('UnauthorizedOperation', 'not allowed on *'));
    for (const id of ['lt-0a', 'lt-0b', 'lt-0c']) {
      aws.ec2
        .on(DescribeLaunchTemplateVersionsCommand, { LaunchTemplateId: id })
        .resolves({ LaunchTemplateVersions: [templateVersion(id, 6)] });
    }
    const refs = ['lt-0a', 'lt-0b', 'lt-0c'].map((id) => ({ id, version: '$Latest' }));
    const context = collectContext();

    // Act
    const resolved = await resolveLaunchTemplateVersions(context, refs);

    // Assess
    expect([...resolved.values()].every((resolution) => resolution.ok)).toBe(true);
    expect(aws.ec2).toReceiveCommandTimes(DescribeLaunchTemplateVersionsCommand, 4);
    expect(context.errors.entries).toEqual([]);
  });

  it('asks for each version on its own when one of them does not exist', async () => {
    // Prepare
    aws.ec2
      .on(DescribeLaunchTemplateVersionsCommand, { Versions: ['3', '9'] })
      .rejects(ec2Error('InvalidLaunchTemplateId.VersionNotFound', 'Could not find version 9'));
    aws.ec2
      .on(DescribeLaunchTemplateVersionsCommand, { Versions: ['3'] })
      .resolves({ LaunchTemplateVersions: [templateVersion('lt-0a', 3)] });
    aws.ec2
      .on(DescribeLaunchTemplateVersionsCommand, { Versions: ['9'] })
      .rejects(ec2Error('InvalidLaunchTemplateId.VersionNotFound', 'Could not find version 9'));
    const existing = { id: 'lt-0a', version: '3' };
    const missing = { id: 'lt-0a', version: '9' };

    // Act
    const resolved = await resolveLaunchTemplateVersions(collectContext(), [existing, missing]);

    // Assess
    expect(resolved.get(templateRefKey(existing))).toMatchObject({ ok: true });
    expect(resolved.get(templateRefKey(missing))).toEqual({
      ok: false,
      failure: {
        code: 'InvalidLaunchTemplateId.VersionNotFound',
        message: 'Could not find version 9',
      },
    });
  });

  it('reports a template EC2 returns nothing for as a missing version', async () => {
    // Prepare
    const ref = { name: 'deleted', version: '1' };

    // Act
    const resolved = await resolveLaunchTemplateVersions(collectContext(), [ref]);

    // Assess
    expect(resolved.get(templateRefKey(ref))).toEqual({
      ok: false,
      failure: {
        code: 'LaunchTemplateVersionNotFoundError',
        message: 'Launch template deleted has no version 1',
      },
    });
    expect(aws.ec2).toReceiveCommandWith(DescribeLaunchTemplateVersionsCommand, {
      LaunchTemplateName: 'deleted',
      Versions: ['1'],
    });
  });

  it('starts no call once the deadline has come', async () => {
    // Act
    const resolved = await resolveLaunchTemplateVersions(
      collectContext(() => true),
      [{ id: 'lt-0a', version: '1' }],
    );

    // Assess
    expect(resolved.size).toBe(0);
    expect(aws.ec2).not.toReceiveCommand(DescribeLaunchTemplateVersionsCommand);
  });
});

describe('Function: templateRefKey', () => {
  it('tells references apart whatever their names and versions hold', () => {
    // Prepare
    const refs = [
      { id: 'lt-0a', version: '1' },
      { name: 'lt-0a', version: '1' },
      { id: 'lt-0a', version: '12' },
      { id: 'lt-0a1', version: '2' },
      { name: 'a1', version: '2' },
      { name: 'a', version: '12' },
      { name: 'a', version: '$Latest' },
      { name: 'a\nid:b', version: '1' },
      { name: 'a', version: '\nid:b1' },
      { version: '$Default' },
    ];

    // Act
    const keys = refs.map(templateRefKey);

    // Assess
    expect(new Set(keys).size).toBe(refs.length);
  });

  it('keys a reference by its id when it has one, as EC2 resolves it', () => {
    // Act
    const byIdAndName = templateRefKey({ id: 'lt-0a', name: 'web', version: '$Default' });

    // Assess
    expect(byIdAndName).toBe(templateRefKey({ id: 'lt-0a', version: '$Default' }));
    expect(byIdAndName).not.toBe(templateRefKey({ name: 'web', version: '$Default' }));
  });
});
