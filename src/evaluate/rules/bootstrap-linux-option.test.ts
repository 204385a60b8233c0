import { describe, expect, it } from 'vitest';
import {
  aLinuxOnlyInventory,
  anInventory,
  anInventoryBootstrapping,
  anInventoryWithSite,
  literal,
  ruleInput,
  unresolved,
  userDataParsedFrom,
} from '../../../test/builders/inventory.ts';
import { bootstrapLinuxOption } from './bootstrap-linux-option.ts';

const EKSCTL_STYLE =
  '[string]$EKSBootstrapScriptFile = "$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1"\n& $EKSBootstrapScriptFile';

function hitsFor(call: string) {
  const inventory = anInventoryWithSite({
    userData: userDataParsedFrom(`${EKSCTL_STYLE} ${call}`),
  });
  return bootstrapLinuxOption.evaluate(ruleInput(inventory));
}

describe('Rule: bootstrap-linux-option', () => {
  it('fires on --kubelet-extra-args copied from Linux user data, naming where it binds', () => {
    // Act
    const hits = hitsFor(
      '-EKSClusterName "prod" --kubelet-extra-args "--node-labels=a=b" 3>&1 4>&1 5>&1 6>&1',
    );

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        cluster: 'prod',
        resource: expect.objectContaining({ type: 'AwsEc2LaunchTemplate' }),
        affected: [expect.objectContaining({ type: 'AwsAutoScalingAutoScalingGroup' })],
        evidence: {
          linuxOptionCount: 1,
          linuxOptions: ['--kubelet-extra-args'],
          boundParameters: ['KubeletExtraArgs'],
        },
      }),
    ]);
    expect(hits[0]?.detail).toContain(
      'passes --kubelet-extra-args, an option of the Linux bootstrap.sh, which PowerShell binds by position to -KubeletExtraArgs: kubelet refuses the flag and the node never joins. Start-EKSBootstrap.ps1 takes -KubeletExtraArgs for --kubelet-extra-args.',
    );
    // The option's value is no option of its own, and is never quoted.
    expect(hits[0]?.detail).not.toContain('node-labels');
  });

  it('names the Windows parameter meant by --apiserver-endpoint, and not the endpoint', () => {
    // Act
    const hits = hitsFor('-EKSClusterName prod --apiserver-endpoint https://x');

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        evidence: {
          linuxOptionCount: 1,
          linuxOptions: ['--apiserver-endpoint'],
          boundParameters: ['KubeletExtraArgs'],
        },
        detail: expect.stringContaining(
          'Start-EKSBootstrap.ps1 takes -APIServerEndpoint for --apiserver-endpoint.',
        ),
      }),
    ]);
    expect(JSON.stringify(hits)).not.toContain('https://x');
  });

  it('says what each option breaks where it lands when the call passes several', () => {
    // Act
    const hits = hitsFor(
      '-EKSClusterName prod -Endpoint https://eks.us-west-2.amazonaws.com --b64-cluster-ca abc --dns-cluster-ip 10.100.0.10 --container-runtime containerd',
    );

    // Assess: each option's value takes the parameter after the option's.
    expect(hits[0]?.evidence).toEqual({
      linuxOptionCount: 3,
      linuxOptions: ['--b64-cluster-ca', '--dns-cluster-ip', '--container-runtime'],
      boundParameters: ['KubeletExtraArgs', 'APIServerEndpoint', 'DNSClusterIP'],
    });
    expect(hits[0]?.detail).toContain(
      'passes 3 options written as for the Linux bootstrap.sh, which PowerShell binds by position: --b64-cluster-ca to -KubeletExtraArgs (kubelet refuses the flag and the node never joins), --dns-cluster-ip to -APIServerEndpoint (the script gets a value it cannot use for that setting), --container-runtime to -DNSClusterIP (the script gets a value it cannot use for that setting). Start-EKSBootstrap.ps1 takes -Base64ClusterCA for --b64-cluster-ca, -DNSClusterIP for --dns-cluster-ip, -ContainerRuntime for --container-runtime.',
    );
  });

  it('takes an argument of unknown value after a known option for its value', () => {
    // Act
    const hits = hitsFor(
      '-EKSClusterName prod -Endpoint https://eks.us-west-2.amazonaws.com --kubelet-extra-args $labels --dns-cluster-ip 10.100.0.10',
    );

    // Assess
    expect(hits[0]?.evidence).toEqual({
      linuxOptionCount: 2,
      linuxOptions: ['--kubelet-extra-args', '--dns-cluster-ip'],
      boundParameters: ['KubeletExtraArgs', 'APIServerEndpoint'],
    });
  });

  it('sees an option bound by position to -Endpoint, and takes the word after a known option for its value', () => {
    // Act: with the cluster name by position, as bootstrap.sh takes it, --dns-cluster-ip lands
    // on -Endpoint (the fourth parameter), which no other rule reads.
    const cases = [
      hitsFor(
        'prod --b64-cluster-ca abc --dns-cluster-ip 10.100.0.10 --container-runtime containerd',
      ),
      // --kubelet-extra-args lands on -Endpoint, and its value on -APIServerEndpoint.
      hitsFor('-EKSClusterName prod --use-max-pods false --kubelet-extra-args "--node-labels=a=b"'),
    ];

    // Assess
    expect(cases.map((hits) => hits[0]?.evidence)).toEqual([
      {
        linuxOptionCount: 3,
        linuxOptions: ['--b64-cluster-ca', '--dns-cluster-ip', '--container-runtime'],
        boundParameters: ['KubeletExtraArgs', 'Endpoint', 'Base64ClusterCA'],
      },
      {
        linuxOptionCount: 2,
        linuxOptions: ['--use-max-pods', '--kubelet-extra-args'],
        boundParameters: ['KubeletExtraArgs', 'Endpoint'],
      },
    ]);
  });

  it('says PowerShell rejects the call when an option finds no parameter left', () => {
    // Act: every parameter named, then a Linux option.
    const hits = hitsFor(
      '-EKSClusterName prod -KubeletExtraArgs "--v=2" -KubeProxyExtraArgs "--v=2" -Endpoint e -APIServerEndpoint https://x -Base64ClusterCA abc -DNSClusterIP 10.100.0.10 -ServiceCIDR 10.100.0.0/16 -ExcludedSnatCIDRs 10.0.0.0/8 -ContainerRuntime containerd --kubelet-extra-args "--node-labels=a=b"',
    );

    // Assess
    expect(hits[0]?.evidence).toEqual({
      linuxOptionCount: 1,
      linuxOptions: ['--kubelet-extra-args'],
      boundParameters: ['(none: past the last)'],
    });
    expect(hits[0]?.detail).toContain(
      'passes --kubelet-extra-args, an option of the Linux bootstrap.sh, which PowerShell binds by position past the last parameter: no parameter is left for it, so PowerShell rejects the call and the script never runs.',
    );
  });

  it('says when the Windows script has no parameter for an option', () => {
    // Act
    const hits = hitsFor('-EKSClusterName prod -KubeletExtraArgs "--v=2" --use-max-pods false');

    // Assess
    expect(hits[0]?.evidence).toEqual({
      linuxOptionCount: 1,
      linuxOptions: ['--use-max-pods'],
      boundParameters: ['KubeProxyExtraArgs'],
    });
    expect(hits[0]?.detail).toContain(
      'to -KubeProxyExtraArgs: kube-proxy refuses the flag and does not start. Start-EKSBootstrap.ps1 has no parameter for --use-max-pods.',
    );
  });

  it('fires on an option bound to -EKSClusterName when the call names no cluster', () => {
    // Act
    const hits = hitsFor('--kubelet-extra-args "--node-labels=a=b"');

    // Assess
    expect(hits[0]?.evidence).toEqual({
      linuxOptionCount: 1,
      linuxOptions: ['--kubelet-extra-args'],
      boundParameters: ['EKSClusterName'],
    });
    expect(hits[0]?.detail).toContain('no EKS cluster can have that name');
  });

  it('fires on an option bound to -ExcludedSnatCIDRs, which takes a list', () => {
    // Act
    const hits = hitsFor(
      '-EKSClusterName prod -KubeletExtraArgs "--v=2" -KubeProxyExtraArgs "--v=2" -Endpoint e -APIServerEndpoint https://x -Base64ClusterCA abc -DNSClusterIP 10.100.0.10 -ServiceCIDR 10.100.0.0/16 --ip-family ipv4',
    );

    // Assess
    expect(hits[0]?.evidence).toEqual({
      linuxOptionCount: 1,
      linuxOptions: ['--ip-family'],
      boundParameters: ['ExcludedSnatCIDRs'],
    });
  });

  it('counts but never quotes an option it does not know, which may be a secret', () => {
    // Act: no cluster named, so the unknown option lands on -EKSClusterName.
    const hits = hitsFor('--foo-bar baz');

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        evidence: { linuxOptionCount: 1, linuxOptions: [], boundParameters: ['EKSClusterName'] },
        detail: expect.stringContaining(
          'passes an option written as for the Linux bootstrap.sh (not quoted: none the scanner knows), which PowerShell binds by position to -EKSClusterName',
        ),
      }),
    ]);
    expect(JSON.stringify(hits)).not.toContain('foo-bar');
  });

  it.each([
    [
      'the value after a known option',
      '-EKSClusterName prod --kubelet-extra-args "--node-labels=token=Sup3rSecret"',
    ],
    ['an unknown option', '--Sup3rSecret-token x'],
    ['a known option with its value after =', '--kubelet-extra-args=Sup3rSecret'],
    [
      'the value of an option given by name',
      '-EKSClusterName prod -KubeletExtraArgs "--token=Sup3rSecret" --ip-family',
    ],
  ])('never quotes %s', (_shape, written) => {
    // Act
    const hits = hitsFor(written);

    // Assess
    expect(hits).toHaveLength(1);
    expect(JSON.stringify(hits)).not.toContain('Sup3r');
  });

  it.each([
    ['a kubelet flag', "prod '--max-pods=20'"],
    ['a kubelet flag after the named cluster', '-EKSClusterName prod --node-labels=a=b'],
    [
      'a kube-proxy flag',
      '-EKSClusterName prod -KubeletExtraArgs "--v=2" --proxy-mode=kernelspace',
    ],
  ])(
    'does not fire on %s passed by position to the arguments of its own program',
    (_shape, written) => {
      // Act
      const hits = hitsFor(written);

      // Assess: the script hands these to kubelet or kube-proxy, which take them.
      expect(hits).toEqual([]);
    },
  );

  it('leaves an unknown --flag after -KubeletExtraArgs given by name to kubelet-arguments-malformed', () => {
    // Act: an unquoted kubelet value spills its flags; --max-pods lands on -Endpoint.
    const hits = hitsFor(
      '-EKSClusterName prod -KubeletExtraArgs --node-labels=a=b -KubeProxyExtraArgs "--v=2" --max-pods=20',
    );

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not fire on a --flag that is the value of a parameter given by name', () => {
    // Act
    const hits = hitsFor(
      '-EKSClusterName prod -KubeletExtraArgs "--node-labels=a=b" -KubeProxyExtraArgs --v=2',
    );

    // Assess
    expect(hits).toEqual([]);
  });

  it.each([
    ['the cluster name by position', 'prod'],
    ['a word after the named parameters', '-EKSClusterName prod containerd'],
    ['a single dash', '-EKSClusterName prod -KubeletExtraArgs "--v=2" -x'],
    ['two dashes and a digit', '-EKSClusterName prod --10'],
  ])('does not fire on %s', (_shape, written) => {
    // Act
    const hits = hitsFor(written);

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not fire on arguments it cannot know or on healthy and Linux inventories', () => {
    // Prepare
    const inventory = anInventoryBootstrapping({
      EKSClusterName: literal('prod'),
      KubeletExtraArgs: unresolved('LinuxArguments'),
    });

    // Act
    const hits = [inventory, anInventory(), aLinuxOnlyInventory()].flatMap((each) =>
      bootstrapLinuxOption.evaluate(ruleInput(each)),
    );

    // Assess
    expect(hits).toEqual([]);
  });
});
