import { describe, expect, it } from 'vitest';
import {
  aCluster,
  anInventory,
  anInventoryBootstrapping,
  literal,
  ruleInput,
  unresolved,
} from '../../../test/builders/inventory.ts';
import { bootstrapEndpointCaIncomplete } from './bootstrap-endpoint-ca-incomplete.ts';

const { endpoint = '', certificateAuthority = '' } = aCluster();

describe('Rule: bootstrap-endpoint-ca-incomplete', () => {
  it('fires when the endpoint is given without the CA', () => {
    // Prepare
    const inventory = anInventoryBootstrapping({ APIServerEndpoint: literal(endpoint) });

    // Act
    const hits = bootstrapEndpointCaIncomplete.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        evidence: { givenArgument: 'APIServerEndpoint', missingArgument: 'Base64ClusterCA' },
      }),
    ]);
  });

  it('fires when the CA is given and the endpoint is an empty string', () => {
    // Prepare
    const inventory = anInventoryBootstrapping({
      APIServerEndpoint: literal(''),
      Base64ClusterCA: literal(certificateAuthority),
    });

    // Act
    const hits = bootstrapEndpointCaIncomplete.evaluate(ruleInput(inventory));

    // Assess
    expect(hits[0]?.evidence).toEqual({
      givenArgument: 'Base64ClusterCA',
      missingArgument: 'APIServerEndpoint',
    });
  });

  it('does not fire when both are given', () => {
    // Prepare
    const inventory = anInventoryBootstrapping({
      APIServerEndpoint: literal(endpoint),
      Base64ClusterCA: literal(certificateAuthority),
    });

    // Act
    const hits = bootstrapEndpointCaIncomplete.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not fire when neither is given', () => {
    // Act
    const hits = bootstrapEndpointCaIncomplete.evaluate(ruleInput(anInventory()));

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not fire when the other argument comes from a variable it cannot resolve', () => {
    // Prepare
    const inventory = anInventoryBootstrapping({
      APIServerEndpoint: literal(endpoint),
      Base64ClusterCA: unresolved('B64ClusterCA'),
    });

    // Act
    const hits = bootstrapEndpointCaIncomplete.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not fire when the only argument given is unresolved, since it may be empty', () => {
    // Prepare
    const inventory = anInventoryBootstrapping({ APIServerEndpoint: unresolved('ApiServer') });

    // Act
    const hits = bootstrapEndpointCaIncomplete.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });
});
