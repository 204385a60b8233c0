import { describe, expect, it } from 'vitest';
import {
  anInventoryWithSite,
  ruleInput,
  userDataParsedFrom,
} from '../../../test/builders/inventory.ts';
import { parseBootstrapCall } from '../../decode/parse-bootstrap-call.ts';
import { bootstrapParameterRepeated } from './bootstrap-parameter-repeated.ts';

const SCRIPT = '& "$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1"';

describe('Rule: bootstrap-parameter-repeated', () => {
  it.each([
    [
      'a template appending -EKSClusterName to a call that has it',
      `${SCRIPT} -EKSClusterName prod -EKSClusterName prod 3>&1 4>&1`,
      ['EKSClusterName'],
    ],
    [
      'two -KubeletExtraArgs',
      `${SCRIPT} -EKSClusterName prod -KubeletExtraArgs '--max-pods=50' -KubeletExtraArgs "--node-labels=os=windows"`,
      ['KubeletExtraArgs'],
    ],
    [
      'a name and its abbreviation',
      `${SCRIPT} -EKSClusterName prod -DNS 172.20.0.10 -DNSClusterIP 172.20.0.10`,
      ['DNSClusterIP'],
    ],
    [
      'a splatted hashtable and a name',
      `$p = @{ EKSClusterName = 'prod'; KubeletExtraArgs = '--v=2' }\n${SCRIPT} @p -KubeletExtraArgs '--max-pods=20'`,
      ['KubeletExtraArgs'],
    ],
  ])('fires on %s, naming the parameter', (_, script, repeated) => {
    // Prepare
    const inventory = anInventoryWithSite({ userData: userDataParsedFrom(script) });

    // Act
    const hits = bootstrapParameterRepeated.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        evidence: { repeatedParameters: repeated },
        detail: expect.stringContaining(`-${repeated[0]} more than once`),
      }),
    ]);
  });

  it('keeps the first value for the other rules to judge', () => {
    // Act
    const call = parseBootstrapCall(`${SCRIPT} -EKSClusterName prod -EKSClusterName other`);

    // Assess
    expect(call?.args.EKSClusterName).toEqual({ kind: 'literal', value: 'prod' });
    expect(call?.repeatedParameters).toEqual(['EKSClusterName']);
  });

  it('stays quiet when every parameter is given once, by name or by position', () => {
    // Prepare
    const inventory = anInventoryWithSite({
      userData: userDataParsedFrom(
        `${SCRIPT} prod -KubeletExtraArgs '--max-pods=50' -ContainerRuntime containerd`,
      ),
    });

    // Act and assess
    expect(bootstrapParameterRepeated.evaluate(ruleInput(inventory))).toEqual([]);
  });
});
