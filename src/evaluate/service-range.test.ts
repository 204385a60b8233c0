import { describe, expect, it } from 'vitest';
import { aCluster, endpointAndCaOf, literal, unresolved } from '../../test/builders/inventory.ts';
import type { BootstrapCall } from '../decode/types.ts';
import { formatIpv4Cidr } from './ipv4.ts';
import { scriptDefaultServiceRanges, serviceRangeInForce } from './service-range.ts';

function call(
  args: BootstrapCall['args'],
  settings: Pick<BootstrapCall, 'machineEnvironment' | 'presetsEksCluster'> = {},
): BootstrapCall {
  return { args: { EKSClusterName: literal('prod'), ...args }, unknownParameters: [], ...settings };
}

function summary(range: ReturnType<typeof serviceRangeInForce>) {
  return range && { basis: range.basis, cidrs: range.candidates.map(formatIpv4Cidr) };
}

const CUSTOM = aCluster({ serviceIpv4Cidr: '192.168.128.0/20', vpcIpv4Cidrs: ['10.0.0.0/16'] });

describe('Function: serviceRangeInForce', () => {
  it('takes -ServiceCIDR first, over the machine variable', () => {
    // Act
    const range = serviceRangeInForce(
      call(
        { ServiceCIDR: literal('10.50.0.0/16') },
        { machineEnvironment: { SERVICE_IPV4_CIDR: literal('10.60.0.0/16') } },
      ),
      CUSTOM,
    );

    // Assess
    expect(summary(range)).toEqual({ basis: 'bootstrap', cidrs: ['10.50.0.0/16'] });
  });

  it('takes SERVICE_IPV4_CIDR when -ServiceCIDR is absent or empty', () => {
    // Act
    const range = serviceRangeInForce(
      call(
        { ServiceCIDR: literal(' '), ...endpointAndCaOf() },
        { machineEnvironment: { SERVICE_IPV4_CIDR: literal('10.60.0.0/16') } },
      ),
      CUSTOM,
    );

    // Assess
    expect(summary(range)).toEqual({ basis: 'environment', cidrs: ['10.60.0.0/16'] });
  });

  it("takes the cluster's range when the script looks the cluster up itself", () => {
    // Act
    const withoutPair = serviceRangeInForce(call({}), CUSTOM);
    const withLoneEndpoint = serviceRangeInForce(
      call({ APIServerEndpoint: literal('https://x.eks.amazonaws.com') }),
      CUSTOM,
    );
    const withPreset = serviceRangeInForce(
      call(endpointAndCaOf(), { presetsEksCluster: true }),
      CUSTOM,
    );

    // Assess
    for (const range of [withoutPair, withLoneEndpoint, withPreset]) {
      expect(summary(range)).toEqual({ basis: 'cluster', cidrs: ['192.168.128.0/20'] });
    }
  });

  it("takes the script's default for the VPC when the endpoint and CA pair skips the lookup", () => {
    // Act
    const tenVpc = serviceRangeInForce(call(endpointAndCaOf()), CUSTOM);
    const otherVpc = serviceRangeInForce(
      call(endpointAndCaOf()),
      aCluster({ vpcIpv4Cidrs: ['192.168.0.0/16', '100.64.0.0/16'] }),
    );

    // Assess
    expect(summary(tenVpc)).toEqual({ basis: 'script-default', cidrs: ['172.20.0.0/16'] });
    expect(summary(otherVpc)).toEqual({ basis: 'script-default', cidrs: ['10.100.0.0/16'] });
  });

  it('is unknown when a value on the way is unresolved', () => {
    // Act
    const ranges = [
      serviceRangeInForce(call({ ServiceCIDR: unresolved('Cidr') }), CUSTOM),
      serviceRangeInForce(
        call({}, { machineEnvironment: { SERVICE_IPV4_CIDR: unresolved('Cidr') } }),
        CUSTOM,
      ),
      serviceRangeInForce(
        call({ APIServerEndpoint: literal('https://x'), Base64ClusterCA: unresolved('Ca') }),
        CUSTOM,
      ),
    ];

    // Assess
    expect(ranges).toEqual([undefined, undefined, undefined]);
  });

  it('keeps a written value that is no CIDR, with no candidates', () => {
    // Act
    const range = serviceRangeInForce(call({ ServiceCIDR: literal('10.100.0.0') }), CUSTOM);

    // Assess
    expect(range).toEqual({ basis: 'bootstrap', candidates: [], written: '10.100.0.0' });
  });
});

describe('Function: scriptDefaultServiceRanges', () => {
  it.each([
    [['10.0.0.0/16'], ['172.20.0.0/16']],
    [['192.168.0.0/16', '10.1.0.0/16'], ['172.20.0.0/16']],
    [['172.31.0.0/16'], ['10.100.0.0/16']],
    [undefined, ['172.20.0.0/16', '10.100.0.0/16']],
    [[], ['172.20.0.0/16', '10.100.0.0/16']],
  ])('picks from VPC blocks %j: %j', (blocks, expected) => {
    // Act
    const ranges = scriptDefaultServiceRanges(blocks).map(formatIpv4Cidr);

    // Assess
    expect(ranges).toEqual(expected);
  });
});
