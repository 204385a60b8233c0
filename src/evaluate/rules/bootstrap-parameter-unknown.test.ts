import { describe, expect, it } from 'vitest';
import {
  anInventory,
  anInventoryWithSite,
  ruleInput,
  userDataParsedFrom,
} from '../../../test/builders/inventory.ts';
import { bootstrapParameterUnknown } from './bootstrap-parameter-unknown.ts';

const EKSCTL_STYLE =
  '[string]$EKSBootstrapScriptFile = "$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1"\n& $EKSBootstrapScriptFile -EKSClusterName "prod"';

describe('Rule: bootstrap-parameter-unknown', () => {
  it('fires on -ProgressAction, which Windows PowerShell 5.1 does not have, and says why', () => {
    // Prepare
    const inventory = anInventoryWithSite({
      userData: userDataParsedFrom(
        `${EKSCTL_STYLE} -ProgressAction SilentlyContinue 3>&1 4>&1 5>&1 6>&1`,
      ),
    });

    // Act
    const hits = bootstrapParameterUnknown.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        evidence: { unknownParameterCount: 1, unknownParameters: ['ProgressAction'] },
        detail: expect.stringContaining('only from PowerShell 7.4'),
      }),
    ]);
  });

  it('quotes a misspelt parameter of the script', () => {
    // Prepare
    const inventory = anInventoryWithSite({
      userData: userDataParsedFrom(
        `${EKSCTL_STYLE} -KubeletExtraArg "--max-pods=20" -ContainerRuntme containerd`,
      ),
    });

    // Act
    const hits = bootstrapParameterUnknown.evaluate(ruleInput(inventory));

    // Assess: -KubeletExtraArg is a unique prefix of -KubeletExtraArgs and binds; the other fails.
    expect(hits[0]?.evidence).toEqual({
      unknownParameterCount: 1,
      unknownParameters: ['ContainerRuntme'],
    });
  });

  it('counts but never quotes a name that is no near miss, which may be a secret', () => {
    // Prepare: a stray continuation makes the next line's words part of the call.
    const inventory = anInventoryWithSite({
      userData: userDataParsedFrom(
        `${EKSCTL_STYLE} \`\nnet user Administrator -Hunter2Hunter2Hunter2`,
      ),
    });

    // Act
    const hits = bootstrapParameterUnknown.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toHaveLength(1);
    expect(hits[0]?.evidence).toEqual({ unknownParameterCount: 1, unknownParameters: [] });
    expect(JSON.stringify(hits)).not.toContain('Hunter2');
  });

  it('fires on an abbreviation that matches two parameters, and says it is ambiguous', () => {
    // Prepare: -Kube could be -KubeletExtraArgs or -KubeProxyExtraArgs.
    const inventory = anInventoryWithSite({
      userData: userDataParsedFrom(`${EKSCTL_STYLE} -Kube "--v=2"`),
    });

    // Act
    const hits = bootstrapParameterUnknown.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        evidence: {
          unknownParameterCount: 1,
          unknownParameters: [],
          ambiguousParameters: ['Kube'],
        },
        detail: expect.stringContaining(
          'passes the abbreviation -Kube, which could mean -KubeletExtraArgs or -KubeProxyExtraArgs; PowerShell rejects the call.',
        ),
      }),
    ]);
    expect(hits[0]?.detail).not.toContain('does not declare');
  });

  it('tells an undeclared name from an ambiguous abbreviation in one call', () => {
    // Prepare
    const inventory = anInventoryWithSite({
      userData: userDataParsedFrom(`${EKSCTL_STYLE} -E prod -ContainerRuntme containerd`),
    });

    // Act
    const hits = bootstrapParameterUnknown.evaluate(ruleInput(inventory));

    // Assess
    expect(hits[0]?.evidence).toEqual({
      unknownParameterCount: 2,
      unknownParameters: ['ContainerRuntme'],
      ambiguousParameters: ['E'],
    });
    expect(hits[0]?.detail).toMatch(
      /passes a parameter Start-EKSBootstrap\.ps1 does not declare \(-ContainerRuntme\), and the abbreviation -E, which could mean -EKSClusterName or -Endpoint or -ExcludedSnatCIDRs or -ErrorAction or -ErrorVariable;/,
    );
  });

  it('does not fire on a call with declared and common parameters only', () => {
    // Prepare
    const inventory = anInventoryWithSite({
      userData: userDataParsedFrom(
        `${EKSCTL_STYLE} -Verbose -ErrorAction Stop -Endpoint https://eks.us-west-2.amazonaws.com`,
      ),
    });

    // Act
    const hits = bootstrapParameterUnknown.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
    expect(bootstrapParameterUnknown.evaluate(ruleInput(anInventory()))).toEqual([]);
  });
});
