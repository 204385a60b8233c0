/** Amazon EKS (REST-JSON: the operation is the method and path) over the estate. */
import type { NodeGroup, RegionEstate } from '../estate.ts';
import { jsonResponse, page, pageSize, ServiceError, type WireResponse } from '../wire.ts';

const JSON_TYPE = 'application/json';
const CREATED_SECONDS = Date.parse('2025-06-01T00:00:00Z') / 1000;

/**
 * The operation a request names: GET /clusters, /clusters/{name}, …/node-groups[/{name}],
 * POST …/insights (ListInsights: its filter is in the body), GET …/insights/{id}.
 */
export function eksOperation(method: string, path: string): string {
  const parts = path.split('/').filter((part) => part !== '');
  if (method === 'GET' && parts[0] === 'clusters') {
    if (parts.length === 1) return 'ListClusters';
    if (parts.length === 2) return 'DescribeCluster';
    if (parts.length === 3 && parts[2] === 'node-groups') return 'ListNodegroups';
    if (parts.length === 4 && parts[2] === 'node-groups') return 'DescribeNodegroup';
    if (parts.length === 4 && parts[2] === 'insights') return 'DescribeInsight';
  }
  if (method === 'POST' && parts[0] === 'clusters' && parts.length === 3 && parts[2] === 'insights')
    return 'ListInsights';
  return `${method} ${path}`;
}

export interface EstateInsight {
  id: string;
  name: string;
  category: 'UPGRADE_READINESS' | 'MISCONFIGURATION';
  status: 'PASSING' | 'WARNING' | 'ERROR';
  reason: string;
  recommendation: string;
}

/**
 * A cluster's insights, derived from the estate: every cluster passes one check; one whose
 * node groups lag its version warns of kubelet skew; every third (by name) still calls APIs
 * the next version removes.
 */
export function clusterInsights(clusterName: string, region: RegionEstate): EstateInsight[] {
  const cluster = region.clusterByName.get(clusterName);
  if (cluster === undefined) return [];
  const insights: EstateInsight[] = [
    {
      id: `${clusterName}-addon-compatibility`,
      name: 'Amazon EKS add-on version compatibility',
      category: 'UPGRADE_READINESS',
      status: 'PASSING',
      reason: 'All add-on versions are compatible with the next Kubernetes version.',
      recommendation: 'No action required.',
    },
  ];
  const nodeGroups = region.nodeGroupsByCluster.get(clusterName) ?? [];
  if (nodeGroups.some((nodeGroup) => nodeGroup.version !== cluster.version)) {
    insights.push({
      id: `${clusterName}-kubelet-skew`,
      name: 'Kubelet version skew',
      category: 'UPGRADE_READINESS',
      status: 'WARNING',
      reason: 'Some nodes run a kubelet older than the control plane.',
      recommendation: 'Upgrade the nodes to the control plane version before upgrading it.',
    });
  }
  const sum = [...clusterName].reduce((total, character) => total + character.charCodeAt(0), 0);
  if (sum % 3 === 0) {
    insights.push({
      id: `${clusterName}-deprecated-apis`,
      name: 'Deprecated APIs removed in the next Kubernetes version',
      category: 'UPGRADE_READINESS',
      status: 'ERROR',
      reason: 'Deprecated API usage detected within the last 30 days.',
      recommendation: 'Update manifests and API clients to use newer Kubernetes APIs.',
    });
  }
  return insights;
}

function insightSummary(insight: EstateInsight): Record<string, unknown> {
  return {
    id: insight.id,
    name: insight.name,
    category: insight.category,
    kubernetesVersion: '1.35',
    lastRefreshTime: CREATED_SECONDS,
    lastTransitionTime: CREATED_SECONDS,
    description: `Checks ${insight.name.toLowerCase()}.`,
    insightStatus: { status: insight.status, reason: insight.reason },
  };
}

