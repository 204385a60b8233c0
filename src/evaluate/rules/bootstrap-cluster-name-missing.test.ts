import { describe, expect, it } from 'vitest';
import {
  anInventory,
  anInventoryWithSite,
  decodedUserData,
  literal,
  ruleInput,
  unresolved,
  userDataWithoutBootstrap,
} from '../../../test/builders/inventory.ts';
import { parseBootstrapCall } from '../../decode/parse-bootstrap-call.ts';
import { bootstrapClusterNameMissing } from './bootstrap-cluster-name-missing.ts';
import { bootstrapCallSnippet } from './fix-snippets.ts';

describe('Rule: bootstrap-cluster-name-missing', () => {
  it('fires on a call the parser read without -EKSClusterName, giving the line to write', () => {
    // Prepare: an AWS-sample-style call that lost its first argument in an edit.
    const call = parseBootstrapCall(
      '[string]$EKSBootstrapScriptFile = "$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1"\n' +
        '& $EKSBootstrapScriptFile -ExcludedSnatCIDRs "10.0.0.0/8" -DNSClusterIP "172.20.0.10" 3>&1 4>&1 5>&1 6>&1',
    );
    const inventory = anInventoryWithSite({ userData: decodedUserData(call?.args ?? {}) });

    // Act
    const hits = bootstrapClusterNameMissing.evaluate(ruleInput(inventory));

    // Assess
    expect(call).toBeDefined();
    expect(hits).toEqual([
      expect.objectContaining({
        resource: expect.objectContaining({ id: 'lt-0123456789abcdef0' }),
        evidence: { missingArgument: 'EKSClusterName' },
        detail: expect.stringContaining(bootstrapCallSnippet('prod')),
      }),
    ]);
  });

  it.each([
    ['named', literal('prod')],
    ['from a variable it cannot resolve', unresolved('ClusterName')],
  ])('does not fire when the name is %s', (_how, value) => {
    // Prepare
    const inventory = anInventoryWithSite({ userData: decodedUserData({ EKSClusterName: value }) });

    // Act
    const hits = bootstrapClusterNameMissing.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it('reads a first positional argument as the cluster name, as PowerShell binds it', () => {
    // Prepare
    const call = parseBootstrapCall(
      '& "C:\\Program Files\\Amazon\\EKS\\Start-EKSBootstrap.ps1" prod -ContainerRuntime containerd',
    );
    const inventory = anInventoryWithSite({ userData: decodedUserData(call?.args ?? {}) });

    // Act
    const hits = bootstrapClusterNameMissing.evaluate(ruleInput(inventory));

    // Assess
    expect(call?.args.EKSClusterName).toEqual({ ...literal('prod'), byPosition: true });
    expect(hits).toEqual([]);
  });

  it('leaves user data without any call to bootstrap-missing', () => {
    // Prepare
    const inventory = anInventoryWithSite({ userData: userDataWithoutBootstrap() });

    // Act
    const hits = bootstrapClusterNameMissing.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
    expect(bootstrapClusterNameMissing.evaluate(ruleInput(anInventory()))).toEqual([]);
  });
});
