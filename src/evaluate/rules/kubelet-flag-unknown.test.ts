import { describe, expect, it } from 'vitest';
import {
  anInventoryWithSite,
  ruleInput,
  userDataParsedFrom,
} from '../../../test/builders/inventory.ts';
import { KUBELET_FLAGS, KUBELET_FLAGS_WITHOUT_VALUE } from '../reference-data/kubelet-flags.ts';
import { kubeletFlagUnknown, misspeltKubeletFlag } from './kubelet-flag-unknown.ts';

const CALL = '& "$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1" -EKSClusterName prod';

function hitsFor(script: string) {
  const inventory = anInventoryWithSite({ userData: userDataParsedFrom(script) });
  return kubeletFlagUnknown.evaluate(ruleInput(inventory));
}

describe('Rule: kubelet-flag-unknown', () => {
  it('fires on a misspelt flag, naming it and the flag meant, and not its value', () => {
    // Act
    const hits = hitsFor(
      `${CALL} -KubeletExtraArgs '--node-lables=team=s3cr3tvalue --max-pods=30'`,
    );

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        evidence: { misspeltFlags: ['--node-lables'], suggestedFlags: ['--node-labels'] },
        detail: expect.stringContaining(
          'passes the kubelet a flag it does not have: --node-lables (--node-labels?). It stops with "unknown flag" and the node never joins.',
        ),
      }),
    ]);
    expect(JSON.stringify(hits)).not.toContain('s3cr3tvalue');
  });

  it('names each misspelt flag once, in one finding per site', () => {
    // Act
    const hits = hitsFor(
      `${CALL} -KubeletExtraArgs '--Max-Pods=30 --windows-priority-class=ABOVE_NORMAL_PRIORITY_CLASS --Max-Pods=31'`,
    );

    // Assess
    expect(hits).toHaveLength(1);
    expect(hits[0]?.evidence).toEqual({
      misspeltFlags: ['--Max-Pods', '--windows-priority-class'],
      suggestedFlags: ['--max-pods', '--windows-priorityclass'],
    });
  });

  it.each([
    ['flags the kubelet has', '--node-labels=a=b --max-pods=30 --v=2 --windows-service'],
    ['--node_labels, which the kubelet reads as --node-labels', '--node_labels=a=b'],
    ['a removed flag, which kubelet-flag-removed judges', '--network-plugin=cni --logtostderr'],
    ['a flag far from every kubelet flag', '--totally-unrelated-option=1'],
    ['values and words that are no flags', 'node-lables=a --register-with-taints=a=b:NoSchedule'],
    ['a short flag', '-v=2'],
    ['a word the flag before it takes as its value', '--node-labels --nodelabels=a'],
  ])('does not fire on %s', (_, extraArgs) => {
    // Act
    const hits = hitsFor(`${CALL} -KubeletExtraArgs '${extraArgs}'`);

    // Assess
    expect(hits).toEqual([]);
  });

  it('judges the flag after one that takes no value', () => {
    // Act
    const hits = hitsFor(`${CALL} -KubeletExtraArgs '--rotate-certificates --node-lables=a=b'`);

    // Assess
    expect(hits[0]?.evidence).toEqual({
      misspeltFlags: ['--node-lables'],
      suggestedFlags: ['--node-labels'],
    });
  });

  it("judges the flag after one of klog's removed booleans, which takes no value", () => {
    // Act
    const hits = hitsFor(`${CALL} -KubeletExtraArgs '--logtostderr --node-lables=a=b'`);

    // Assess
    expect(hits[0]?.evidence).toEqual({
      misspeltFlags: ['--node-lables'],
      suggestedFlags: ['--node-labels'],
    });
  });

  it('names a flag as written, with _ or capitals, and the kubelet flag meant', () => {
    // Act
    const hits = hitsFor(`${CALL} -KubeletExtraArgs '--node_lables=a=b --MAX-PODS=30 --V=2'`);

    // Assess
    expect(hits[0]?.evidence).toEqual({
      misspeltFlags: ['--node_lables', '--MAX-PODS', '--V'],
      suggestedFlags: ['--node-labels', '--max-pods', '--v'],
    });
  });

  it('judges but never quotes a value bound by position', () => {
    // Prepare: the second positional argument binds to -KubeletExtraArgs.
    const hits = hitsFor(`${CALL.replace(' -EKSClusterName prod', '')} prod --node-lables=a=1`);

    // Assess
    expect(hits).toHaveLength(1);
    expect(hits[0]?.evidence).toEqual({ misspeltFlagCount: 1, suggestedFlags: ['--node-labels'] });
    expect(hits[0]?.detail).toContain(
      'with a flag the kubelet does not have, a near miss of --node-labels;',
    );
    expect(JSON.stringify(hits)).not.toContain('lables');
  });
});

