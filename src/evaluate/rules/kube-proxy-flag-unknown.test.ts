import { describe, expect, it } from 'vitest';
import {
  anInventoryWithSite,
  ruleInput,
  userDataParsedFrom,
} from '../../../test/builders/inventory.ts';
import {
  KUBE_PROXY_FLAGS,
  KUBE_PROXY_FLAGS_WITHOUT_VALUE,
  REMOVED_KUBE_PROXY_FLAGS,
} from '../reference-data/kube-proxy-flags.ts';
import { kubeProxyFlagUnknown, misspeltKubeProxyFlag } from './kube-proxy-flag-unknown.ts';

const CALL = '& "$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1" -EKSClusterName prod';

function hitsFor(script: string) {
  const inventory = anInventoryWithSite({ userData: userDataParsedFrom(script) });
  return kubeProxyFlagUnknown.evaluate(ruleInput(inventory));
}

describe('Rule: kube-proxy-flag-unknown', () => {
  it('fires on a misspelt flag, naming it and the flag meant, and not its value', () => {
    // Act
    const hits = hitsFor(
      `${CALL} -KubeProxyExtraArgs '--proxy-mod=kernelspace --source-vip=s3cr3tvalue'`,
    );

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        evidence: { misspeltFlags: ['--proxy-mod'], suggestedFlags: ['--proxy-mode'] },
        detail: expect.stringContaining(
          `passes kube-proxy a flag it does not have: --proxy-mod (--proxy-mode?). It stops with "unknown flag", and this node's pods cannot reach Services (cluster DNS included).`,
        ),
      }),
    ]);
    expect(JSON.stringify(hits)).not.toContain('s3cr3tvalue');
  });

  it.each([
    ['flags kube-proxy has', '--proxy-mode=kernelspace --feature-gates=WinDSR=true --enable-dsr'],
    ['its Windows flags', '--network-name=vpc-cni --windows-service --v=4'],
    ['a word a flag takes as its value', '--hostname-override --hostnameoverride=x'],
    // kube-proxy stops on it too, but only a near miss is surely a typo of its own flags.
    ['a flag far from every kube-proxy flag (a kubelet flag)', '--node-labels=a=b'],
  ])('does not fire on %s', (_, extraArgs) => {
    expect(hitsFor(`${CALL} -KubeProxyExtraArgs '${extraArgs}'`)).toEqual([]);
  });

  it("leaves removed flags to kube-proxy-flag-removed, klog's included", () => {
    expect(
      hitsFor(
        `${CALL} -KubeProxyExtraArgs '--logtostderr=false --log_dir=C:\\k --udp-timeout=1s --proxy-port-range=1-2'`,
      ),
    ).toEqual([]);
  });

  it('names a near miss of a removed flag, which stops kube-proxy on every version, never suggesting it', () => {
    // Act: flag names are case-sensitive, so --Log-Dir was never --log-dir.
    const hits = hitsFor(
      `${CALL} -KubeProxyExtraArgs '--Log-Dir=C:\\k --LOGTOSTDERR=false --proxy-mod=kernelspace'`,
    );

    // Assess
    expect(hits[0]?.evidence).toEqual({
      misspeltFlags: ['--proxy-mod'],
      suggestedFlags: ['--proxy-mode'],
      misspeltRemovedFlags: ['--Log-Dir', '--LOGTOSTDERR'],
      meantRemovedFlags: ['--log-dir', '--logtostderr'],
    });
    expect(hits[0]?.detail).toContain(
      'passes kube-proxy 3 flags it does not have: --Log-Dir (a near miss of --log-dir, removed in 1.26), --LOGTOSTDERR (a near miss of --logtostderr, removed in 1.26), --proxy-mod (--proxy-mode?).',
    );
    expect(JSON.stringify(hits)).not.toContain('C:');
  });

  it.each(['--alsologtostderr', '--cleanup-ipvs'])(
    'judges the flag after %s, a removed boolean, which takes no value',
    (removed) => {
      // Act
      const hits = hitsFor(`${CALL} -KubeProxyExtraArgs '${removed} --proxy_mod=kernelspace'`);

      // Assess
      expect(hits[0]?.evidence).toEqual({
        misspeltFlags: ['--proxy_mod'],
        suggestedFlags: ['--proxy-mode'],
      });
    },
  );

  it('judges the flag after one that takes no value', () => {
    // Act
    const hits = hitsFor(`${CALL} -KubeProxyExtraArgs '--masquerade-all --proxy_mod=kernelspace'`);

    // Assess
    expect(hits[0]?.evidence).toEqual({
      misspeltFlags: ['--proxy_mod'],
      suggestedFlags: ['--proxy-mode'],
    });
  });
});

describe('Rule: kube-proxy-flag-unknown, around variables the script cannot read', () => {
  it('judges the flags written around them, a removed one left to kube-proxy-flag-removed', () => {
    // Act
    const hits = hitsFor(
      `${CALL} -KubeProxyExtraArgs "--log-dir=$env:LogRoot\\kube-proxy --Log-File=$env:LogRoot\\kp.log --proxy-mod=kernelspace"`,
    );

    // Assess
    expect(hits[0]?.evidence).toEqual({
      misspeltFlags: ['--proxy-mod'],
      suggestedFlags: ['--proxy-mode'],
      misspeltRemovedFlags: ['--Log-File'],
      meantRemovedFlags: ['--log-file'],
    });
    expect(JSON.stringify(hits)).not.toMatch(/\uffff|LogRoot|kp\.log/);
  });
});

describe('Function: misspeltKubeProxyFlag', () => {
  it.each([
    ['--proxy-mod', '--proxy-mode'],
    ['--Enable-DSR', '--enable-dsr'],
    ['--cluster-cdir', '--cluster-cidr'],
  ])('takes %s for %s', (flag, meant) => {
    expect(misspeltKubeProxyFlag(flag)).toBe(meant);
  });

  it('never suggests a flag kube-proxy no longer has', () => {
    // Assess: --proxy-port-range went in 1.31; a typo of it is no typo of a flag of today.
    expect(misspeltKubeProxyFlag('--proxy-port-rang')).toBeUndefined();
    expect(misspeltKubeProxyFlag('--proxy-port-range')).toBeUndefined();
  });
});

describe('Reference data: kube-proxy flags', () => {
  it('names only flags of the list as taking no value', () => {
    expect(
      [...KUBE_PROXY_FLAGS_WITHOUT_VALUE].filter((flag) => !KUBE_PROXY_FLAGS.has(flag)),
    ).toEqual([]);
  });

  it('lists a removed flag among those of 1.28 to 1.35 exactly when 1.28 still had it', () => {
    const misplaced = Object.entries(REMOVED_KUBE_PROXY_FLAGS).filter(
      ([flag, { removedIn }]) =>
        KUBE_PROXY_FLAGS.has(flag) !== Number(removedIn.split('.')[1]) > 28,
    );
    expect(misplaced).toEqual([]);
  });
});
