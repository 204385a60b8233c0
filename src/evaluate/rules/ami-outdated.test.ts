import { describe, expect, it } from 'vitest';
import {
  aLinuxImage,
  aLinuxOnlyInventory,
  aManagedWindowsSource,
  anEksWindowsImage,
  anInventory,
  imagesOf,
  ruleInput,
} from '../../../test/builders/inventory.ts';
import { amiOutdated, latestWindowsAmiParameter, releaseVersionDate } from './ami-outdated.ts';

const PARAMETER =
  '/aws/service/ami-windows-latest/Windows_Server-2022-English-Core-EKS_Optimized-1.33/image_id';

const current = anEksWindowsImage();
const newer = anEksWindowsImage({
  imageId: 'ami-0windows2022b',
  name: 'Windows_Server-2022-English-Core-EKS_Optimized-1.33-2026.11.20',
  creationDate: '2026-11-20T08:00:00.000Z',
});

describe('Rule: ami-outdated', () => {
  it('fires when the SSM latest parameter names a newer AMI of the same variant', () => {
    // Prepare
    const inventory = anInventory({
      images: imagesOf(current, newer),
      latestImageIds: { [PARAMETER]: newer.imageId },
    });

    // Act
    const hits = amiOutdated.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        resource: expect.objectContaining({ type: 'AwsEc2LaunchTemplate' }),
        affected: [{ type: 'AwsAutoScalingAutoScalingGroup', name: 'win-asg', id: 'win-asg' }],
        evidence: {
          imageId: current.imageId,
          imageName: current.name ?? null,
          latestImageId: newer.imageId,
          latestImageName: newer.name ?? null,
          ssmParameter: PARAMETER,
        },
      }),
    ]);
  });

  it('fires in AWS GovCloud (US), where the EKS Windows AMIs belong to 077303321853', () => {
    // Prepare
    const gov = { ownerId: '077303321853' };
    const inventory = anInventory({
      region: 'us-gov-west-1',
      images: imagesOf({ ...current, ...gov }, { ...newer, ...gov }),
      latestImageIds: { [PARAMETER]: newer.imageId },
    });

    // Act
    const hits = amiOutdated.evaluate(ruleInput(inventory));

    // Assess
    expect(hits.map((hit) => hit.evidence.latestImageId)).toEqual([newer.imageId]);
  });

  it('fires when the latest AMI was not looked up, since a different id is all it knows', () => {
    // Prepare
    const inventory = anInventory({ latestImageIds: { [PARAMETER]: newer.imageId } });

    // Act
    const hits = amiOutdated.evaluate(ruleInput(inventory));

    // Assess
    expect(hits.map((hit) => hit.evidence.latestImageId)).toEqual([newer.imageId]);
  });

  it('does not fire when the site already runs the latest AMI', () => {
    // Prepare
    const inventory = anInventory({ latestImageIds: { [PARAMETER]: current.imageId } });

    // Act
    const hits = amiOutdated.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not fire when the "latest" AMI is not newer than the one in use', () => {
    // Prepare
    const older = anEksWindowsImage({
      imageId: 'ami-0windows2022old',
      creationDate: '2026-10-01T08:00:00.000Z',
    });
    const inventory = anInventory({
      images: imagesOf(current, older),
      latestImageIds: { [PARAMETER]: older.imageId },
    });

    // Act
    const hits = amiOutdated.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not fire when only another Kubernetes version has a newer AMI', () => {
    // Prepare
    const inventory = anInventory({
      images: imagesOf(current, newer),
      latestImageIds: { [PARAMETER.replace('1.33', '1.34')]: newer.imageId },
    });

    // Act
    const hits = amiOutdated.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it('fires on a Windows-amiType node group whose release is older than the latest AMI', () => {
    // Prepare
    const inventory = anInventory({
      nodeSources: [aManagedWindowsSource({ releaseVersion: '1.33-2026.10.14' })],
      images: imagesOf(newer),
      latestImageIds: { [PARAMETER]: newer.imageId },
    });

    // Act
    const hits = amiOutdated.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        resource: expect.objectContaining({ type: 'AwsEksNodegroup', id: 'win-ng' }),
        evidence: expect.objectContaining({ releaseVersion: '1.33-2026.10.14' }),
      }),
    ]);
  });

  it('does not fire on a node group already on the latest release', () => {
    // Prepare
    const inventory = anInventory({
      nodeSources: [aManagedWindowsSource({ releaseVersion: '1.33-2026.11.20' })],
      images: imagesOf(newer),
      latestImageIds: { [PARAMETER]: newer.imageId },
    });

    // Act
    const hits = amiOutdated.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it('skips a node group when the latest AMI was not looked up, so its date is unknown', () => {
    // Prepare
    const inventory = anInventory({
      nodeSources: [aManagedWindowsSource({ releaseVersion: '1.33-2026.10.14' })],
      latestImageIds: { [PARAMETER]: newer.imageId },
    });

    // Act
    const hits = amiOutdated.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it('says nothing about Linux node sources', () => {
    // Prepare
    const inventory = aLinuxOnlyInventory({
      images: imagesOf(aLinuxImage(), newer),
      latestImageIds: { [PARAMETER]: newer.imageId },
    });

    // Act
    const hits = amiOutdated.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });
});

describe('Function: latestWindowsAmiParameter', () => {
  it('names the SSM public parameter of a variant', () => {
    // Act
    const name = latestWindowsAmiParameter('2019', 'Full', '1.29');

    // Assess
    expect(name).toBe(
      '/aws/service/ami-windows-latest/Windows_Server-2019-English-Full-EKS_Optimized-1.29/image_id',
    );
  });
});

describe('Function: releaseVersionDate', () => {
  it.each([
    ['1.29-2024.05.14', '2024-05-14'],
    ['1.35-2026-01-22', '2026-01-22'],
    ['1.29.3-20240514', '2024-05-14'],
  ])('reads the date of %s', (releaseVersion, date) => {
    // Act & assess
    expect(releaseVersionDate(releaseVersion)).toBe(date);
  });

  it('returns undefined for a release version without a date', () => {
    // Act & assess
    expect(releaseVersionDate('1.29')).toBeUndefined();
  });
});
