import { describeWindowsSite, siteHit, sitesWriting, unquotedBecause } from '../facts.ts';
import { kubeletFlagValues, UNKNOWN_PART } from '../kubelet-arguments.ts';
import {
  KUBELET_NODE_LABELS_SOURCE,
  KUBELET_SETTABLE_LABELS,
  KUBELET_SETTABLE_NAMESPACES,
  RESERVED_LABEL_NAMESPACES,
} from '../reference-data/kubelet-node-labels.ts';
import type { Rule, RuleHit } from '../types.ts';
import { CONFIG_SITE_TYPES, USER_DATA_READS } from './metadata.ts';

/** Stands for the unknown name of a key whose namespace refuses every name: `node-role.kubernetes.io/…`. */
export const ANY_NAME = '…';

/**
 * The label keys a -KubeletExtraArgs string gives `--node-labels`, as the kubelet reads them:
 * every occurrence, `key=value` pairs split at commas, keys trimmed. Values are dropped. A key
 * that holds an unknown part is judged only when its namespace is known and refuses every
 * name (`node-role.kubernetes.io/$env:Role`, given as `node-role.kubernetes.io/…`):
 * `kubernetes.io/$env:Label` may be kubernetes.io/hostname, which a kubelet may set.
 */
export function nodeLabelKeys(extraArgs: string): string[] {
  return kubeletFlagValues(extraArgs, '--node-labels').flatMap((value) =>
    value.split(',').flatMap((pair) => {
      const key = (pair.split('=')[0] ?? '').trim();
      if (key === '') return [];
      if (!key.includes(UNKNOWN_PART)) return [key];
      const slash = key.indexOf('/');
      const namespace = key.slice(0, Math.max(slash, 0));
      const refusesAll =
        slash >= 0 && !namespace.includes(UNKNOWN_PART) && refusesEveryName(namespace);
      return refusesAll ? [`${namespace}/${ANY_NAME}`] : [];
    }),
  );
}

function inNamespace(namespace: string, parent: string): boolean {
  return namespace === parent || namespace.endsWith(`.${parent}`);
}

/** What the kubelet checks at start: a reserved namespace's label it may not set itself. */
export function isRestrictedNodeLabel(key: string): boolean {
  const slash = key.indexOf('/');
  const namespace = slash < 0 ? '' : key.slice(0, slash);
  if (!RESERVED_LABEL_NAMESPACES.some((reserved) => inNamespace(namespace, reserved))) return false;
  if (KUBELET_SETTABLE_LABELS.has(key)) return false;
  return !KUBELET_SETTABLE_NAMESPACES.some((settable) => inNamespace(namespace, settable));
}

/** Whether a kubelet may set no label of `namespace` at all (node-role.kubernetes.io, say). */
function refusesEveryName(namespace: string): boolean {
  const settableHere = [...KUBELET_SETTABLE_LABELS].some((key) => key.startsWith(`${namespace}/`));
  return !settableHere && isRestrictedNodeLabel(`${namespace}/name`);
}

/** A label key as Kubernetes spells one (DNS prefix, `/`, name): safe to quote. */
const LABEL_KEY =
  /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?\/[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/**
 * The kubelet validates --node-labels before it starts: a label in the `kubernetes.io` or
 * `k8s.io` namespaces that a kubelet may not set on its own Node (node-role.kubernetes.io/…,
 * the usual one, or app.kubernetes.io/…) stops it, so the Windows service never runs and the
 * node never joins. Such labels belong on the Node after it registers (kubectl label).
 */
export const kubeletNodeLabelsRestricted: Rule = {
  id: 'kubelet-node-labels-restricted',
  severity: 'HIGH',
  title: 'Bootstrap gives the kubelet a node label it may not set',
  description:
    "-KubeletExtraArgs passes --node-labels with a label in the kubernetes.io or k8s.io namespaces that a kubelet may not set on its own Node (node-role.kubernetes.io/worker, say). The kubelet refuses to start (\"unknown 'kubernetes.io' or 'k8s.io' labels specified with --node-labels\"), so the node never joins the cluster.",
  remediation:
    'Remove those labels from --node-labels, or use keys outside kubernetes.io and k8s.io (your own domain, or node.kubernetes.io/…, which a kubelet may set); add a role label to the Node after it registers if you need one. Publish the corrected user data and replace the nodes.',
  resourceTypes: [...CONFIG_SITE_TYPES],
  permissions: [...USER_DATA_READS],
  source: KUBELET_NODE_LABELS_SOURCE,
  evaluate({ inventory }) {
    // Labels written around a variable the scan cannot read are judged too.
    return sitesWriting(inventory, 'KubeletExtraArgs').flatMap((passing): RuleHit[] => {
      const restricted = [...new Set(nodeLabelKeys(passing.value))].filter(isRestrictedNodeLabel);
      if (restricted.length === 0) return [];
      // A value bound by position or through an abbreviated name may be another command's
      // words a stray line continuation pulled into the call (a secret): judged, never quoted.
      const quoted =
        unquotedBecause(passing) !== undefined
          ? []
          : restricted.filter((key) => LABEL_KEY.test(key.replace(ANY_NAME, 'name')));
      const named = quoted.length === 0 ? '' : ` (${quoted.join(', ')})`;
      const count = restricted.length === 1 ? 'a node label' : `${restricted.length} node labels`;
      return [
        siteHit(
          passing,
          { restrictedLabelCount: restricted.length, restrictedLabels: quoted },
          `${describeWindowsSite(passing)} passes --node-labels with ${count} a kubelet may not set${named}; the kubelet refuses to start.`,
        ),
      ];
    });
  },
};
