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
  nodeKubernetesVersionOf,
  parseKubernetesVersion,
  siteHit,
  type WindowsSite,
  windowsSitesOf,
  writtenArgumentOf,
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

/** Which basis a tie prefers: the node's own version over the control plane's. */
const BASIS_RANK: Readonly<Record<VersionBasis, number>> = {
  'node-ami': 0,
  'upgrade-target': 0,
  'control-plane': 1,
};

interface FailingSite extends JudgedSite {
  removed: string[];
}

/**
 * Which of two sites' hits a finding should tell, whatever the order they come in: the newer
 * version, then more flags, the node's own version, the later template version, the source's
 * id.
 */
function tellsMore(a: FailingSite, b: FailingSite): boolean {
  const versions = byVersion(a.version, b.version);
  if (versions !== 0) return versions > 0;
  if (a.removed.length !== b.removed.length) return a.removed.length > b.removed.length;
  if (BASIS_RANK[a.basis] !== BASIS_RANK[b.basis]) return BASIS_RANK[a.basis] < BASIS_RANK[b.basis];
  const [templateA, templateB] = [a, b].map(
    (each) => Number(each.windowsSite.site.launchTemplateVersion) || 0,
  );
  if (templateA !== templateB) return (templateA ?? 0) > (templateB ?? 0);
  return a.windowsSite.source.ref.id < b.windowsSite.source.ref.id;
}

/** "1.29", "1.29 and 1.30", "1.28, 1.29 and 1.30". */
function listed(versions: readonly string[]): string {
  return versions.length <= 1
    ? (versions[0] ?? '')
    : `${versions.slice(0, -1).join(', ')} and ${versions.at(-1)}`;
}

/**
 * The hits of sites whose -…ExtraArgs passes flags their component lacks. Hits of one rule on
 * one resource merge into one finding, and a launch template may serve node sources of
 * several versions (node groups on two releases, an upgrade half done): every hit of a
 * resource and its arguments carries what one chosen site tells (`tellsMore`), naming the
 * other versions in a sentence rather than as stories of their own. Removals only add up, so
 * the newest version's flags hold every older one's of the same arguments.
 */
function removedFlagsHitsOf(
  judged: readonly JudgedSite[],
  catalogue: RemovedFlagCatalogue,
): RuleHit[] {
  const byResource = new Map<string, FailingSite[]>();
  for (const each of judged) {
    const { source, site } = each.windowsSite;
    // Flag names around a variable (`--log-dir=$env:LogRoot\x`) are known all the same.
    const extraArgs = writtenArgumentOf(bootstrapCallOf(site), catalogue.parameter);
    const removed =
      extraArgs === undefined ? [] : removedFlagsAt(extraArgs, each.version, catalogue);
    if (removed.length === 0) continue;
    // Keyed as a finding is, and by the arguments: sites of other arguments (another version
    // of the template) tell stories of their own, which the finding tells after (mergeHits).
    const key = `${source.cluster}/${site.ref.type}/${site.ref.id}\n${extraArgs}`;
    const failing = byResource.get(key);
    if (failing === undefined) byResource.set(key, [{ ...each, removed }]);
    else failing.push({ ...each, removed });
  }
  return [...byResource.values()].flatMap((failing) => {
    const chosen = failing.reduce((best, each) => (tellsMore(each, best) ? each : best));
    const removedIn = chosen.removed.map(
      (flag) => `${flag} (removed in ${catalogue.removed[flag]?.removedIn})`,
    );
    const others = [...new Set(failing.map(({ version }) => version))]
      .filter((version) => version !== chosen.version)
      .sort(byVersion);
    const othersNote =
      others.length === 0 ? '' : ` Other node sources using it run ${listed(others)}.`;
    const evidence = {
      removedFlags: chosen.removed,
      [catalogue.versionKey]: chosen.version,
      [catalogue.versionBasisKey]: chosen.basis,
      ...imageEvidenceOf(chosen.windowsSite.site),
    };
    const detail = `${describeWindowsSite(chosen.windowsSite)} passes ${removedIn.join(', ')} to ${catalogue.component} ${chosen.version}${BASIS_NOTES[chosen.basis]}.${othersNote}`;
    return failing.map(({ windowsSite }) => siteHit(windowsSite, evidence, detail));
  });
}

/** Two "1.NN" versions compared, oldest first; an unreadable one ties. */
function byVersion(a: string, b: string): number {
  const [left, right] = [parseKubernetesVersion(a), parseKubernetesVersion(b)];
  return left && right ? compareKubernetesVersions(left, right) : 0;
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
