import { describe, expect, it } from 'vitest';
import {
  aLaunchTemplateSite,
  aLinuxOnlyInventory,
  aManagedWindowsSource,
  aMixedInstancesSource,
  anEksWindowsImage,
  anInstanceLaunchedFrom,
  anInventory,
  anInventoryOfNodesReporting,
  anInventoryOnImage,
  anInventoryWithSite,
  aSelfManagedSource,
  imagesOf,
  OVERRIDE_TEMPLATE,
  ruleInput,
} from '../../../test/builders/inventory.ts';
import { windowsVersionUnknown } from './windows-version-unknown.ts';

describe('Rule: windows-version-unknown', () => {
  it('fires for a custom Windows AMI whose name does not give the release', () => {
    // Prepare
    const golden = anEksWindowsImage({ imageId: 'ami-0golden', name: 'corp-windows-golden-2024' });
    const input = ruleInput(anInventoryOnImage(golden));

    // Act
    const hits = windowsVersionUnknown.evaluate(input);

    // Assess
    expect(hits).toEqual([
      {
        cluster: 'prod',
        resource: expect.objectContaining({
          type: 'AwsEc2LaunchTemplate',
          id: 'lt-0123456789abcdef0',
        }),
        affected: [{ type: 'AwsAutoScalingAutoScalingGroup', name: 'win-asg', id: 'win-asg' }],
        evidence: { imageId: 'ami-0golden' },
        detail:
          'Neither SSM inventory, the AMI type nor an EKS optimized AMI name gives the Windows Server release.',
      },
    ]);
  });

  it('stays quiet when the AMI was never read (a failed lookup, the deadline): unread is no unknown', () => {
    // Prepare: the scan named ami-0unread but has no lookup of it; its error is in the report
    const inventory = anInventoryWithSite({ imageId: 'ami-0unread' }, { images: {} });

    // Act
    const hits = windowsVersionUnknown.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it('stays quiet when the SSM parameter naming the AMI was never read (its GetParameters failed)', () => {
    // Prepare: `resolve:ssm:/corp/windows/ami`, whose lookup is in the report's errors, so
    // the site has no AMI id
    const { imageId: _none, ...site } = aLaunchTemplateSite({
      imageParameter: { name: '/corp/windows/ami', status: 'unknown' },
    });
    const inventory = anInventory({
      nodeSources: [aSelfManagedSource({ sites: [site] })],
      images: {},
    });

    // Act
    const hits = windowsVersionUnknown.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it('fires for a Windows source (by its bootstrap call) whose AMI was not described', () => {
    // Prepare
    const inventory = anInventoryWithSite(
      { imageId: 'ami-0gone' },
      { images: { 'ami-0gone': { status: 'unavailable' } } },
    );

    // Act
    const hits = windowsVersionUnknown.evaluate(ruleInput(inventory));

    // Assess
    expect(hits.map((hit) => hit.evidence)).toEqual([{ imageId: 'ami-0gone' }]);
  });

  it('fires for a release the calendar does not know', () => {
    // Prepare
    const inventory = anInventory({
      nodeSources: [aManagedWindowsSource({ amiType: 'WINDOWS_CORE_2028_x86_64' })],
    });

    // Act
    const hits = windowsVersionUnknown.evaluate(ruleInput(inventory));

    // Assess
    expect(hits.map((hit) => hit.evidence)).toEqual([{ release: '2028', basis: 'amiType' }]);
  });

  describe('a Windows build Systems Manager reports that the calendar does not know', () => {
    it('fires for its nodes, saying they were not judged as the release the AMI name says', () => {
      // Prepare: an AMI named 2022 whose nodes report 14393 (Windows Server 2016)
      const inventory = anInventoryOfNodesReporting({ 'i-0b': '10.0.14393', 'i-0a': '10.0.14393' });

      // Act
      const hits = windowsVersionUnknown.evaluate(ruleInput(inventory));

      // Assess
      expect(hits).toEqual([
        {
          cluster: 'prod',
          resource: expect.objectContaining({ id: 'lt-0123456789abcdef0' }),
          affected: [{ type: 'AwsAutoScalingAutoScalingGroup', name: 'win-asg', id: 'win-asg' }],
          evidence: {
            reportedBuild: '14393',
            basis: 'ssm',
            declaredRelease: '2022',
            imageId: 'ami-0windows2022a',
            reportingInstances: 2,
            instanceIds: ['i-0a', 'i-0b'],
          },
          detail:
            "Systems Manager reports Windows build 14393, which the scanner's release calendar does not know, on 2 running nodes: i-0a, i-0b. They were not judged as Windows Server 2022, which the AMI name says (build 20348).",
          qualifier: 'build-14393',
        },
      ]);
    });

    it('keeps apart each unknown build, and says nothing of the nodes whose release is known', () => {
      // Prepare
      const inventory = anInventoryOfNodesReporting({
        'i-0a': '10.0.14393',
        'i-0b': '10.0.25398',
        'i-0c': '10.0.20348',
      });

      // Act
      const hits = windowsVersionUnknown.evaluate(ruleInput(inventory));

      // Assess
      expect(hits.map((hit) => [hit.qualifier, hit.evidence.instanceIds])).toEqual([
        ['build-14393', ['i-0a']],
        ['build-25398', ['i-0b']],
      ]);
    });

    it('also reports the release untold when the other nodes report nothing and the AMI names none', () => {
      // Prepare
      const golden = anEksWindowsImage({ imageId: 'ami-0golden', name: 'corp-windows-golden' });
      const inventory = anInventoryOfNodesReporting(
        { 'i-0a': '10.0.14393', 'i-0b': undefined },
        golden,
      );

      // Act
      const hits = windowsVersionUnknown.evaluate(ruleInput(inventory));

      // Assess
      expect(hits.map((hit) => [hit.qualifier, hit.evidence])).toEqual([
        [undefined, { imageId: 'ami-0golden' }],
        [
          'build-14393',
          {
            reportedBuild: '14393',
            basis: 'ssm',
            imageId: 'ami-0golden',
            reportingInstances: 1,
            instanceIds: ['i-0a'],
          },
        ],
      ]);
    });
  });

  it('does not fire when the release is known', () => {
    // Prepare
    const input = ruleInput(anInventory());

    // Act
    const hits = windowsVersionUnknown.evaluate(input);

    // Assess
    expect(hits).toEqual([]);
  });

  it('fires only for the template of a mixed instances group whose nodes report no build', () => {
    // Prepare: both templates name a custom AMI; the override's node reports 2022.
    const golden = anEksWindowsImage({ imageId: 'ami-0golden', name: 'corp-windows-golden-2024' });
    const source = aMixedInstancesSource({ instanceIds: ['i-0base', 'i-0over'] });
    const inventory = anInventory({
      nodeSources: [
        {
          ...source,
          sites: source.sites.map((site) => ({ ...site, imageId: golden.imageId })),
          runningInstances: [
            anInstanceLaunchedFrom(
              'i-0base',
              { id: 'lt-0123456789abcdef0', version: '1' },
              golden.imageId,
            ),
            anInstanceLaunchedFrom(
              'i-0over',
              { id: OVERRIDE_TEMPLATE.id, version: '4' },
              golden.imageId,
            ),
          ],
        },
      ],
      images: imagesOf(golden),
      instanceOs: { 'i-0over': { instanceId: 'i-0over', platformVersion: '10.0.20348' } },
    });

    // Act
    const hits = windowsVersionUnknown.evaluate(ruleInput(inventory));

    // Assess
    expect(hits.map((hit) => hit.resource.id)).toEqual(['lt-0123456789abcdef0']);
  });

  it('does not evaluate Linux sources', () => {
    // Prepare
    const input = ruleInput(aLinuxOnlyInventory());

    // Act
    const hits = windowsVersionUnknown.evaluate(input);

    // Assess
    expect(hits).toEqual([]);
  });
});