describe('Rule: kubelet-flag-unknown, around variables the script cannot read', () => {
  it('judges the flags written around them, and quotes nothing of theirs', () => {
    // Act
    const hits = hitsFor(
      `${CALL} -KubeletExtraArgs "--node-lables=role=$env:NodeRole --Max-Pods=$MaxPods --v=$(Get-Level)"`,
    );

    // Assess
    expect(hits[0]?.evidence).toEqual({
      misspeltFlags: ['--node-lables', '--Max-Pods'],
      suggestedFlags: ['--node-labels', '--max-pods'],
    });
    expect(JSON.stringify(hits)).not.toMatch(/\uffff|NodeRole|MaxPods|Get-Level/);
  });

  it('judges the flag after a value only partly unknown', () => {
    // Act
    const hits = hitsFor(`${CALL} -KubeletExtraArgs "--node-labels role=$Role --nodelabels=a"`);

    // Assess
    expect(hits[0]?.evidence).toEqual({
      misspeltFlags: ['--nodelabels'],
      suggestedFlags: ['--node-labels'],
    });
  });

  it.each([
    ['a flag whose name holds one', '--node-$Kind=a'],
    [
      'a word after a flag whose name holds one (its value, perhaps)',
      '--node-$Kind --nodelabels=a',
    ],
    ['a word after one of them (a flag that takes a value, perhaps)', '$ExtraFlags --nodelabels=a'],
    [
      'a word after a value that is all unknown (empty, perhaps)',
      '--node-labels $Labels --nodelabels=a',
    ],
  ])('does not judge %s', (_, extraArgs) => {
    // Act
    const hits = hitsFor(`${CALL} -KubeletExtraArgs "${extraArgs}"`);

    // Assess
    expect(hits).toEqual([]);
  });

  it('judges the word after a flag taken as a value, which is a flag again', () => {
    // Act: --kubeconfig is --node-labels' value, so --node-lables is a flag of its own.
    const hits = hitsFor(
      `${CALL} -KubeletExtraArgs '--node-labels --kubeconfig --node-lables=a=b'`,
    );

    // Assess
    expect(hits[0]?.evidence).toEqual({
      misspeltFlags: ['--node-lables'],
      suggestedFlags: ['--node-labels'],
    });
  });
});

describe('Rule: kubelet-flag-unknown, near misses of removed flags', () => {
  it('names a typo of a removed flag with its removal, whether its words are quoted or not', () => {
    // Act
    const quoted = hitsFor(`${CALL} -KubeletExtraArgs '--network-plugn=cni'`);
    const byPosition = hitsFor(
      `${CALL.replace(' -EKSClusterName prod', '')} prod --Network-Plugin=cni`,
    );

    // Assess
    expect(quoted[0]?.evidence).toEqual({
      misspeltRemovedFlags: ['--network-plugn'],
      meantRemovedFlags: ['--network-plugin'],
    });
    expect(byPosition[0]?.evidence).toEqual({
      misspeltFlagCount: 1,
      meantRemovedFlags: ['--network-plugin'],
    });
    expect(byPosition[0]?.detail).toContain(
      'with a flag the kubelet does not have, a near miss of --network-plugin (removed in 1.24);',
    );
    expect(JSON.stringify(byPosition)).not.toContain('Network-Plugin');
  });
});

describe('Rule: kubelet-flag-unknown, near misses of removed flags, closer than any current one', () => {
  it.each([
    // --lock-file is 2 edits away, --log-file none once the case is ignored.
    ['--Log-File=C:\\k.log', '--Log-File', '--log-file'],
    // Removed in 1.35, though the 1.34 list holds it: never suggested.
    [
      '--pod-infra-contaner-image=pause:3.9',
      '--pod-infra-contaner-image',
      '--pod-infra-container-image',
    ],
  ])('takes %s for the removed flag', (args, written, meant) => {
    // Act
    const hits = hitsFor(`${CALL} -KubeletExtraArgs '${args}'`);

    // Assess
    expect(hits[0]?.evidence).toEqual({
      misspeltRemovedFlags: [written],
      meantRemovedFlags: [meant],
    });
  });
});

describe('Function: misspeltKubeletFlag', () => {
  it.each([
    ['--node-lables', '--node-labels'],
    ['--node-label', '--node-labels'],
    ['--maxpods', '--max-pods'],
    ['--registerwith-taints', '--register-with-taints'],
    ['--portt', '--port'],
    ['--node_lables', '--node-labels'],
    ['--Max-Pods', '--max-pods'],
  ])('takes %s for %s', (flag, meant) => {
    expect(misspeltKubeletFlag(flag)).toBe(meant);
  });

  it.each([
    ['a kubelet flag', '--port'],
    ['a removed flag', '--cni-bin-dir'],
    ['--node_labels, which the kubelet reads as --node-labels', '--node_labels'],
    // A removed flag would stop the kubelet too: no fix to suggest.
    ['a near miss of a removed flag only', '--network-plugn'],
    ['a short flag that differs in more than a quarter of its name', '--vv'],
    ['a name of another shape', '--node labels'],
  ])('takes %s for no typo', (_, flag) => {
    expect(misspeltKubeletFlag(flag)).toBeUndefined();
  });
});

describe('Reference data: KUBELET_FLAGS_WITHOUT_VALUE', () => {
  it('holds only flags of the kubelet', () => {
    expect([...KUBELET_FLAGS_WITHOUT_VALUE].filter((flag) => !KUBELET_FLAGS.has(flag))).toEqual([]);
  });
});
