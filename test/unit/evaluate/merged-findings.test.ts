/**
 * Node sources sharing one launch template make one finding per rule, whatever they tell and
 * whatever order the APIs list them in: the worst story leads, the others follow.
 */
import { describe, expect, it } from 'vitest';
import { evaluateInventory } from '../../../src/evaluate/evaluate.ts';
import type { EvaluationOptions, Finding } from '../../../src/evaluate/types.ts';
import type {
  DecodedConfigSite,
  DecodedInventory,
  DecodedNodeSource,
} from '../../../src/inventory/types.ts';
import {
  aCluster,
  aLaunchTemplateSite,
  anEksWindowsImage,
  anInventory,
  aSelfManagedSource,
  imagesOf,
  NOW,
  userDataParsedFrom,
} from '../../builders/inventory.ts';

const OPTIONS: EvaluationOptions = {
  now: NOW,
  endOfSupportWarningDays: 180,
  amiExpiryWarningDays: 30,
};

const SHARED = {
  type: 'AwsEc2LaunchTemplate' as const,
  id: 'lt-0shared0000000000',
  name: 'win-shared',
};

function bootstrapping(args: string) {
  return userDataParsedFrom(
    `& "$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1" -EKSClusterName prod ${args}`,
  );
}

/** Groups win-a, win-b, … each on its own version (1, 2, …) of the shared template. */
function groupsOnVersions(sites: Partial<DecodedConfigSite>[]): DecodedNodeSource[] {
  return sites.map((site, index) => {
    const name = `win-${String.fromCharCode(97 + index)}`;
    const version = String(index + 1);
    return aSelfManagedSource({
      ref: { type: 'AwsAutoScalingAutoScalingGroup', id: name, name },
      sites: [
        aLaunchTemplateSite({
          ref: SHARED,
          launchTemplateVersion: version,
          requestedVersion: version,
          ...site,
        }),
      ],
    });
  });
}

/** Docker two ways on a cluster of `version`: version 1 passes it, version 2 runs a 1.23 AMI's default. */
function dockerTwoWays(version: string): DecodedInventory {
  return anInventory({
    clusters: [aCluster({ version })],
    nodeSources: groupsOnVersions([
      { userData: bootstrapping('-ContainerRuntime docker') },
      { userData: bootstrapping(''), imageId: 'ami-0win2022k123' },
    ]),
    images: imagesOf(
      anEksWindowsImage(),
      anEksWindowsImage({
        imageId: 'ami-0win2022k123',
        name: 'Windows_Server-2022-English-Core-EKS_Optimized-1.23-2026.11.10',
      }),
    ),
  });
}

/** The findings of `ruleId` with the sources in the order given and reversed, `affected` sorted. */
function inBothOrders(
  inventory: DecodedInventory,
  ruleId: string,
  options: Partial<EvaluationOptions> = {},
): [Finding[], Finding[]] {
  const run = (nodeSources: DecodedNodeSource[]) =>
    evaluateInventory({ ...inventory, nodeSources }, { ...OPTIONS, ...options })
      .findings.filter((finding) => finding.ruleId === ruleId)
      .map((finding) => ({
        ...finding,
        affected: [...finding.affected].sort((a, b) => a.name.localeCompare(b.name)),
      }));
  return [run(inventory.nodeSources), run([...inventory.nodeSources].reverse())];
}

