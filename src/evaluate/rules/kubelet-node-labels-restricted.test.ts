import { describe, expect, it } from 'vitest';
import {
  anInventory,
  anInventoryWithSite,
  ruleInput,
  userDataParsedFrom,
} from '../../../test/builders/inventory.ts';
import {
  isRestrictedNodeLabel,
  kubeletNodeLabelsRestricted,
  nodeLabelKeys,
} from './kubelet-node-labels-restricted.ts';

const CALL = '& "$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1" -EKSClusterName prod';

function hitsFor(script: string) {
  const inventory = anInventoryWithSite({ userData: userDataParsedFrom(script) });
  return kubeletNodeLabelsRestricted.evaluate(ruleInput(inventory));
}

describe('Rule: kubelet-node-labels-restricted', () => {
  it('fires on a node-role label, naming it and not its value', () => {
    // Act
    const hits = hitsFor(
      `${CALL} -KubeletExtraArgs '--node-labels=node-role.kubernetes.io/worker=s3cr3tvalue,team=payments --max-pods=30'`,
    );

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        evidence: {
          restrictedLabelCount: 1,
          restrictedLabels: ['node-role.kubernetes.io/worker'],
        },
        detail: expect.stringContaining(
          'passes --node-labels with a node label a kubelet may not set (node-role.kubernetes.io/worker); the kubelet refuses to start.',
        ),
      }),
    ]);
    expect(JSON.stringify(hits)).not.toContain('s3cr3tvalue');
  });

  it('reads a quoted value given as the next word, and counts each label once', () => {
    // Act
    const hits = hitsFor(
      `${CALL} -KubeletExtraArgs '--node-labels "app.kubernetes.io/name=web,example.k8s.io/x=1,app.kubernetes.io/name=web"'`,
    );

    // Assess
    expect(hits[0]?.evidence).toEqual({
      restrictedLabelCount: 2,
      restrictedLabels: ['app.kubernetes.io/name', 'example.k8s.io/x'],
    });
  });

  it('does not fire on the labels a kubelet may set, or on labels of other namespaces', () => {
    // Act: eksctl's and Karpenter's own labels, and the allowed kubernetes.io ones.
    const hits = hitsFor(
      `${CALL} -KubeletExtraArgs '--node-labels=alpha.eksctl.io/nodegroup-name=win,karpenter.sh/nodepool=default,node.kubernetes.io/lifecycle=spot,kubernetes.io/os=windows,topology.kubernetes.io/zone=us-east-1a,eks.amazonaws.com/capacityType=ON_DEMAND role=worker'`,
    );

    // Assess
    expect(hits).toEqual([]);
    expect(kubeletNodeLabelsRestricted.evaluate(ruleInput(anInventory()))).toEqual([]);
  });

  it('fires on --node_labels, which the kubelet reads as --node-labels', () => {
    // Act
    const hits = hitsFor(`${CALL} -KubeletExtraArgs '--node_labels=kubernetes.io/role=worker'`);

    // Assess
    expect(hits[0]?.evidence).toEqual({
      restrictedLabelCount: 1,
      restrictedLabels: ['kubernetes.io/role'],
    });
  });

  it('judges but never quotes a value bound by position', () => {
    // Prepare: the second positional argument binds to -KubeletExtraArgs.
    const hits = hitsFor(
      `${CALL.replace(' -EKSClusterName prod', '')} prod --node-labels=node-role.kubernetes.io/w=1`,
    );

    // Assess
    expect(hits).toHaveLength(1);
    expect(hits[0]?.evidence).toEqual({ restrictedLabelCount: 1, restrictedLabels: [] });
    expect(JSON.stringify(hits)).not.toContain('node-role');
  });

  it('judges but never quotes a value given through an abbreviated name', () => {
    // Prepare: another command's -Kubelet flag after a stray line continuation binds to
    // -KubeletExtraArgs.
    const hits = hitsFor(
      `${CALL} \`\nregister-agent -Kubelet --node-labels=node-role.kubernetes.io/t48291736=1`,
    );

    // Assess
    expect(hits).toHaveLength(1);
    expect(hits[0]?.evidence).toEqual({ restrictedLabelCount: 1, restrictedLabels: [] });
    expect(JSON.stringify(hits)).not.toContain('48291736');
  });
});

describe('Rule: kubelet-node-labels-restricted, around variables the script cannot read', () => {
  it('judges the label keys written around them, and quotes nothing of theirs', () => {
    // Act
    const hits = hitsFor(
      `${CALL} -KubeletExtraArgs "--node-labels=team=$env:Team,node-role.kubernetes.io/worker=,$env:Prefix.kubernetes.io/x=1"`,
    );

    // Assess
    expect(hits[0]?.evidence).toEqual({
      restrictedLabelCount: 1,
      restrictedLabels: ['node-role.kubernetes.io/worker'],
    });
    expect(JSON.stringify(hits)).not.toMatch(/\uffff|Team|Prefix/);
  });

  it('fires on a key whose known namespace refuses every name, naming the namespace only', () => {
    // Act
    const hits = hitsFor(
      `${CALL} -KubeletExtraArgs "--node-labels=node-role.kubernetes.io/$env:NodeRole=true"`,
    );

    // Assess
    expect(hits[0]?.evidence).toEqual({
      restrictedLabelCount: 1,
      restrictedLabels: ['node-role.kubernetes.io/…'],
    });
    expect(JSON.stringify(hits)).not.toMatch(/\uffff|NodeRole/);
  });

  it('does not fire on a key that holds one, or a value that is one', () => {
    // Act
    const hits = hitsFor(
      `${CALL} -KubeletExtraArgs "--node-labels=kubernetes.io/$env:Label=a,team=a --node-labels $Labels"`,
    );

    // Assess
    expect(hits).toEqual([]);
  });
});

describe('Function: nodeLabelKeys', () => {
  it.each([
    ['--node-labels=a=1,b/c=2 --v=2', ['a', 'b/c']],
    ['--max-pods=20 --node-labels "x=1"', ['x']],
    ['--register-with-taints=os=windows:NoSchedule', []],
    ['--node-labels', []],
    // The kubelet's own reading: quotes group words, keys are trimmed, `_` is `-`, and
    // every occurrence counts.
    ['--node-labels="team=a, node-role.kubernetes.io/w=1"', ['team', 'node-role.kubernetes.io/w']],
    ['--node_labels=kubernetes.io/role=w --node-labels=x=1', ['kubernetes.io/role', 'x']],
  ])('reads the keys of %s', (extraArgs, expected) => {
    // Act
    const keys = nodeLabelKeys(extraArgs);

    // Assess
    expect(keys).toEqual(expected);
  });
});

describe('Function: isRestrictedNodeLabel', () => {
  it.each([
    ['node-role.kubernetes.io/worker', true],
    ['kubernetes.io/role', true],
    ['node-restriction.kubernetes.io/pool', true],
    ['sub.k8s.io/x', true],
    ['kubernetes.io/hostname', false],
    ['beta.kubernetes.io/instance-type', false],
    ['example.node.kubernetes.io/x', false],
    ['kubelet.kubernetes.io/x', false],
    ['mykubernetes.io/x', false],
    ['role', false],
  ])('judges %s', (key, restricted) => {
    // Act
    const judged = isRestrictedNodeLabel(key);

    // Assess
    expect(judged).toBe(restricted);
  });
});
