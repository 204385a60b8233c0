import { describe, expect, it } from 'vitest';
import {
  anInventoryWithSite,
  ruleInput,
  userDataParsedFrom,
} from '../../../test/builders/inventory.ts';
import { bootstrapParameterValueMissing } from './bootstrap-parameter-value-missing.ts';

/** The call as terraform-aws-eks's windows_user_data.tpl writes it, up to the arguments. */
const TEMPLATE_CALL =
  '[string]$EKSBootstrapScriptFile = "$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1"\n& $EKSBootstrapScriptFile';
const ENDPOINT = 'https://ABCDEF0123456789.gr7.us-west-2.eks.amazonaws.com';

describe('Rule: bootstrap-parameter-value-missing', () => {
  it.each([
    [
      'an endpoint and a CA rendered from empty variables, before other arguments',
      `${TEMPLATE_CALL} -EKSClusterName prod -APIServerEndpoint  -Base64ClusterCA  -KubeletExtraArgs "--max-pods=20" 3>&1 4>&1 5>&1 6>&1`,
      ['APIServerEndpoint', 'Base64ClusterCA'],
    ],
    [
      'the last parameter, followed only by a redirection',
      `${TEMPLATE_CALL} -EKSClusterName prod -APIServerEndpoint ${ENDPOINT} -Base64ClusterCA  3>&1`,
      ['Base64ClusterCA'],
    ],
    [
      'a cluster name rendered from an empty variable',
      `${TEMPLATE_CALL} -EKSClusterName  3>&1`,
      ['EKSClusterName'],
    ],
  ])('fires on %s, naming the parameters', (_, script, parameters) => {
    // Prepare
    const inventory = anInventoryWithSite({ userData: userDataParsedFrom(script) });

    // Act
    const hits = bootstrapParameterValueMissing.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        evidence: { parametersWithoutValue: parameters },
        detail: expect.stringContaining(
          `names ${parameters.map((name) => `-${name}`).join(', ')} without a value`,
        ),
      }),
    ]);
    expect(hits[0]?.detail).toContain('PowerShell rejects the call');
  });

  it.each([
    [
      'a complete call',
      `${TEMPLATE_CALL} -EKSClusterName prod -APIServerEndpoint ${ENDPOINT} 3>&1`,
    ],
    ['-Verbose, a switch', `${TEMPLATE_CALL} -EKSClusterName prod -Verbose 3>&1`],
    [
      'a splatted hashtable',
      `$BootstrapArgs = @{ EKSClusterName = 'prod'; APIServerEndpoint = '' }\n${TEMPLATE_CALL} @BootstrapArgs`,
    ],
    ['an empty string, which is a value other rules judge', `${TEMPLATE_CALL} -EKSClusterName ''`],
  ])('stays quiet on %s', (_, script) => {
    // Prepare
    const inventory = anInventoryWithSite({ userData: userDataParsedFrom(script) });

    // Act and assess
    expect(bootstrapParameterValueMissing.evaluate(ruleInput(inventory))).toEqual([]);
  });
});
