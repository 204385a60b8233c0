import { describe, expect, it } from 'vitest';
import {
  aCluster,
  anInventoryBootstrapping,
  literal,
  ruleInput,
  unresolved,
} from '../../../test/builders/inventory.ts';
import {
  bootstrapEndpointMismatch,
  normaliseEndpoint,
  quotableEndpoint,
} from './bootstrap-endpoint-mismatch.ts';

const { endpoint = '', certificateAuthority = '' } = aCluster();

describe('Rule: bootstrap-endpoint-mismatch', () => {
  it('fires on an endpoint of another cluster and shows both endpoints', () => {
    // Prepare
    const other = 'https://0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com';
    const inventory = anInventoryBootstrapping({
      APIServerEndpoint: literal(other),
      Base64ClusterCA: literal(certificateAuthority),
    });

    // Act
    const hits = bootstrapEndpointMismatch.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        evidence: {
          mismatchedArguments: ['APIServerEndpoint'],
          bootstrapEndpoint: other,
          clusterEndpoint: endpoint,
        },
      }),
    ]);
  });

  it.each([
    ['a word caught from the next statement', 'Sup3rSecretPassw0rd'],
    ['a URL with credentials', 'https://admin:Sup3rSecretPassw0rd@api.example.com'],
    ['a URL with a query', 'https://api.example.com/?token=Sup3rSecretPassw0rd'],
    ['text over several lines', 'api.example.com\nSup3rSecretPassw0rd'],
  ])('fires on %s without quoting it', (_shape, value) => {
    // Prepare
    const inventory = anInventoryBootstrapping({
      APIServerEndpoint: literal(value),
      Base64ClusterCA: literal(certificateAuthority),
    });

    // Act
    const hits = bootstrapEndpointMismatch.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        evidence: {
          mismatchedArguments: ['APIServerEndpoint'],
          bootstrapEndpointIsUrl: false,
          clusterEndpoint: endpoint,
        },
      }),
    ]);
    expect(JSON.stringify(hits).toLowerCase()).not.toContain('sup3rsecretpassw0rd');
  });

  it('fires on a different CA without copying it into the finding', () => {
    // Prepare
    const otherCa = 'TUlJQy9qQ0NBZWFnQXdJQkFnSUJBREFOQmdrcWhraUc5dzBPVEhFUg==';
    const inventory = anInventoryBootstrapping({
      APIServerEndpoint: literal(endpoint),
      Base64ClusterCA: literal(otherCa),
    });

    // Act
    const hits = bootstrapEndpointMismatch.evaluate(ruleInput(inventory));

    // Assess
    expect(hits[0]?.evidence).toEqual({ mismatchedArguments: ['Base64ClusterCA'] });
    expect(JSON.stringify(hits)).not.toContain(otherCa);
    expect(JSON.stringify(hits)).not.toContain(certificateAuthority);
  });

  it('ignores host case, a trailing slash and whitespace inside the CA', () => {
    // Prepare
    const spacedCa = `${certificateAuthority.slice(0, 20)}\n  ${certificateAuthority.slice(20)}`;
    const inventory = anInventoryBootstrapping({
      APIServerEndpoint: literal(`${endpoint.toLowerCase()}/`),
      Base64ClusterCA: literal(spacedCa),
    });

    // Act
    const hits = bootstrapEndpointMismatch.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not fire when the values come from variables it cannot resolve', () => {
    // Prepare
    const inventory = anInventoryBootstrapping({
      APIServerEndpoint: unresolved('ApiServerEndpoint'),
      Base64ClusterCA: unresolved('B64ClusterCA'),
    });

    // Act
    const hits = bootstrapEndpointMismatch.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it.each([
    [
      'an endpoint alone, as Karpenter writes it without a CA',
      { APIServerEndpoint: literal('https://0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com') },
    ],
    ['a CA alone', { Base64ClusterCA: literal('b3RoZXI=') }],
    [
      'an endpoint with an empty CA',
      { APIServerEndpoint: literal('https://elsewhere.example.com'), Base64ClusterCA: literal('') },
    ],
    [
      'an endpoint with a CA it cannot resolve',
      {
        APIServerEndpoint: literal('https://elsewhere.example.com'),
        Base64ClusterCA: unresolved('CA'),
      },
    ],
  ])('does not fire on %s, which the script throws away for its own lookup', (_shape, args) => {
    // Prepare
    const inventory = anInventoryBootstrapping(args);

    // Act
    const hits = bootstrapEndpointMismatch.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not fire when DescribeCluster data for the cluster is missing', () => {
    // Prepare
    const inventory = anInventoryBootstrapping(
      {
        APIServerEndpoint: literal('https://elsewhere.example.com'),
        Base64ClusterCA: literal('b3RoZXI='),
      },
      { clusters: [] },
    );

    // Act
    const hits = bootstrapEndpointMismatch.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });
});

describe('Function: normaliseEndpoint', () => {
  it('reads a host without a scheme as https and drops the default port', () => {
    // Act
    const bare = normaliseEndpoint('ABC.gr7.us-west-2.eks.amazonaws.com');
    const full = normaliseEndpoint('https://abc.gr7.us-west-2.eks.amazonaws.com:443/');

    // Assess
    expect(bare).toBe(full);
  });

  it('keeps a different scheme different', () => {
    // Act
    const plain = normaliseEndpoint('http://abc.eks.amazonaws.com');

    // Assess
    expect(plain).not.toBe(normaliseEndpoint('https://abc.eks.amazonaws.com'));
  });
});

describe('Function: quotableEndpoint', () => {
  const HOST = '0123456789ABCDEF0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com';

  it.each([
    [`https://${HOST}`, `https://${HOST}`],
    [` https://${HOST}/ `, `https://${HOST}`],
    [
      'https://abcdef.yl4.cn-north-1.eks.amazonaws.com.cn',
      'https://abcdef.yl4.cn-north-1.eks.amazonaws.com.cn',
    ],
  ])('quotes %j as %j: an EKS endpoint and nothing after its host', (value, quoted) => {
    // Act & assess
    expect(quotableEndpoint(value)).toBe(quoted);
  });

  it.each([
    ['a password with a dot', 'Sup3r.Secret'],
    ['a token in the path', `https://${HOST}/Sup3rSecret`],
    ['a token after a semicolon', `https://${HOST};Sup3rSecret`],
    ['a token after a backslash', `https://${HOST}\\Sup3rSecret`],
    ['a percent-encoded token', `https://${HOST}%2FSup3rSecret`],
    ['credentials', `https://admin:Sup3rSecret@${HOST}`],
    ['a port', `https://${HOST}:8443`],
    ['plain http', `http://${HOST}`],
    ['a host that is no EKS endpoint', 'https://api.example.com'],
    ['no scheme', HOST],
  ])('does not quote %s', (_shape, value) => {
    // Act & assess
    expect(quotableEndpoint(value)).toBeUndefined();
  });
});
