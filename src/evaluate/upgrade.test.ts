import { describe, expect, it } from 'vitest';
import {
  aCluster,
  anEksWindowsImage,
  anInventory,
  anInventoryBootstrapping,
  anInventoryOnImage,
  anInventoryWithSite,
  aSelfManagedSource,
  bootstrapUserData,
  imagesOf,
  literal,
  NOW,
} from '../../test/builders/inventory.ts';
import type { DecodedInventory } from '../inventory/types.ts';
import { evaluateInventory } from './evaluate.ts';
import type { EvaluationOptions } from './types.ts';
import {
  nextMinorVersion,
  parseTargetVersion,
  suppressedBlockersNote,
  TargetVersionError,
  targetSupportNote,
  upgradePlansOf,
} from './upgrade.ts';

const OPTIONS: EvaluationOptions = {
  now: NOW,
  endOfSupportWarningDays: 180,
  amiExpiryWarningDays: 30,
};

function latestParameter(release: string, edition: string, version: string): string {
  return `/aws/service/ami-windows-latest/Windows_Server-${release}-English-${edition}-EKS_Optimized-${version}/image_id`;
}

/** Nodes on the 2022 Core AMI built for `amiVersion`, in a cluster at `clusterVersion`. */
function nodesOn(amiVersion: string, clusterVersion: string, more: Partial<DecodedInventory> = {}) {
  const image = anEksWindowsImage({
    imageId: `ami-0k8s${amiVersion.replace('.', '')}`,
    name: `Windows_Server-2022-English-Core-EKS_Optimized-${amiVersion}-2026.11.10`,
  });
  return anInventoryOnImage(image, {
    clusters: [aCluster({ version: clusterVersion })],
    ...more,
  });
}

describe('Function: parseTargetVersion', () => {
  it('accepts a Kubernetes minor version, trimmed', () => {
    expect(parseTargetVersion(' 1.36 ')).toBe('1.36');
    expect(parseTargetVersion('1.23')).toBe('1.23');
  });

  it.each(['1.36.2', 'v1.36', '2.0', '1.036', '', 'latest', '1.'])('refuses %j', (value) => {
    expect(() => parseTargetVersion(value)).toThrow(TargetVersionError);
  });

  it('refuses a version older than the EKS calendar, naming the oldest', () => {
    expect(() => parseTargetVersion('1.22')).toThrow(
      'must be 1.23 or later, the oldest Kubernetes version of the EKS calendar (got "1.22")',
    );
  });
});

describe('Function: nextMinorVersion', () => {
  it('adds one minor version', () => {
    expect(nextMinorVersion('1.35')).toBe('1.36');
    expect(nextMinorVersion('1.9')).toBe('1.10');
  });
});

describe('Function: upgradePlansOf', () => {
  it('plans the target for a cluster below it, and notes the upgrades EKS makes one at a time', () => {
    // Act
    const [plan] = upgradePlansOf(anInventory(), '1.35', OPTIONS);

    // Assess
    expect(plan?.step).toEqual({ from: '1.33', to: '1.35' });
    expect(plan?.assumed).toBe(false);
    expect(plan?.note).toContain('one minor version at a time (2 upgrades from 1.33)');
  });

  it('assumes the next minor version without a target', () => {
    // Act
    const [plan] = upgradePlansOf(anInventory(), undefined, OPTIONS);

    // Assess
    expect(plan?.step).toEqual({ from: '1.33', to: '1.34' });
    expect(plan?.assumed).toBe(true);
    expect(plan?.note).toBe(
      "Kubernetes 1.34 leaves EKS standard support on 2026-12-02, in 7 days; from then until 2027-12-02 the cluster is in extended support, billed at a higher rate. Whether EKS publishes Windows AMIs for 1.34 was not looked up: scan with --target-version 1.34 (an audit's targetVersion) for that.",
    );
  });

  it('judges no assumed next minor version newer than the calendar, which EKS may not offer', () => {
    // Prepare: 1.36 is the calendar's newest version
    const newest = anInventory({ clusters: [aCluster({ version: '1.36' })] });

    // Act
    const [assumed] = upgradePlansOf(newest, undefined, OPTIONS);
    const [asked] = upgradePlansOf(newest, '1.37', OPTIONS);

    // Assess
    expect(assumed?.step).toBeUndefined();
    expect(assumed?.note).toBe(
      "Kubernetes 1.37, the next minor version, is newer than any in the scanner's EKS version calendar (newest: 1.36): EKS may not offer it yet, so no upgrade was judged. Once it does, scan with --target-version 1.37 (an audit's targetVersion).",
    );
    expect(asked?.step).toEqual({ from: '1.36', to: '1.37' });
  });

  it('plans nothing for a cluster at or past the target, or of unknown version', () => {
    // Prepare
    const at = anInventory({ clusters: [aCluster({ version: '1.35' })] });
    const past = anInventory({ clusters: [aCluster({ version: '1.36' })] });
    const unknown = anInventory({ clusters: [aCluster({ version: undefined })] });

    // Act
    const plans = [at, past, unknown].map(
      (inventory) => upgradePlansOf(inventory, '1.35', OPTIONS)[0],
    );

    // Assess
    expect(plans.map((plan) => plan?.step)).toEqual([undefined, undefined, undefined]);
    expect(plans.map((plan) => plan?.belowCluster ?? false)).toEqual([false, true, false]);
  });

  it('plans only clusters with Windows nodes', () => {
    // Prepare
    const inventory = anInventory({
      clusters: [aCluster(), aCluster({ name: 'linux-only', arn: undefined })],
    });

    // Act
    const plans = upgradePlansOf(inventory, '1.34', OPTIONS);

    // Assess
    expect(plans.map((plan) => plan.cluster.name)).toEqual(['prod']);
  });
});

