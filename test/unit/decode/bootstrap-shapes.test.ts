import { describe, expect, it } from 'vitest';
import type { UserDataAnalysis } from '../../../src/decode/types.ts';
import { bootstrapOf, decodedAnalysis, decodeText, fixture } from './user-data-fixtures.ts';

const ENDPOINT = 'https://0123456789ABCDEF0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com';
const CA =
  'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCmZha2UtY2x1c3Rlci1jYQotLS0tLUVORCBDRVJUSUZJQ0FURS0tLS0tCg==';

function decodeFixture(name: string): UserDataAnalysis {
  return decodeText(fixture(name));
}

describe('Function: decodeUserData, with the user data real tools write', () => {
  it('parses every argument of the eksctl Windows user data', () => {
    // Act
    const analysis = decodeFixture('eksctl.txt');

    // Assess
    expect(analysis).toEqual({
      status: 'decoded',
      gzip: false,
      mime: false,
      powershell: true,
      bootstrap: {
        args: {
          EKSClusterName: { kind: 'literal', value: 'prod' },
          APIServerEndpoint: { kind: 'literal', value: ENDPOINT },
          Base64ClusterCA: { kind: 'literal', value: CA },
          DNSClusterIP: { kind: 'literal', value: '172.20.0.10' },
          ContainerRuntime: { kind: 'literal', value: 'containerd' },
          KubeletExtraArgs: {
            kind: 'literal',
            value:
              '--node-labels=alpha.eksctl.io/cluster-name=prod,alpha.eksctl.io/nodegroup-name=win-ng --register-with-taints=os=windows:NoSchedule',
          },
        },
        unknownParameters: [],
      },
    });
  });

  it('finds the Karpenter call after the custom user data, in the one section Karpenter writes', () => {
    // Act
    const bootstrap = bootstrapOf(decodeFixture('karpenter.txt'));

    // Assess
    expect(bootstrap).toEqual({
      args: {
        EKSClusterName: { kind: 'literal', value: 'prod' },
        APIServerEndpoint: { kind: 'literal', value: ENDPOINT },
        Base64ClusterCA: { kind: 'literal', value: CA },
        KubeletExtraArgs: {
          kind: 'literal',
          value:
            '--node-labels="karpenter.sh/capacity-type=on-demand,karpenter.sh/nodepool=windows2022" --max-pods=110',
        },
        DNSClusterIP: { kind: 'literal', value: '10.100.0.10' },
      },
      unknownParameters: [],
    });
  });

  it('follows the script path of terraform-aws-eks through two variables and reads unquoted values', () => {
    // Act
    const bootstrap = bootstrapOf(decodeFixture('terraform-aws-eks.txt'));

    // Assess
    expect(bootstrap?.args).toEqual({
      EKSClusterName: { kind: 'literal', value: 'prod' },
      APIServerEndpoint: { kind: 'literal', value: ENDPOINT },
      Base64ClusterCA: { kind: 'literal', value: CA },
      KubeletExtraArgs: { kind: 'literal', value: '--node-labels=team=platform' },
      ServiceCIDR: { kind: 'literal', value: '172.20.0.0/16' },
    });
  });

  it('reads the CloudFormation sample and ignores the cfn-signal call after it', () => {
    // Act
    const bootstrap = bootstrapOf(decodeFixture('cloudformation-sample.txt'));

    // Assess
    expect(bootstrap).toEqual({
      args: {
        EKSClusterName: { kind: 'literal', value: 'prod' },
        KubeletExtraArgs: { kind: 'literal', value: '--node-labels=nodegroup=windows' },
      },
      unknownParameters: [],
    });
  });

  it('recognises the literal path in single quotes after the call operator', () => {
    // Act
    const bootstrap = bootstrapOf(decodeFixture('literal-path-single-quoted.txt'));

    // Assess
    expect(bootstrap?.args).toEqual({ EKSClusterName: { kind: 'literal', value: 'prod' } });
  });

  it('recognises a double-quoted path built from $env:ProgramFiles', () => {
    // Act
    const bootstrap = bootstrapOf(decodeFixture('literal-path-env-variable.txt'));

    // Assess
    expect(bootstrap?.args).toEqual({
      EKSClusterName: { kind: 'literal', value: 'prod' },
      ContainerRuntime: { kind: 'literal', value: 'containerd' },
    });
  });

  it('recognises an unquoted path without the call operator', () => {
    // Act
    const bootstrap = bootstrapOf(decodeFixture('literal-path-bare.txt'));

    // Assess
    expect(bootstrap?.args).toEqual({
      EKSClusterName: { kind: 'literal', value: 'prod' },
      DNSClusterIP: { kind: 'literal', value: '172.20.0.10' },
    });
  });

  it('resolves variables, arrays and continuations, skips commented-out calls, and marks what it cannot know', () => {
    // Act
    const bootstrap = bootstrapOf(decodeFixture('variables-and-continuations.txt'));

    // Assess
    expect(bootstrap).toEqual({
      args: {
        EKSClusterName: { kind: 'literal', value: 'prod' },
        KubeletExtraArgs: { kind: 'literal', value: '--node-labels=environment=production' },
        ExcludedSnatCIDRs: { kind: 'list', values: ['10.0.0.0/8', '192.168.0.0/16'] },
        ContainerRuntime: { kind: 'unresolved', variable: 'Runtime' },
        Base64ClusterCA: { kind: 'unresolved' },
      },
      unknownParameters: [],
    });
  });

  it('binds the entries of a splatted hashtable next to named arguments', () => {
    // Act
    const bootstrap = bootstrapOf(decodeFixture('splatting.txt'));

    // Assess
    expect(bootstrap).toEqual({
      args: {
        EKSClusterName: { kind: 'literal', value: 'prod' },
        APIServerEndpoint: { kind: 'literal', value: ENDPOINT },
        ServiceCIDR: { kind: 'literal', value: '10.100.0.0/16' },
        ExcludedSnatCIDRs: { kind: 'list', values: ['10.0.0.0/8', '172.16.0.0/12'] },
        DNSClusterIP: { kind: 'literal', value: '10.100.0.10' },
      },
      unknownParameters: [],
    });
  });

  it('reads the PowerShell task of EC2Launch v2 YAML user data', () => {
    // Act
    const analysis = decodeFixture('ec2launch-v2.yaml');

    // Assess
    expect(analysis).toMatchObject({ status: 'decoded', powershell: true });
    expect(bootstrapOf(analysis)?.args).toEqual({
      EKSClusterName: { kind: 'literal', value: 'prod' },
      ContainerRuntime: { kind: 'literal', value: 'containerd' },
    });
  });

  it('finds a call through powershell.exe -File in a batch section', () => {
    // Act
    const analysis = decodeFixture('batch-script.txt');

    // Assess
    expect(analysis).toMatchObject({ status: 'decoded', powershell: true });
    expect(bootstrapOf(analysis)?.args).toEqual({
      EKSClusterName: { kind: 'literal', value: 'prod' },
      ContainerRuntime: { kind: 'literal', value: 'containerd' },
    });
  });

  it('finds no call in managed node group preparation that only names the script in text', () => {
    // Act
    const analysis = decodeFixture('managed-node-group-preparation.txt');

    // Assess
    expect(analysis).toEqual({ ...decodedAnalysis(), bootstrapScriptNamed: true });
  });

  it('reports a Linux shell script as decoded, without PowerShell or a bootstrap call', () => {
    // Act
    const analysis = decodeFixture('linux-shell.txt');

    // Assess
    expect(analysis).toEqual(decodedAnalysis({ powershell: false }));
  });
});
