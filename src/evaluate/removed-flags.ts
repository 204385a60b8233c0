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

/** A Windows site and the component version it is judged against. */
interface JudgedSite {
  windowsSite: WindowsSite;
  version: string;
  basis: VersionBasis;
}

/** The flags of `extraArgs` a component of `version` lacks, each once, in the order written. */
function removedFlagsAt(
  extraArgs: string,
  version: string,
  catalogue: RemovedFlagCatalogue,
): string[] {
  const running = parseKubernetesVersion(version);
  if (running === undefined) return [];
  return [...new Set(kubeletFlagNames(extraArgs))].filter((flag) => {
    if (!Object.hasOwn(catalogue.removed, flag)) return false;
    const since = parseKubernetesVersion(catalogue.removed[flag]?.removedIn);
    return since !== undefined && compareKubernetesVersions(running, since) >= 0;
  });
}

/** Why a version was judged against, when the sentence needs it said. */
const BASIS_NOTES: Readonly<Record<VersionBasis, string>> = {
  'node-ami': '',
  'control-plane': " (the control plane's version: the nodes' own is not known)",
  'upgrade-target': '',
};

/**
 * The hits of sites whose -…ExtraArgs passes flags their component lacks. One launch template
 * may serve node sources of several versions (node groups on two releases, an upgrade half
 * done), and its hits merge into one finding: each tells the newest version's flags, which
 * hold every older one's, as removals only add up.
 */
function removedFlagsHitsOf(
  judged: readonly JudgedSite[],
  catalogue: RemovedFlagCatalogue,
): RuleHit[] {
  // Keyed as a finding is (cluster and resource), and by template version: each has its own user data.
  const bySite = new Map<string, JudgedSite[]>();
  for (const each of judged) {
    const { source, site } = each.windowsSite;
    const key = `${source.cluster}/${site.ref.type}/${site.ref.id}/${site.launchTemplateVersion ?? ''}`;
    const sharing = bySite.get(key);
    if (sharing === undefined) bySite.set(key, [each]);
    else sharing.push(each);
  }
  return [...bySite.values()].flatMap((sharing) => {
    const first = sharing[0];
    if (first === undefined) return [];
    const extraArgs = literalArgumentOf(
      bootstrapCallOf(first.windowsSite.site),
      catalogue.parameter,
    );
    if (extraArgs === undefined) return [];
    const failing = sharing.filter(
      ({ version }) => removedFlagsAt(extraArgs, version, catalogue).length > 0,
    );
    const newest = failing.reduce<JudgedSite | undefined>(
      (best, each) => (best === undefined || newer(each.version, best.version) ? each : best),
      undefined,
    );
    if (newest === undefined) return [];
    const removed = removedFlagsAt(extraArgs, newest.version, catalogue);
    const removedIn = removed.map(
      (flag) => `${flag} (removed in ${catalogue.removed[flag]?.removedIn})`,
    );
    const others = [
      ...new Set(failing.map(({ version }) => version).filter((v) => v !== newest.version)),
    ];
    const othersNote = others.length === 0 ? '' : ` Others using it run ${others.join(', ')}.`;
    const evidence = {
      removedFlags: removed,
      [catalogue.versionKey]: newest.version,
      [catalogue.versionBasisKey]: newest.basis,
      ...imageEvidenceOf(newest.windowsSite.site),
    };
    const detail = `${describeWindowsSite(newest.windowsSite)} passes ${removedIn.join(', ')} to ${catalogue.component} ${newest.version}${BASIS_NOTES[newest.basis]}.${othersNote}`;
    // Each hit alike, so that the merged finding tells the same whichever comes first.
    return failing.map(({ windowsSite }) => siteHit(windowsSite, evidence, detail));
  });
}

function newer(a: string, b: string): boolean {
  const [left, right] = [parseKubernetesVersion(a), parseKubernetesVersion(b)];
  return left !== undefined && right !== undefined && compareKubernetesVersions(left, right) > 0;
}

/**
 * Judged against the component the node runs: the Kubernetes version of its EKS AMI (or node
 * group release) when known, else the control plane's, which a current node matches.
 */
export function removedFlagsHits(
  inventory: DecodedInventory,
  catalogue: RemovedFlagCatalogue,
): RuleHit[] {
  const judged = windowsSitesOf(inventory).flatMap((windowsSite): JudgedSite[] => {
    const nodeVersion = kubernetesMinorOf(
      nodeKubernetesVersionOf(inventory, windowsSite.source, windowsSite.site),
    );
    if (nodeVersion !== undefined)
      return [{ windowsSite, version: nodeVersion, basis: 'node-ami' }];
    const clusterVersion = kubernetesMinorOf(windowsSite.cluster?.version);
    return clusterVersion === undefined
      ? []
      : [{ windowsSite, version: clusterVersion, basis: 'control-plane' }];
  });
  return removedFlagsHitsOf(judged, catalogue);
}

/** For an upgrade, against the target: the nodes that replace today's run its version. */
export function removedFlagsUpgradeHits(
  inventory: DecodedInventory,
  upgrades: ReadonlyMap<string, UpgradeStep>,
  catalogue: RemovedFlagCatalogue,
): RuleHit[] {
  const judged = windowsSitesOf(inventory).flatMap((windowsSite): JudgedSite[] => {
    const target = upgrades.get(windowsSite.source.cluster)?.to;
    return target === undefined ? [] : [{ windowsSite, version: target, basis: 'upgrade-target' }];
  });
  return removedFlagsHitsOf(judged, catalogue);
}
