import { describe, expect, it } from 'vitest';
import {
  aCluster,
  aLaunchTemplateSite,
  aManagedWindowsSource,
  anInventory,
  anInventoryWithSite,
  bootstrapUserDataWith,
  endpointAndCaOf,
  literal,
  ruleInput,
} from '../../../test/builders/inventory.ts';
import { bootstrapServiceCidrMissing } from './bootstrap-service-cidr-missing.ts';

/** A cluster created with a custom service range, in a VPC of 10.0.0.0/16. */
const CUSTOM = aCluster({ serviceIpv4Cidr: '192.168.128.0/20', vpcIpv4Cidrs: ['10.0.0.0/16'] });

describe('Rule: bootstrap-service-cidr-missing', () => {
  it('fires on the AWS launch template example (endpoint, CA, DNS IP, no -ServiceCIDR) in a cluster with its own range', () => {
    // Prepare
    const inventory = anInventoryWithSite(
      {
        userData: bootstrapUserDataWith(
          { ...endpointAndCaOf(CUSTOM), DNSClusterIP: literal('192.168.128.10') },
          {},
        ),
      },
      { clusters: [CUSTOM] },
    );

    // Act
    const hits = bootstrapServiceCidrMissing.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        resource: expect.objectContaining({ id: 'lt-0123456789abcdef0' }),
        evidence: {
          clusterServiceCidr: '192.168.128.0/20',
          scriptDefaultServiceCidrs: ['172.20.0.0/16'],
          vpcCidrsKnown: true,
        },
        detail: expect.stringContaining('uses its default 172.20.0.0/16 for this VPC'),
      }),
    ]);
  });

  it("fires with the VPC unknown only when the cluster's range is neither default", () => {
    // Prepare
    const custom = aCluster({ serviceIpv4Cidr: '192.168.128.0/20' });
    const defaultish = aCluster({ serviceIpv4Cidr: '10.100.0.0/16' });
    const site = { userData: bootstrapUserDataWith(endpointAndCaOf(), {}) };

    // Act
    const customHits = bootstrapServiceCidrMissing.evaluate(
      ruleInput(anInventoryWithSite(site, { clusters: [custom] })),
    );
    const defaultHits = bootstrapServiceCidrMissing.evaluate(
      ruleInput(anInventoryWithSite(site, { clusters: [defaultish] })),
    );

    // Assess
    expect(customHits[0]?.evidence).toMatchObject({
      scriptDefaultServiceCidrs: ['172.20.0.0/16', '10.100.0.0/16'],
      vpcCidrsKnown: false,
    });
    expect(defaultHits).toEqual([]);
  });

  it("fires when a 10.x VPC's cluster uses 10.100.0.0/16, which the script would not pick", () => {
    // Prepare
    const cluster = aCluster({ serviceIpv4Cidr: '10.100.0.0/16', vpcIpv4Cidrs: ['10.0.0.0/16'] });
    const inventory = anInventoryWithSite(
      { userData: bootstrapUserDataWith(endpointAndCaOf(cluster), {}) },
      { clusters: [cluster] },
    );

    // Act
    const hits = bootstrapServiceCidrMissing.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toHaveLength(1);
  });

  it.each([
    ['-ServiceCIDR is passed', { ServiceCIDR: literal('192.168.128.0/20') }, {}],
    [
      'the SERVICE_IPV4_CIDR machine variable is set',
      {},
      { machineEnvironment: { SERVICE_IPV4_CIDR: literal('192.168.128.0/20') } },
    ],
    [
      "Karpenter's $global:EKSCluster preset gives the script the cluster",
      {},
      { presetsEksCluster: true },
    ],
  ])('does not fire when %s', (_why, args, settings) => {
    // Prepare
    const inventory = anInventoryWithSite(
      { userData: bootstrapUserDataWith({ ...endpointAndCaOf(CUSTOM), ...args }, settings) },
      { clusters: [CUSTOM] },
    );

    // Act
    const hits = bootstrapServiceCidrMissing.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not fire when the script looks the cluster up itself (no endpoint and CA pair)', () => {
    // Prepare
    const inventory = anInventoryWithSite(
      { userData: bootstrapUserDataWith({}, {}) },
      { clusters: [CUSTOM] },
    );

    // Act
    const hits = bootstrapServiceCidrMissing.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not fire on a managed node group on an EKS amiType, whose bootstrap EKS writes', () => {
    // Prepare
    const inventory = anInventory({
      clusters: [CUSTOM],
      nodeSources: [
        aManagedWindowsSource({
          sites: [
            aLaunchTemplateSite({ userData: bootstrapUserDataWith(endpointAndCaOf(CUSTOM), {}) }),
          ],
        }),
      ],
    });

    // Act
    const hits = bootstrapServiceCidrMissing.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not fire when the cluster uses the default the script picks', () => {
    // Prepare
    const cluster = aCluster({ serviceIpv4Cidr: '172.20.0.0/16', vpcIpv4Cidrs: ['10.0.0.0/16'] });
    const inventory = anInventoryWithSite(
      { userData: bootstrapUserDataWith(endpointAndCaOf(cluster), {}) },
      { clusters: [cluster] },
    );

    // Act
    const hits = bootstrapServiceCidrMissing.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });
});