describe('Function: targetSupportNote', () => {
  it('notes a target past the end of extended support, which does not block the upgrade', () => {
    // Act
    const note = targetSupportNote('1.25', OPTIONS);

    // Assess
    expect(note).toBe(
      'Kubernetes 1.25 itself reached the end of EKS extended support on 2025-05-01: plan the upgrades after this one before EKS makes them on its own schedule. It does not block this upgrade.',
    );
  });

  it('notes a target older than the calendar, in extended support, or unknown to the calendar', () => {
    // Act
    const notes = ['1.22', '1.32', '1.40'].map((to) => targetSupportNote(to, OPTIONS));

    // Assess
    expect(notes).toEqual([
      'Kubernetes 1.22 is older than 1.23, the oldest version in the EKS calendar, and has no EKS support: plan the upgrades after this one. It does not block this upgrade.',
      'Kubernetes 1.32 left EKS standard support on 2026-03-23: after the upgrade the cluster is in extended support, billed at a higher rate, until 2027-03-23.',
      "Kubernetes 1.40 is not in the scanner's EKS version calendar (newest: 1.36): its support dates were not checked, and EKS may not offer it yet (`aws eks describe-cluster-versions` lists the versions it does).",
    ]);
  });

  it('says nothing of a target in standard support beyond the warning window', () => {
    // Act
    const outside = targetSupportNote('1.36', OPTIONS);
    const narrow = targetSupportNote('1.34', { ...OPTIONS, endOfSupportWarningDays: 6 });

    // Assess
    expect([outside, narrow]).toEqual([undefined, undefined]);
  });
});

/** Nodes on the 2022 Core AMI built for 1.24, in a 1.24 cluster, bootstrapped with `args`. */
function nodesOn124Bootstrapping(args: Parameters<typeof bootstrapUserData>[0]) {
  const image = anEksWindowsImage({
    imageId: 'ami-0k8s124',
    name: 'Windows_Server-2022-English-Core-EKS_Optimized-1.24-2024.01.09',
  });
  return anInventoryWithSite(
    { imageId: image.imageId, userData: bootstrapUserData(args) },
    { clusters: [aCluster({ version: '1.24' })], images: imagesOf(image) },
  );
}

