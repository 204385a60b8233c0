import {
  bootstrapCallOf,
  describeWindowsSite,
  literalArgumentOf,
  siteHit,
  windowsSitesOf,
} from '../facts.ts';
import type { Evidence, Rule, RuleHit } from '../types.ts';
import { CONFIG_SITE_TYPES, EKS_WINDOWS_AMIS, USER_DATA_READS } from './metadata.ts';

/**
 * Comparable form of an API server URL: host case, the default port and trailing slashes
 * don't matter. A value without a scheme is read as https, as Kubernetes clients do.
 */
export function normaliseEndpoint(value: string): string {
  const text = value.trim();
  const withScheme = /^[a-z][a-z\d+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  try {
    const url = new URL(withScheme);
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}${url.search}`;
  } catch {
    return text.replace(/\/+$/, '').toLowerCase();
  }
}

/**
 * The host of an EKS API server endpoint: `<id>.<cell>.<region>.eks.amazonaws.com` (`.cn`
 * in China), e.g. 0123456789ABCDEF0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com.
 */
const EKS_ENDPOINT_HOST =
  /^[a-z0-9]{1,64}\.[a-z0-9]{1,8}\.[a-z]{2}(?:-[a-z0-9]+)+-\d+\.eks\.amazonaws\.com(?:\.cn)?$/i;

/**
 * The -APIServerEndpoint as evidence may show it: exactly `https://<host>` of an EKS endpoint
 * shape, nothing before or after the host (no credentials, port, path, query, `;` or `\`).
 * Anything else is not quoted: a value that is no such URL may be a word the call caught
 * from another statement (after a stray line continuation, `net user Administrator
 * <password>` binds the password here), and a URL may carry a token anywhere after its host.
 */
export function quotableEndpoint(value: string): string | undefined {
  const match = /^https:\/\/([^/?#;\\@:%\s]+)\/?$/i.exec(value.trim());
  const host = match?.[1];
  return host !== undefined && EKS_ENDPOINT_HOST.test(host) ? `https://${host}` : undefined;
}

/** Base64 is case-sensitive; line breaks and spaces inside it are not significant. */
function normaliseCertificate(value: string): string {
  return value.replace(/\s+/g, '');
}

export const bootstrapEndpointMismatch: Rule = {
  id: 'bootstrap-endpoint-mismatch',
  severity: 'HIGH',
  title: "Bootstrap pins an API server endpoint or CA that is not the cluster's",
  description:
    'The bootstrap call passes both -APIServerEndpoint and -Base64ClusterCA, so Start-EKSBootstrap.ps1 skips its own Get-EKSCluster lookup and uses them as given, but one of them differs from what DescribeCluster returns for the owning cluster: the kubelet talks to the wrong API server or rejects its certificate, and the node does not join.',
  remediation:
    'Take both values from DescribeCluster (endpoint and certificateAuthority.data) of the owning cluster, or drop both arguments to let the script look them up; publish the corrected user data and replace the nodes.',
  resourceTypes: [...CONFIG_SITE_TYPES],
  permissions: ['eks:DescribeCluster', ...USER_DATA_READS],
  source: EKS_WINDOWS_AMIS,
  evaluate({ inventory }) {
    return windowsSitesOf(inventory).flatMap((windowsSite): RuleHit[] => {
      const { cluster, site } = windowsSite;
      const call = bootstrapCallOf(site);
      if (cluster === undefined || call === undefined) return [];
      const endpoint = literalArgumentOf(call, 'APIServerEndpoint')?.trim();
      const ca = literalArgumentOf(call, 'Base64ClusterCA')?.trim();
      // The script uses the pair only when both are given; with one, it looks the cluster
      // up and overwrites both, so a lone value (Karpenter's endpoint without a CA) is moot.
      if (!endpoint || !ca) return [];
      const endpointDiffers =
        cluster.endpoint !== undefined &&
        normaliseEndpoint(endpoint) !== normaliseEndpoint(cluster.endpoint);
      const caDiffers =
        cluster.certificateAuthority !== undefined &&
        normaliseCertificate(ca) !== normaliseCertificate(cluster.certificateAuthority);
      if (!endpointDiffers && !caDiffers) return [];

      const mismatched = [
        ...(endpointDiffers ? ['APIServerEndpoint'] : []),
        ...(caDiffers ? ['Base64ClusterCA'] : []),
      ];
      // The endpoint is public when it is one; the CA is only named, never copied.
      const evidence: Evidence = { mismatchedArguments: mismatched };
      if (endpointDiffers && cluster.endpoint) {
        const quotable = quotableEndpoint(endpoint);
        if (quotable === undefined) evidence.bootstrapEndpointIsUrl = false;
        else evidence.bootstrapEndpoint = quotable;
        evidence.clusterEndpoint = cluster.endpoint;
      }
      const what = mismatched.map((name) => `-${name}`).join(' and ');
      return [
        siteHit(
          windowsSite,
          evidence,
          `${describeWindowsSite(windowsSite)} passes ${what} that differ${mismatched.length === 1 ? 's' : ''} from cluster "${cluster.name}".`,
        ),
      ];
    });
  },
};
