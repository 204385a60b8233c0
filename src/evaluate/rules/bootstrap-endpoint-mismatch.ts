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

/** Base64 is case-sensitive; line breaks and spaces inside it are not significant. */
function normaliseCertificate(value: string): string {
  return value.replace(/\s+/g, '');
}

export const bootstrapEndpointMismatch: Rule = {
  id: 'bootstrap-endpoint-mismatch',
  severity: 'HIGH',
  title: "Bootstrap pins an API server endpoint or CA that is not the cluster's",
  description:
    'The -APIServerEndpoint or -Base64ClusterCA passed to Start-EKSBootstrap.ps1 differs from what DescribeCluster returns for the owning cluster: the kubelet talks to the wrong API server or rejects its certificate, and the node does not join.',
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
      const endpointDiffers =
        !!endpoint &&
        cluster.endpoint !== undefined &&
        normaliseEndpoint(endpoint) !== normaliseEndpoint(cluster.endpoint);
      const caDiffers =
        !!ca &&
        cluster.certificateAuthority !== undefined &&
        normaliseCertificate(ca) !== normaliseCertificate(cluster.certificateAuthority);
      if (!endpointDiffers && !caDiffers) return [];

      const mismatched = [
        ...(endpointDiffers ? ['APIServerEndpoint'] : []),
        ...(caDiffers ? ['Base64ClusterCA'] : []),
      ];
      // The endpoint is public; the CA is only named, never copied.
      const evidence: Evidence = { mismatchedArguments: mismatched };
      if (endpointDiffers && endpoint && cluster.endpoint) {
        evidence.bootstrapEndpoint = endpoint;
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
