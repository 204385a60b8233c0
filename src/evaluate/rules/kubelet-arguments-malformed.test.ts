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
import { kubeletArgumentsMalformed } from './kubelet-arguments-malformed.ts';

const SCRIPT_FILE =
  '[string]$EKSBootstrapScriptFile = "$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1"\n& $EKSBootstrapScriptFile';
const NAMED = `${SCRIPT_FILE} -EKSClusterName prod -APIServerEndpoint https://x -Base64ClusterCA abc`;

function inventoryCalling(call: string) {
  return anInventoryWithSite({ userData: userDataParsedFrom(`${SCRIPT_FILE} ${call}`) });
}

function hitsFor(call: string) {
  return kubeletArgumentsMalformed.evaluate(ruleInput(inventoryCalling(call)));
}

/** The arguments after the cluster, endpoint and CA, all given by name. */
function hitsAfterNamed(rest: string) {
  const inventory = anInventoryWithSite({ userData: userDataParsedFrom(`${NAMED} ${rest}`) });
  return kubeletArgumentsMalformed.evaluate(ruleInput(inventory));
}

describe('Rule: kubelet-arguments-malformed', () => {
  it('fires on an unquoted comma list, which reaches the kubelet as two words', () => {
    // Act: PowerShell passes "--node-labels=a=b c=d" to the [string] parameter.
    const hits = hitsAfterNamed('-KubeletExtraArgs --node-labels=a=b,c=d');

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        cluster: 'prod',
        resource: expect.objectContaining({ type: 'AwsEc2LaunchTemplate' }),
        affected: [expect.objectContaining({ type: 'AwsAutoScalingAutoScalingGroup' })],
        evidence: {
          strayWordCount: 1,
          strayWordsAfter: ['--node-labels'],
          spilledFlagCount: 0,
          landedOn: [],
        },
      }),
    ]);
    expect(hits[0]?.detail).toContain(
      'passes -KubeletExtraArgs with a word that is neither a flag nor the value of one (after --node-labels): the kubelet takes it for a command, stops ("unknown command") and the node never joins. Likely an unquoted comma list',
    );
  });

  it('fires on a quoted value with a stray space, and on words after a value given as the next word', () => {
    // Act
    const cases = [
      hitsAfterNamed('-KubeletExtraArgs "--node-labels=a=b c=d"'),
      hitsAfterNamed("-KubeletExtraArgs '--node-labels a=b c=d --v=2 x'"),
    ];

    // Assess
    expect(cases.map((hits) => hits[0]?.evidence)).toEqual([
      { strayWordCount: 1, strayWordsAfter: ['--node-labels'], spilledFlagCount: 0, landedOn: [] },
      {
        strayWordCount: 2,
        strayWordsAfter: ['--node-labels', '--v'],
        spilledFlagCount: 0,
        landedOn: [],
      },
    ]);
  });

  it('fires on a path a folder variable expands with its space, and says to quote it inside the value', () => {
    // Act: the script passes its kubelet arguments on as written, so the kubelet gets C:\Program.
    const split = hitsAfterNamed(
      '-KubeletExtraArgs "--image-credential-provider-config=$env:ProgramFiles\\Amazon\\EKS\\ecr.json"',
    );
    const quoted = hitsAfterNamed(
      '-KubeletExtraArgs "--image-credential-provider-config=`"$env:ProgramFiles\\Amazon\\EKS\\ecr.json`""',
    );

    // Assess
    expect(split[0]?.evidence).toEqual({
      strayWordCount: 1,
      strayWordsAfter: ['--image-credential-provider-config'],
      spilledFlagCount: 0,
      landedOn: [],
    });
    expect(split[0]?.detail).toContain('a folder variable such as $env:ProgramFiles holds one');
    expect(quoted).toEqual([]);
  });

  it('fires on kubelet flags spilled out of an unquoted -KubeletExtraArgs, naming where they land', () => {
    // Act
    const hits = hitsAfterNamed('-KubeletExtraArgs --node-labels=a=b --max-pods=20');

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        evidence: {
          strayWordCount: 0,
          strayWordsAfter: [],
          spilledFlagCount: 1,
          landedOn: ['KubeProxyExtraArgs'],
        },
      }),
    ]);
    expect(hits[0]?.detail).toContain(
      'gives -KubeletExtraArgs by name, then a --flag that PowerShell binds by position to other parameters: 1 to -KubeProxyExtraArgs (kube-proxy refuses the flag and does not start). The kubelet never gets it. Likely the kubelet arguments are not quoted as one string.',
    );
    // Evidence and detail name parameters and counts, never the flag spilled.
    expect(JSON.stringify(hits)).not.toContain('max-pods');
  });

  it.each([
    [
      "a flag's value written after a space",
      '-KubeletExtraArgs --node-labels role=win',
      '-KubeletExtraArgs ends with --node-labels written without =, which the kubelet then gets without its value.',
    ],
    [
      'a word meant for another parameter',
      '-KubeletExtraArgs "--v=2" containerd',
      'the kubelet never gets it.',
    ],
  ])(
    'fires on %s, which lands on -KubeProxyExtraArgs, where kube-proxy takes no arguments',
    (_, rest, kubelet) => {
      // Act
      const hits = hitsAfterNamed(rest);

      // Assess
      expect(hits).toEqual([
        expect.objectContaining({
          evidence: {
            strayWordCount: 0,
            strayWordsAfter: [],
            spilledFlagCount: 0,
            landedOn: [],
            spilledWordOnKubeProxy: true,
          },
        }),
      ]);
      expect(hits[0]?.detail).toContain(
        'gives -KubeletExtraArgs by name, then a word that is no flag, which PowerShell binds by position to -KubeProxyExtraArgs: kube-proxy takes no arguments and does not start; ',
      );
      expect(hits[0]?.detail).toContain(kubelet);
      // Counted, never quoted.
      expect(JSON.stringify(hits)).not.toMatch(/role=win|containerd/);
    },
  );

  it('follows spilled flags to the next free parameters and past the last', () => {
    // Act: -Endpoint, -DNSClusterIP, -ServiceCIDR, -ExcludedSnatCIDRs, -ContainerRuntime, none.
    const hits = hitsAfterNamed(
      '-KubeletExtraArgs --node-labels=a=b --max-pods=20 --p1=1 --p2=2 --p3=3 --p4=4 --p5=5 --p6=6',
    );

    // Assess
    expect(hits[0]?.evidence).toEqual({
      strayWordCount: 0,
      strayWordsAfter: [],
      spilledFlagCount: 7,
      landedOn: [
        'KubeProxyExtraArgs',
        'Endpoint',
        'DNSClusterIP',
        'ServiceCIDR',
        'ExcludedSnatCIDRs',
        'ContainerRuntime',
        '(none: past the last)',
      ],
    });
    expect(hits[0]?.detail).toContain(
      '1 past the last parameter (no parameter is left for it, so PowerShell rejects the call and the script never runs)',
    );
  });

  it('says both when a stray word and spilled flags come together, in one finding', () => {
    // Act
    const hits = hitsAfterNamed('-KubeletExtraArgs --node-labels=a=b,c=d --max-pods=20');

    // Assess
    expect(hits).toHaveLength(1);
    expect(hits[0]?.evidence).toEqual({
      strayWordCount: 1,
      strayWordsAfter: ['--node-labels'],
      spilledFlagCount: 1,
      landedOn: ['KubeProxyExtraArgs'],
    });
    expect(hits[0]?.detail).toContain('. The call also gives -KubeletExtraArgs by name, then');
  });

  it('judges a value bound by position, but names no flag of it', () => {
    // Act: the second positional argument binds to -KubeletExtraArgs.
    const hits = hitsFor("prod '--Sup3rSecret=a c=d'");

    // Assess
    expect(hits[0]?.evidence).toEqual({
      strayWordCount: 1,
      strayWordsAfter: [],
      spilledFlagCount: 0,
      landedOn: [],
    });
    expect(hits[0]?.detail).toContain(
      'passes by position to -KubeletExtraArgs a value with a word that is neither a flag nor the value of one: the kubelet takes it for a command',
    );
    expect(JSON.stringify(hits)).not.toContain('Sup3r');
  });

  it('judges a value given through an abbreviated name, but names no flag of it', () => {
    // Prepare: another command's -Kubelet flag after a stray line continuation binds to
    // -KubeletExtraArgs; its first word binds by position to -KubeProxyExtraArgs.
    const call =
      "-EKSClusterName prod `\nregister-agent -Kubelet '--p48291736=1 stray --t48291736'";

    // Act
    const hits = hitsFor(call);

    // Assess
    expect(hits[0]?.evidence).toEqual({
      strayWordCount: 1,
      strayWordsAfter: [],
      spilledFlagCount: 0,
      landedOn: [],
      spilledWordOnKubeProxy: true,
    });
    expect(hits[0]?.detail).toContain(
      '-KubeletExtraArgs ends with a flag written without =, which the kubelet then gets without its value',
    );
    expect(JSON.stringify(hits)).not.toContain('48291736');
  });

  it.each([
    ['a flag name not as kubelet spells one', "-KubeletExtraArgs '--Sup3rSecret stray x'"],
    ['a stray word first of all', "-KubeletExtraArgs 'Sup3rSecret --v=2'"],
    ['a spilled flag', '-KubeletExtraArgs --v=2 --Sup3rSecret=token'],
    [
      'a spilled flag past the last parameter',
      `-KubeletExtraArgs --v=2 ${'--x '.repeat(6)}--Sup3rSecret`,
    ],
  ])('never quotes %s', (_shape, rest) => {
    // Act
    const hits = hitsAfterNamed(rest);

    // Assess
    expect(hits).toHaveLength(1);
    expect(JSON.stringify(hits)).not.toContain('Sup3r');
  });

  it.each([
    ['a value after a flag without =', "-KubeletExtraArgs '--node-labels a=b --v 2'"],
    ['a quoted comma list', '-KubeletExtraArgs --node-labels="a=b,c=d"'],
    [
      'a properly quoted multi-flag string',
      "-KubeletExtraArgs '--node-labels=a=b,c=d --max-pods=20'",
    ],
    [
      'Karpenter-style quoting',
      '-KubeletExtraArgs \'--node-labels="karpenter.sh/nodepool=default" --max-pods=110\'',
    ],
    ['eksctl-style empty values', '-KubeletExtraArgs "--node-labels= --register-with-taints="'],
    ['empty text', "-KubeletExtraArgs ''"],
    [
      'a kube-proxy flag bound by position to -KubeProxyExtraArgs',
      '-KubeletExtraArgs "--v=2" --proxy-mode=kernelspace',
    ],
    [
      'a --flag given by name to -KubeProxyExtraArgs',
      '-KubeletExtraArgs "--v=2" -KubeProxyExtraArgs --v=2',
    ],
    [
      'a word that is no --flag spilled past -KubeProxyExtraArgs, given by name',
      '-KubeletExtraArgs "--v=2" -KubeProxyExtraArgs "--v=2" containerd',
    ],
    [
      'a deprecated kube-proxy flag kube-proxy still takes (hidden from its --help)',
      '-KubeletExtraArgs "--v=2" --metrics-port=0',
    ],
  ])('does not fire on %s', (_shape, rest) => {
    // Act
    const hits = hitsAfterNamed(rest);

    // Assess
    expect(hits).toEqual([]);
  });

  it('fires on a klog flag spilled onto -KubeProxyExtraArgs: the reference page lists it, kube-proxy 1.26+ refuses it', () => {
    // Act
    const hits = hitsAfterNamed('-KubeletExtraArgs --v=2 --logtostderr=false');

    // Assess
    expect(hits.map((hit) => hit.evidence.landedOn)).toEqual([['KubeProxyExtraArgs']]);
  });

  it('does not fire on a kubelet flag passed by position to -KubeletExtraArgs in a fully positional call', () => {
    // Act: the script hands it to the kubelet, which takes it (see bootstrap-linux-option).
    const hits = hitsFor("prod '--max-pods=20'");

    // Assess
    expect(hits).toEqual([]);
  });

  it('leaves the options of the Linux bootstrap.sh and their values to bootstrap-linux-option', () => {
    // Prepare
    const inventories = [
      // The option lands on -KubeProxyExtraArgs, its value on -Endpoint.
      inventoryCalling(
        '-EKSClusterName prod -KubeletExtraArgs "--v=2" --kubelet-extra-args --node-labels=a=b',
      ),
      // The option lands on -EKSClusterName, its value on -KubeletExtraArgs.
      inventoryCalling('--b64-cluster-ca "abc def"'),
    ];

    // Act
    const hits = inventories.map((inventory) =>
      kubeletArgumentsMalformed.evaluate(ruleInput(inventory)),
    );
    const linuxHits = inventories.map((inventory) =>
      bootstrapLinuxOption.evaluate(ruleInput(inventory)),
    );

    // Assess
    expect(hits).toEqual([[], []]);
    expect(linuxHits.map((each) => each.length)).toEqual([1, 1]);
  });

  it('is the only rule to report an unknown --flag spilled past -KubeletExtraArgs', () => {
    // Prepare: --max-pods lands on -KubeProxyExtraArgs, --p1 on -Endpoint.
    const inventory = inventoryCalling(
      '-EKSClusterName prod -KubeletExtraArgs --node-labels=a=b --max-pods=20 --p1=1 --kubelet-extra-args x',
    );

    // Act
    const hits = kubeletArgumentsMalformed.evaluate(ruleInput(inventory));
    const linuxHits = bootstrapLinuxOption.evaluate(ruleInput(inventory));

    // Assess: the Linux option (and its value) is bootstrap-linux-option's alone.
    expect(hits[0]?.evidence).toEqual({
      strayWordCount: 0,
      strayWordsAfter: [],
      spilledFlagCount: 2,
      landedOn: ['KubeProxyExtraArgs', 'Endpoint'],
    });
    expect(linuxHits[0]?.evidence).toEqual({
      linuxOptionCount: 1,
      linuxOptions: ['--kubelet-extra-args'],
      boundParameters: ['APIServerEndpoint'],
    });
  });

  it('does not fire on arguments it cannot know or on healthy and Linux inventories', () => {
    // Prepare
    const inventory = anInventoryBootstrapping({
      EKSClusterName: literal('prod'),
      KubeletExtraArgs: unresolved('KubeletArguments'),
    });

    // Act
    const hits = [inventory, anInventory(), aLinuxOnlyInventory()].flatMap((each) =>
      kubeletArgumentsMalformed.evaluate(ruleInput(each)),
    );

    // Assess
    expect(hits).toEqual([]);
  });
});