export function eks(
  operation: string,
  path: string,
  query: Record<string, string | string[] | null | undefined>,
  region: RegionEstate,
): WireResponse {
  const parts = path
    .split('/')
    .filter((part) => part !== '')
    .map(decodeURIComponent);
  const single = (name: string): string | undefined => {
    const value = query[name];
    return Array.isArray(value) ? value[0] : (value ?? undefined);
  };
  // maxResults: 1–100, default 100 (ListClusters, ListNodegroups).
  const size = () =>
    pageSize(
      single('maxResults'),
      { min: 1, max: 100, default: 100 },
      'maxResults',
      'InvalidParameterException',
    );
  switch (operation) {
    case 'ListClusters': {
      const { items, nextToken } = page(
        region.clusters.map((cluster) => cluster.name),
        single('nextToken'),
        size(),
      );
      return jsonResponse({ clusters: items, nextToken }, JSON_TYPE);
    }
    case 'DescribeCluster': {
      const cluster = region.clusterByName.get(parts[1] ?? '');
      if (cluster === undefined) {
        throw new ServiceError(
          'ResourceNotFoundException',
          `No cluster found for name: ${parts[1]}.`,
          404,
        );
      }
      return jsonResponse(
        {
          cluster: {
            name: cluster.name,
            arn: cluster.arn,
            createdAt: CREATED_SECONDS,
            version: cluster.version,
            endpoint: cluster.endpoint,
            roleArn: `arn:aws:iam::123456789012:role/${cluster.name}-cluster`,
            resourcesVpcConfig: {
              subnetIds: ['subnet-0a1b2c3d', 'subnet-0e1f2a3b'],
              securityGroupIds: [],
              clusterSecurityGroupId: 'sg-0123456789abcdef0',
              vpcId: cluster.vpcId,
              endpointPublicAccess: true,
              endpointPrivateAccess: true,
              publicAccessCidrs: ['0.0.0.0/0'],
            },
            kubernetesNetworkConfig: {
              serviceIpv4Cidr: cluster.serviceIpv4Cidr,
              serviceIpv6Cidr: cluster.serviceIpv6Cidr,
              ipFamily: cluster.ipFamily,
            },
            status: 'ACTIVE',
            certificateAuthority: { data: cluster.certificateAuthority },
            platformVersion: 'eks.12',
            tags: cluster.tags,
          },
        },
        JSON_TYPE,
      );
    }
    case 'ListNodegroups': {
      const nodeGroups = region.nodeGroupsByCluster.get(parts[1] ?? '');
      if (nodeGroups === undefined) {
        throw new ServiceError(
          'ResourceNotFoundException',
          `No cluster found for name: ${parts[1]}.`,
          404,
        );
      }
      const { items, nextToken } = page(
        nodeGroups.map((nodeGroup) => nodeGroup.name),
        single('nextToken'),
        size(),
      );
      return jsonResponse({ nodegroups: items, nextToken }, JSON_TYPE);
    }
    case 'DescribeNodegroup': {
      const nodeGroup = region.nodeGroupsByCluster
        .get(parts[1] ?? '')
        ?.find((candidate) => candidate.name === parts[3]);
      if (nodeGroup === undefined) {
        throw new ServiceError(
          'ResourceNotFoundException',
          `No node group found for name: ${parts[3]}.`,
          404,
        );
      }
      return jsonResponse({ nodegroup: nodeGroupJson(nodeGroup) }, JSON_TYPE);
    }
    case 'ListInsights': {
      if (!region.clusterByName.has(parts[1] ?? '')) {
        throw new ServiceError(
          'ResourceNotFoundException',
          `No cluster found for name: ${parts[1]}.`,
          404,
        );
      }
      // The filter and paging are in the request body, which this fake is not given: every
      // insight in one page (a cluster has a handful), as a server ignoring the filter would.
      return jsonResponse(
        { insights: clusterInsights(parts[1] ?? '', region).map(insightSummary) },
        JSON_TYPE,
      );
    }
    case 'DescribeInsight': {
      const insight = clusterInsights(parts[1] ?? '', region).find(
        (candidate) => candidate.id === parts[3],
      );
      if (insight === undefined) {
        throw new ServiceError(
          'ResourceNotFoundException',
          `No insight found for id: ${parts[3]}.`,
          404,
        );
      }
      return jsonResponse(
        {
          insight: {
            ...insightSummary(insight),
            recommendation: insight.recommendation,
            additionalInfo: {},
            resources: [],
          },
        },
        JSON_TYPE,
      );
    }
    default:
      throw new ServiceError('InvalidRequestException', `Unsupported operation ${operation}`);
  }
}

function nodeGroupJson(nodeGroup: NodeGroup): Record<string, unknown> {
  return {
    nodegroupName: nodeGroup.name,
    nodegroupArn: nodeGroup.arn,
    clusterName: nodeGroup.cluster,
    version: nodeGroup.version,
    releaseVersion: nodeGroup.releaseVersion,
    createdAt: CREATED_SECONDS,
    modifiedAt: CREATED_SECONDS,
    status: 'ACTIVE',
    capacityType: 'ON_DEMAND',
    scalingConfig: { minSize: 1, maxSize: 10, desiredSize: 3 },
    instanceTypes: ['m5.xlarge'],
    subnets: ['subnet-0a1b2c3d', 'subnet-0e1f2a3b'],
    amiType: nodeGroup.amiType,
    nodeRole: `arn:aws:iam::123456789012:role/${nodeGroup.cluster}-nodes`,
    labels: {},
    resources: {
      autoScalingGroups: [{ name: nodeGroup.autoScalingGroupName }],
    },
    diskSize: 50,
    health: { issues: [] },
    launchTemplate: nodeGroup.launchTemplate,
    tags: nodeGroup.tags,
  };
}