describe('Merged findings: node sources sharing a launch template', () => {
  it("ami-unavailable tells both versions' unavailable AMIs, in either order", () => {
    // Prepare
    const inventory = anInventory({
      nodeSources: groupsOnVersions([
        { imageId: 'ami-0gone000000000001' },
        { imageId: 'ami-0gone000000000002' },
      ]),
      images: {
        'ami-0gone000000000001': { status: 'unavailable' },
        'ami-0gone000000000002': { status: 'unavailable' },
      },
    });

    // Act
    const [forward, reversed] = inBothOrders(inventory, 'ami-unavailable');

    // Assess
    expect(forward).toHaveLength(1);
    expect(reversed).toEqual(forward);
    expect(forward[0]?.description).toContain('ami-0gone000000000001');
    expect(forward[0]?.description).toContain('ami-0gone000000000002');
  });

  it('docker-runtime-unsupported tells both causes, each needing its own fix, in either order', () => {
    // Prepare
    const inventory = dockerTwoWays('1.33');

    // Act
    const [forward, reversed] = inBothOrders(inventory, 'docker-runtime-unsupported');

    // Assess
    expect(forward).toHaveLength(1);
    expect(reversed).toEqual(forward);
    expect(forward[0]?.description).toContain('passes -ContainerRuntime docker');
    expect(forward[0]?.description).toContain('built for Kubernetes 1.23');
  });

  it('an upgrade finding and its readiness problem tell every version too, in either order', () => {
    // Prepare: the 1.23 → 1.24 upgrade.
    const inventory = dockerTwoWays('1.23');
    const run = (nodeSources: DecodedNodeSource[]) =>
      evaluateInventory({ ...inventory, nodeSources }, { ...OPTIONS, targetVersion: '1.24' });

    // Act
    const [forward, reversed] = [
      run(inventory.nodeSources),
      run([...inventory.nodeSources].reverse()),
    ];

    // Assess
    const upgradeFinding = (found: typeof forward) =>
      found.findings.find(
        (finding) => finding.ruleId === 'docker-runtime-unsupported' && finding.upgrade,
      )?.description;
    expect(upgradeFinding(reversed)).toBe(upgradeFinding(forward));
    expect(upgradeFinding(forward)).toContain('Also:');
    const problems = (found: typeof forward) =>
      found.readiness?.flatMap((verdict) => verdict.blockers.map((blocker) => blocker.problem));
    expect(problems(reversed)).toEqual(problems(forward));
    expect(problems(forward)?.some((problem) => problem.includes('Also:'))).toBe(true);
  });

  it("kubelet-flag-removed tells each version's removed flags, in either order", () => {
    // Prepare: version 1 (a 1.34 AMI) passes --network-plugin, version 2 (1.29) another flag.
    const inventory = anInventory({
      clusters: [aCluster({ version: '1.34' })],
      nodeSources: groupsOnVersions([
        {
          userData: bootstrapping("-KubeletExtraArgs '--network-plugin=cni'"),
          imageId: 'ami-0k134',
        },
        {
          userData: bootstrapping("-KubeletExtraArgs '--image-pull-progress-deadline=20m'"),
          imageId: 'ami-0k129',
        },
      ]),
      images: imagesOf(
        anEksWindowsImage({
          imageId: 'ami-0k134',
          name: 'Windows_Server-2022-English-Core-EKS_Optimized-1.34-2026.11.10',
        }),
        anEksWindowsImage({
          imageId: 'ami-0k129',
          name: 'Windows_Server-2022-English-Core-EKS_Optimized-1.29-2026.11.10',
        }),
      ),
    });

    // Act
    const [forward, reversed] = inBothOrders(inventory, 'kubelet-flag-removed');

    // Assess
    expect(forward).toHaveLength(1);
    expect(reversed).toEqual(forward);
    expect(forward[0]?.description).toContain('--network-plugin (removed in 1.24)');
    expect(forward[0]?.description).toContain('--image-pull-progress-deadline (removed in 1.24)');
  });

  it('names the same source when every source tells the same, in either order', () => {
    // Prepare: three groups on one version, all on an unavailable AMI.
    const site = aLaunchTemplateSite({ ref: SHARED, imageId: 'ami-0gone000000000001' });
    const inventory = anInventory({
      nodeSources: ['win-c', 'win-a', 'win-b'].map((name) =>
        aSelfManagedSource({
          ref: { type: 'AwsAutoScalingAutoScalingGroup', id: name, name },
          sites: [site],
        }),
      ),
      images: { 'ami-0gone000000000001': { status: 'unavailable' } },
    });

    // Act
    const [forward, reversed] = inBothOrders(inventory, 'ami-unavailable');

    // Assess
    expect(reversed).toEqual(forward);
    expect(forward[0]?.description).toContain('used by Auto Scaling group win-a');
    expect(forward[0]?.description).not.toContain('Also:');
  });
});

describe('Merged findings: the instances a finding quotes', () => {
  it.each([
    ['node-drift', 'ami-0old'],
    ['running-on-unavailable-ami', 'ami-0gone000000000001'],
  ])(
    '%s quotes the first instance ids in order, whatever order the API listed them in',
    (ruleId, imageId) => {
      // Prepare: 25 instances on another AMI than the group declares.
      const ids = Array.from({ length: 25 }, (_, index) => `i-${String(index).padStart(3, '0')}`);
      const source = (order: string[]) =>
        aSelfManagedSource({
          instanceIds: order,
          runningInstances: order.map((instanceId) => ({
            instanceId,
            imageId,
            launchTemplate: { id: 'lt-0123456789abcdef0', version: '1' },
          })),
        });
      const images = {
        ...imagesOf(anEksWindowsImage(), anEksWindowsImage({ imageId: 'ami-0old' })),
        'ami-0gone000000000001': { status: 'unavailable' as const },
      };
      const run = (order: string[]) =>
        evaluateInventory(
          anInventory({ nodeSources: [source(order)], images }),
          OPTIONS,
        ).findings.find((finding) => finding.ruleId === ruleId)?.evidence.instanceIds;

      // Act
      const [forward, reversed] = [run(ids), run([...ids].reverse())];

      // Assess
      expect(forward).toEqual(ids.slice(0, 20));
      expect(reversed).toEqual(forward);
    },
  );
});
