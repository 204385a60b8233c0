/**
 * Flags a component Start-EKSBootstrap.ps1 starts (the kubelet, kube-proxy) no longer has:
 * its flag library stops it on them ("unknown flag"). Judged against the version the node's
 * component runs, which the EKS Windows AMI ships for its Kubernetes version, both binaries
 * alike.
 */
import type { BootstrapParameter } from '../decode/types.ts';
import type { DecodedInventory } from '../inventory/types.ts';
import {
  bootstrapCallOf,
  compareKubernetesVersions,
  describeWindowsSite,
  imageEvidenceOf,
  kubernetesMinorOf,
  literalArgumentOf,
  nodeKubernetesVersionOf,
  parseKubernetesVersion,
  siteHit,
  type WindowsSite,
  windowsSitesOf,
} from './facts.ts';
import { kubeletFlagNames } from './kubelet-arguments.ts';
import type { RemovedFlag } from './reference-data/removed-flags.ts';
import type { RuleHit, UpgradeStep } from './types.ts';

/** What a site's component version was read from: its AMI, the control plane, or an upgrade's target. */
type VersionBasis = 'node-ami' | 'control-plane' | 'upgrade-target';

/** What a component had and lost, and how its findings name it. */
export interface RemovedFlagCatalogue {
  /** How a detail names the component before its version: "a kubelet", "kube-proxy". */
  component: string;
  /** The -…ExtraArgs parameter its flags are passed in. */
  parameter: BootstrapParameter;
  removed: Readonly<Record<string, RemovedFlag>>;
  /** The evidence's keys for the version judged against and what it was read from. */
  versionKey: string;
  versionBasisKey: string;
}

/** The hit of a site whose -…ExtraArgs passes flags a component of `version` lacks. */
function removedFlagsHit(
  windowsSite: WindowsSite,
  version: string | undefined,
  basis: VersionBasis,
  catalogue: RemovedFlagCatalogue,
): RuleHit[] {
  const extraArgs = literalArgumentOf(bootstrapCallOf(windowsSite.site), catalogue.parameter);
  const running = parseKubernetesVersion(version);
  if (extraArgs === undefined || running === undefined) return [];
  const removed = [...new Set(kubeletFlagNames(extraArgs))].filter((flag) => {
    if (!Object.hasOwn(catalogue.removed, flag)) return false;
    const since = parseKubernetesVersion(catalogue.removed[flag]?.removedIn);
    return since !== undefined && compareKubernetesVersions(running, since) >= 0;
  });
  if (removed.length === 0) return [];
  const removedIn = removed.map(
    (flag) => `${flag} (removed in ${catalogue.removed[flag]?.removedIn})`,
  );
  return [
    siteHit(
      windowsSite,
      {
        removedFlags: removed,
        [catalogue.versionKey]: version ?? null,
        [catalogue.versionBasisKey]: basis,
        ...imageEvidenceOf(windowsSite.site),
      },
      `${describeWindowsSite(windowsSite)} passes ${removedIn.join(', ')} to ${catalogue.component} ${version}.`,
    ),
  ];
}

/**
 * Judged against the component the node runs: the Kubernetes version of its EKS AMI (or node
 * group release) when known, else the control plane's, which a current node matches.
 */
export function removedFlagsHits(
  inventory: DecodedInventory,
  catalogue: RemovedFlagCatalogue,
): RuleHit[] {
  return windowsSitesOf(inventory).flatMap((windowsSite) => {
    const nodeVersion = kubernetesMinorOf(
      nodeKubernetesVersionOf(inventory, windowsSite.source, windowsSite.site),
    );
    return nodeVersion === undefined
      ? removedFlagsHit(
          windowsSite,
          kubernetesMinorOf(windowsSite.cluster?.version),
          'control-plane',
          catalogue,
        )
      : removedFlagsHit(windowsSite, nodeVersion, 'node-ami', catalogue);
  });
}

/** For an upgrade, against the target: the nodes that replace today's run its version. */
export function removedFlagsUpgradeHits(
  inventory: DecodedInventory,
  upgrades: ReadonlyMap<string, UpgradeStep>,
  catalogue: RemovedFlagCatalogue,
): RuleHit[] {
  return windowsSitesOf(inventory).flatMap((windowsSite) =>
    removedFlagsHit(
      windowsSite,
      upgrades.get(windowsSite.source.cluster)?.to,
      'upgrade-target',
      catalogue,
    ),
  );
}
