import { describe, expect, it } from 'vitest';
import {
  aCluster,
  anEksWindowsImage,
  anInstanceSource,
  anInventory,
  imagesOf,
  NOW,
} from '../../../test/builders/inventory.ts';
import type { DecodedInventory } from '../../inventory/types.ts';
import { projectedInventory } from '../upgrade.ts';
import { windowsAmiNotPublishedForVersion } from './windows-ami-not-published-for-version.ts';

const CORE_2022_134 =
  '/aws/service/ami-windows-latest/Windows_Server-2022-English-Core-EKS_Optimized-1.34/image_id';

/** The rule's upgrade input: `inventory` with its cluster prod upgraded from 1.33 to `to`. */
function upgradeTo(to: string, inventory: DecodedInventory) {
  const upgrades = new Map([['prod', { from: '1.33', to }]]);
  return {
    inventory: projectedInventory(inventory, upgrades),
    options: { now: NOW, endOfSupportWarningDays: 180, amiExpiryWarningDays: 30 },
    upgrades,
  };
}

describe('Rule: windows-ami-not-published-for-version', () => {
  it('fires when SSM says the target has no AMI of the release and edition', () => {
    // Prepare
    const inventory = anInventory({ unpublishedImageParameters: [CORE_2022_134] });

    // Act
    const hits = windowsAmiNotPublishedForVersion.evaluateUpgrade?.(upgradeTo('1.34', inventory));

    // Assess
    expect(hits).toHaveLength(1);
    expect(hits?.[0]?.evidence).toEqual({
      release: '2022',
      edition: 'Core',
      basis: 'amiName',
      targetKubernetesVersion: '1.34',
      ssmParameter: CORE_2022_134,
      publishedBasis: 'ssm-parameter',
      imageId: 'ami-0windows2022a',
    });
    expect(hits?.[0]?.detail).toBe(
      `EKS publishes no Windows Server 2022 Core AMI for Kubernetes 1.34 in us-west-2: ${CORE_2022_134} does not exist.`,
    );
  });

  it('says, for a target newer than the EKS calendar, that EKS may not offer it yet', () => {
    // Prepare
    const core137 = CORE_2022_134.replace('1.34', '1.37');
    const inventory = anInventory({ unpublishedImageParameters: [core137] });

    // Act
    const hits = windowsAmiNotPublishedForVersion.evaluateUpgrade?.(upgradeTo('1.37', inventory));

    // Assess
    expect(hits?.[0]?.detail).toBe(
      `EKS publishes no Windows Server 2022 Core AMI for Kubernetes 1.37 in us-west-2: ${core137} does not exist. Kubernetes 1.37 is newer than any version in the scanner's EKS calendar (newest: 1.36): EKS may not offer it yet, and then publishes no Windows AMI of any release for it; wait until it does.`,
    );
  });

  it('stays silent when the parameter exists, or when its lookup said nothing', () => {
    // Prepare
    const published = anInventory({
      latestImageIds: { [CORE_2022_134]: 'ami-0new' },
      unpublishedImageParameters: [],
    });
    const unknown = anInventory();

    // Act
    const hits = [published, unknown].map((inventory) =>
      windowsAmiNotPublishedForVersion.evaluateUpgrade?.(upgradeTo('1.34', inventory)),
    );

    // Assess
    expect(hits).toEqual([[], []]);
  });

  it('says a release past its EKS end of support has no AMI for any target', () => {
    // Prepare
    const image = anEksWindowsImage({
      imageId: 'ami-0win2004',
      name: 'Windows_Server-2004-English-Core-EKS_Optimized-1.21-2021.09.16',
    });
    const ref = { type: 'AwsEc2Instance' as const, id: 'i-0win2004' };
    const inventory = anInventory({
      nodeSources: [
        anInstanceSource({
          ref,
          sites: [{ ref, imageId: image.imageId, userData: { status: 'absent' } }],
        }),
      ],
      images: imagesOf(image),
    });

    // Act
    const hits = windowsAmiNotPublishedForVersion.evaluateUpgrade?.(upgradeTo('1.34', inventory));

    // Assess
    expect(hits?.map((hit) => hit.evidence.publishedBasis)).toEqual(['eks-calendar']);
    expect(hits?.[0]?.detail).toBe(
      'EKS ended support for Windows Server 2004 on 2021-12-14 and publishes no AMIs of it, so none for Kubernetes 1.34.',
    );
  });

  it('reports nothing of today: the check belongs to an upgrade', () => {
    // Prepare
    const inventory = anInventory({
      clusters: [aCluster({ version: '1.34' })],
      unpublishedImageParameters: [CORE_2022_134],
    });

    // Act
    const hits = windowsAmiNotPublishedForVersion.evaluate({
      inventory,
      options: { now: NOW, endOfSupportWarningDays: 180, amiExpiryWarningDays: 30 },
    });

    // Assess
    expect(hits).toEqual([]);
  });
});