describe('Function: evaluateInventory with an upgrade', () => {
  it('says the cluster will run the target after the upgrade, not that it runs it', () => {
    // Prepare: Docker nodes of a 1.24 cluster, judged for 1.25.
    const inventory = nodesOn124Bootstrapping({ ContainerRuntime: literal('docker') });

    // Act
    const evaluated = evaluateInventory(inventory, { ...OPTIONS, targetVersion: '1.25' });

    // Assess
    const docker = evaluated.findings.filter(
      (finding) => finding.ruleId === 'docker-runtime-unsupported',
    );
    const today = docker.find((finding) => finding.upgrade === undefined);
    const upgrade = docker.find((finding) => finding.upgrade !== undefined);
    expect(today?.description).toMatch(
      /The bootstrap call passes -ContainerRuntime docker, but the cluster runs Kubernetes 1\.24, which does not support Docker\.$/,
    );
    expect(upgrade?.description).toMatch(
      /The bootstrap call passes -ContainerRuntime docker, but the cluster will run Kubernetes 1\.25 after the upgrade, which does not support Docker\.$/,
    );
    expect(evaluated.readiness?.[0]?.blockers.map((blocker) => blocker.problem)).toEqual([
      'The bootstrap call passes -ContainerRuntime docker, but the cluster will run Kubernetes 1.25 after the upgrade, which does not support Docker.',
    ]);
  });

  it('does not let the support of the versions block the only way off an unsupported one', () => {
    // Prepare: 1.24 and 1.25 are both past the end of extended support; nothing else is wrong.
    const inventory = nodesOn124Bootstrapping({ EKSClusterName: literal('prod') });

    // Act
    const evaluated = evaluateInventory(inventory, { ...OPTIONS, targetVersion: '1.25' });

    // Assess
    const today = evaluated.findings.filter((finding) => finding.upgrade === undefined);
    const upgrade = evaluated.findings.filter((finding) => finding.upgrade !== undefined);
    expect(today.map((finding) => finding.ruleId)).toContain('eks-version-unsupported');
    expect(upgrade.map((finding) => finding.ruleId)).toEqual([]);
    expect(evaluated.readiness?.[0]).toMatchObject({
      from: '1.24',
      to: '1.25',
      status: 'ready',
      blockers: [],
      note: 'Kubernetes 1.25 itself reached the end of EKS extended support on 2025-05-01: plan the upgrades after this one before EKS makes them on its own schedule. It does not block this upgrade.',
    });
  });

  it('reports no upgrade finding of the rules about the control plane’s own support', () => {
    // Prepare: 1.31 is in extended support today, and so is 1.32; 1.34 leaves standard support
    // within the window; 1.40 is not in the calendar.
    const inventory = nodesOn('1.31', '1.31');

    // Act
    const evaluated = ['1.32', '1.34', '1.40'].map((targetVersion) =>
      evaluateInventory(inventory, { ...OPTIONS, targetVersion }),
    );

    // Assess
    const supportRules = /^(eks-version-.*|kubernetes-version-unknown)$/;
    const upgradeSupportFindings = evaluated.flatMap(({ findings }) =>
      findings.filter(
        (finding) => finding.upgrade !== undefined && supportRules.test(finding.ruleId),
      ),
    );
    expect(upgradeSupportFindings).toEqual([]);
    expect(evaluated.map(({ findings }) => findings.map((finding) => finding.ruleId))).toEqual(
      evaluated.map(() => expect.arrayContaining(['eks-version-extended-support'])),
    );
    expect(evaluated.map(({ readiness }) => readiness?.[0]?.note)).toEqual([
      expect.stringMatching(/^Kubernetes 1\.32 left EKS standard support on 2026-03-23/),
      expect.stringContaining('Kubernetes 1.34 leaves EKS standard support on 2026-12-02'),
      expect.stringContaining("Kubernetes 1.40 is not in the scanner's EKS version calendar"),
    ]);
  });

  it('reports the Docker nodes of a 1.23 cluster as blocking an upgrade to 1.24, apart from today', () => {
    // Prepare
    const inventory = nodesOn('1.23', '1.23');

    // Act
    const evaluated = evaluateInventory(inventory, { ...OPTIONS, targetVersion: '1.24' });

    // Assess
    const today = evaluated.findings.filter((finding) => finding.upgrade === undefined);
    const upgrade = evaluated.findings.filter((finding) => finding.upgrade !== undefined);
    expect(today.map((finding) => finding.ruleId)).toContain('docker-runtime-migration-due');
    expect(today.map((finding) => finding.ruleId)).not.toContain('docker-runtime-unsupported');
    const docker = upgrade.find((finding) => finding.ruleId === 'docker-runtime-unsupported');
    expect(docker?.upgrade).toEqual({ from: '1.23', to: '1.24' });
    expect(docker?.id).toBe(
      '123456789012/us-west-2/prod/docker-runtime-unsupported/AwsEc2LaunchTemplate/lt-0123456789abcdef0/upgrade-1.24',
    );
    expect(docker?.title).toBe(
      'Docker runtime on Kubernetes 1.24 or later (after the upgrade to 1.24)',
    );
    expect(docker?.description).toMatch(
      /^Upgrade readiness: evaluated as if the control plane ran Kubernetes 1\.24 \(it runs 1\.23 today\)\./,
    );
    expect(evaluated.readiness).toEqual([
      expect.objectContaining({
        cluster: 'prod',
        from: '1.23',
        to: '1.24',
        assumed: false,
        status: 'blocked',
        blockers: expect.arrayContaining([
          expect.objectContaining({
            ruleId: 'docker-runtime-unsupported',
            severity: 'CRITICAL',
            findingId: docker?.id,
          }),
        ]),
      }),
    ]);
  });

  it('judges the kubelet skew right after the control plane upgrade', () => {
    // Prepare: nodes three minors behind today, four after the upgrade.
    const inventory = nodesOn('1.30', '1.33', {
      latestImageIds: { [latestParameter('2022', 'Core', '1.34')]: 'ami-0new' },
    });

    // Act
    const evaluated = evaluateInventory(inventory, { ...OPTIONS, targetVersion: '1.34' });

    // Assess
    const mismatch = evaluated.findings.filter(
      (finding) => finding.ruleId === 'ami-kubernetes-version-mismatch',
    );
    expect(mismatch.map((finding) => finding.upgrade)).toEqual([{ from: '1.33', to: '1.34' }]);
    expect(mismatch[0]?.evidence).toMatchObject({
      kubernetesVersion: '1.34',
      nodeKubernetesVersion: '1.30',
    });
    expect(evaluated.readiness?.[0]?.status).toBe('blocked');
  });

  it('judges kubelet flags against the target even where the AMI is older', () => {
    // Prepare: --pod-infra-container-image went in 1.35; today's kubelet (1.33) still has it.
    const inventory = anInventoryBootstrapping({
      KubeletExtraArgs: literal('--pod-infra-container-image=pause:3.9 --max-pods=110'),
    });

    // Act
    const todayOnly = evaluateInventory(inventory, OPTIONS);
    const evaluated = evaluateInventory(inventory, { ...OPTIONS, targetVersion: '1.35' });

    // Assess
    expect(todayOnly.findings.map((finding) => finding.ruleId)).not.toContain(
      'kubelet-flag-removed',
    );
    const flags = evaluated.findings.find((finding) => finding.ruleId === 'kubelet-flag-removed');
    expect(flags?.upgrade).toEqual({ from: '1.33', to: '1.35' });
    expect(flags?.evidence).toMatchObject({
      removedFlags: ['--pod-infra-container-image'],
      kubeletVersion: '1.35',
      kubeletVersionBasis: 'upgrade-target',
    });
  });

  it('says a cluster is ready when nothing HIGH or CRITICAL follows from the upgrade', () => {
    // Prepare
    const inventory = nodesOn('1.33', '1.33', {
      latestImageIds: { [latestParameter('2022', 'Core', '1.34')]: 'ami-0new' },
      unpublishedImageParameters: [latestParameter('2022', 'Full', '1.34')],
    });

    // Act
    const evaluated = evaluateInventory(inventory, { ...OPTIONS, targetVersion: '1.34' });

    // Assess
    expect(evaluated.readiness).toEqual([
      {
        accountId: '123456789012',
        region: 'us-west-2',
        cluster: 'prod',
        from: '1.33',
        to: '1.34',
        assumed: false,
        status: 'ready',
        blockers: [],
        note: 'Kubernetes 1.34 leaves EKS standard support on 2026-12-02, in 7 days; from then until 2027-12-02 the cluster is in extended support, billed at a higher rate.',
      },
    ]);
  });

  it('notes, in a ready verdict, the nodes whose Windows release nothing judged', () => {
    // Prepare: a custom AMI whose name gives no release, and no node reporting a build
    const golden = anEksWindowsImage({ imageId: 'ami-0golden', name: 'corp-windows-golden' });
    const inventory = anInventoryOnImage(golden, { clusters: [aCluster({ version: '1.33' })] });

    // Act
    const evaluated = evaluateInventory(inventory, { ...OPTIONS, targetVersion: '1.34' });

    // Assess
    const [verdict] = evaluated.readiness ?? [];
    expect(verdict?.status).toBe('ready');
    expect(verdict?.note).toContain(
      'The Windows Server release of some nodes is unknown (1 windows-version-unknown finding): whether it runs on Kubernetes 1.34 was not judged.',
    );
  });

  it('blocks on an AMI EKS does not publish for the target', () => {
    // Prepare
    const inventory = nodesOn('1.33', '1.33', {
      unpublishedImageParameters: [latestParameter('2022', 'Core', '1.34')],
    });

    // Act
    const evaluated = evaluateInventory(inventory, { ...OPTIONS, targetVersion: '1.34' });

    // Assess
    const [blocker] = evaluated.readiness?.[0]?.blockers ?? [];
    expect(blocker?.ruleId).toBe('windows-ami-not-published-for-version');
    expect(blocker?.problem).toContain(latestParameter('2022', 'Core', '1.34'));
    expect(blocker?.remediation).toMatch(/^Before upgrading, move the nodes/);
  });

  it('without a target, judges the next minor version for the verdict only', () => {
    // Prepare
    const inventory = nodesOn('1.23', '1.23');

    // Act
    const evaluated = evaluateInventory(inventory, OPTIONS);

    // Assess
    expect(evaluated.findings.filter((finding) => finding.upgrade !== undefined)).toEqual([]);
    expect(evaluated.readiness?.[0]).toMatchObject({
      to: '1.24',
      assumed: true,
      status: 'blocked',
    });
    expect(evaluated.readiness?.[0]?.blockers.map((blocker) => blocker.findingId)).not.toContain(
      expect.anything(),
    );
  });

  it('leaves today’s findings as they are without a target', () => {
    // Prepare
    const inventory = nodesOn('1.23', '1.23');

    // Act
    const withoutVerdict = evaluateInventory(inventory, OPTIONS, []);
    const evaluated = evaluateInventory(inventory, OPTIONS);

    // Assess
    expect(withoutVerdict.findings).toEqual([]);
    expect(evaluated.findings.every((finding) => !finding.id.includes('/upgrade-'))).toBe(true);
  });

  it('does not count a suppressed upgrade finding as a blocker, but says how many it left out', () => {
    // Prepare
    const inventory = nodesOn('1.23', '1.23');

    // Act
    const evaluated = evaluateInventory(inventory, {
      ...OPTIONS,
      targetVersion: '1.24',
      suppressions: [{ ruleId: 'docker-runtime-unsupported' }],
    });

    // Assess
    const docker = evaluated.findings.find(
      (finding) => finding.ruleId === 'docker-runtime-unsupported',
    );
    expect(docker?.suppressed).toBe(true);
    expect(evaluated.readiness?.[0]?.blockers.map((blocker) => blocker.ruleId)).not.toContain(
      'docker-runtime-unsupported',
    );
    expect(evaluated.readiness?.[0]?.suppressedBlockers).toBe(1);
    expect(suppressedBlockersNote(evaluated.readiness?.[0] ?? {})).toBe(' (1 suppressed blocker)');
  });

  it('gives no count of suppressed blockers when nothing was suppressed', () => {
    // Act
    const evaluated = evaluateInventory(nodesOn('1.23', '1.23'), {
      ...OPTIONS,
      targetVersion: '1.24',
    });

    // Assess
    expect(evaluated.readiness?.[0]?.status).toBe('blocked');
    expect(evaluated.readiness?.[0]).not.toHaveProperty('suppressedBlockers');
    expect(suppressedBlockersNote(evaluated.readiness?.[0] ?? {})).toBe('');
  });

  it('ignores a target below the cluster’s version with a warning, and evaluates the others', () => {
    // Prepare
    const inventory = anInventory({
      clusters: [aCluster({ version: '1.35' }), aCluster({ name: 'old', version: '1.33' })],
      nodeSources: [
        aSelfManagedSource(),
        aSelfManagedSource({
          cluster: 'old',
          ref: { type: 'AwsAutoScalingAutoScalingGroup', id: 'old-asg', name: 'old-asg' },
          sites: [
            {
              ref: { type: 'AwsEc2LaunchTemplate', id: 'lt-0old', name: 'old' },
              imageId: 'ami-0windows2022a',
              userData: bootstrapUserData({ EKSClusterName: literal('old') }),
            },
          ],
        }),
      ],
      images: imagesOf(anEksWindowsImage()),
    });

    // Act
    const evaluated = evaluateInventory(inventory, { ...OPTIONS, targetVersion: '1.34' });

    // Assess
    expect(evaluated.readiness?.map((entry) => [entry.cluster, entry.status])).toEqual([
      ['prod', 'not-applicable'],
      ['old', 'ready'],
    ]);
    expect(evaluated.warnings).toContainEqual(
      expect.objectContaining({ code: 'upgrade-target-below-cluster-version', cluster: 'prod' }),
    );
    expect(
      evaluated.findings.filter(
        (finding) => finding.upgrade !== undefined && finding.cluster === 'prod',
      ),
    ).toEqual([]);
  });
});
