import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeImagesCommand, DescribeLaunchTemplateVersionsCommand } from '@aws-sdk/client-ec2';
import {
  AccessDeniedException,
  DescribeInsightCommand,
  EKSServiceException,
  ListClustersCommand,
  ListInsightsCommand,
  ListNodegroupsCommand,
} from '@aws-sdk/client-eks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { collectInsights, INSIGHTS_UNAVAILABLE_CODE } from '../../../src/collect/insights.ts';
import {
  ACCOUNT_ID,
  autoScalingGroup,
  collect,
  collectContext,
  ec2Image,
  type MockedAws,
  mockAws,
  REGION,
  restoreAws,
  templateVersion,
} from './aws-responses.ts';

const deprecatedApis = {
  id: 'insight-deprecated-apis',
  name: 'Deprecated APIs removed in Kubernetes v1.32',
  category: 'UPGRADE_READINESS' as const,
  kubernetesVersion: '1.32',
  description: 'Checks for usage of deprecated Kubernetes APIs.',
  insightStatus: { status: 'ERROR' as const, reason: 'Deprecated API usage detected.' },
};
const kubeletSkew = {
  id: 'insight-kubelet-skew',
  name: 'Kubelet version skew',
  category: 'UPGRADE_READINESS' as const,
  insightStatus: { status: 'WARNING' as const, reason: 'Some nodes lag the control plane.' },
};

/** An answer that is no service error: the HTML 404 page an endpoint without the operation sends. */
function notImplemented(): Error {
  const error = new SyntaxError('Unexpected token \'<\', "<!doctype "... is not valid JSON');
  Object.assign(error, { $metadata: { httpStatusCode: 404 } });
  return error;
}

describe('Function: collectInsights', () => {
  let aws: MockedAws;

  beforeEach(() => {
    aws = mockAws();
  });

  afterEach(() => {
    restoreAws(aws);
  });

  it('follows nextToken through every page, filtered on the categories and failing statuses', async () => {
    // Prepare
    aws.eks
      .on(ListInsightsCommand)
      .resolvesOnce({ insights: [deprecatedApis], nextToken: 'page-2' })
      .resolvesOnce({ insights: [kubeletSkew] });
    const context = collectContext();

    // Act
    const result = await collectInsights(context, 'prod');

    // Assess
    expect(result.status).toBe('read');
    expect(result.status === 'read' && result.insights.map((insight) => insight.id)).toEqual([
      'insight-deprecated-apis',
      'insight-kubelet-skew',
    ]);
    expect(aws.eks).toHaveReceivedCommandTimes(ListInsightsCommand, 2);
    expect(aws.eks).toHaveReceivedNthCommandWith(ListInsightsCommand, 1, {
      clusterName: 'prod',
      maxResults: 100,
      filter: {
        categories: ['UPGRADE_READINESS', 'MISCONFIGURATION'],
        statuses: ['ERROR', 'WARNING'],
      },
    });
    expect(aws.eks).toHaveReceivedNthCommandWith(ListInsightsCommand, 2, {
      clusterName: 'prod',
      nextToken: 'page-2',
    });
    expect(context.errors.entries).toEqual([]);
  });

  it('reads each failing insight recommendation with DescribeInsight, and describes no passing one', async () => {
    // Prepare
    const passing = { id: 'insight-passing', insightStatus: { status: 'PASSING' as const } };
    aws.eks.on(ListInsightsCommand).resolves({ insights: [deprecatedApis, passing] });
    aws.eks.on(DescribeInsightCommand, { id: 'insight-deprecated-apis' }).resolves({
      insight: { ...deprecatedApis, recommendation: 'Update manifests to the v1 APIs.' },
    });

    // Act
    const result = await collectInsights(collectContext(), 'prod');

    // Assess
    expect(result).toEqual({
      status: 'read',
      insights: [
        {
          id: 'insight-deprecated-apis',
          name: 'Deprecated APIs removed in Kubernetes v1.32',
          category: 'UPGRADE_READINESS',
          status: 'ERROR',
          reason: 'Deprecated API usage detected.',
          description: 'Checks for usage of deprecated Kubernetes APIs.',
          kubernetesVersion: '1.32',
          recommendation: 'Update manifests to the v1 APIs.',
        },
      ],
    });
    expect(aws.eks).toHaveReceivedCommandTimes(DescribeInsightCommand, 1);
  });

  it('turns AccessDenied on ListInsights into a note, not an error of the scan', async () => {
    // Prepare
    aws.eks
      .on(ListInsightsCommand)
      .rejects(
        new AccessDeniedException({ message: 'not authorized: eks:ListInsights', $metadata: {} }),
      );
    const context = collectContext();

    // Act
    const result = await collectInsights(context, 'prod');

    // Assess
    expect(result).toEqual({
      status: 'unavailable',
      note: {
        code: INSIGHTS_UNAVAILABLE_CODE,
        message: expect.stringContaining('ListInsights: AccessDeniedException'),
        accountId: ACCOUNT_ID,
        region: REGION,
        cluster: 'prod',
      },
    });
    expect(context.errors.entries).toEqual([]);
    expect(aws.eks).not.toHaveReceivedCommand(DescribeInsightCommand);
  });

  it('turns an endpoint that does not know the operation (HTTP 404, as moto) into a note', async () => {
    // Prepare
    aws.eks.on(ListInsightsCommand).rejects(notImplemented());
    const context = collectContext();

    // Act
    const result = await collectInsights(context, 'prod');

    // Assess
    expect(result.status).toBe('unavailable');
    expect(context.errors.entries).toEqual([]);
  });

  it('keeps the insights without their recommendation when DescribeInsight is denied, and notes it', async () => {
    // Prepare
    aws.eks.on(ListInsightsCommand).resolves({ insights: [kubeletSkew] });
    aws.eks
      .on(DescribeInsightCommand)
      .rejects(new AccessDeniedException({ message: 'no', $metadata: {} }));
    const context = collectContext();

    // Act
    const result = await collectInsights(context, 'prod');

    // Assess
    expect(result.status).toBe('read');
    expect(result.status === 'read' && result.insights[0]?.recommendation).toBeUndefined();
    expect(result.status === 'read' && result.note?.message).toContain(
      'DescribeInsight: AccessDeniedException',
    );
    expect(context.errors.entries).toEqual([]);
  });

  it('records any other failure as an error of the scan', async () => {
    // Prepare
    aws.eks.on(ListInsightsCommand).rejects(
      new EKSServiceException({
        name: 'ServerException',
        $fault: 'server',
        $metadata: {},
        message: 'internal failure',
      }),
    );
    const context = collectContext();

    // Act
    const result = await collectInsights(context, 'prod');

    // Assess
    expect(result).toEqual({ status: 'failed' });
    expect(context.errors.entries).toEqual([
      {
        accountId: ACCOUNT_ID,
        region: REGION,
        cluster: 'prod',
        operation: 'ListInsights',
        code: 'ServerException',
        message: 'internal failure',
      },
    ]);
  });
});

describe('Function: collectRegion (EKS insights)', () => {
  let aws: MockedAws;

  beforeEach(() => {
    aws = mockAws();
  });

  afterEach(() => {
    restoreAws(aws);
  });

  it('puts a Windows cluster failing insights on the cluster and asks nothing of a Linux-only one', async () => {
    // Prepare
    // prod has a Windows node group (the mock's default amiType); linux has none at all.
    aws.eks.on(ListNodegroupsCommand, { clusterName: 'prod' }).resolves({ nodegroups: ['win'] });
    aws.eks.on(ListInsightsCommand).resolves({ insights: [deprecatedApis] });
    aws.eks
      .on(DescribeInsightCommand)
      .resolves({ insight: { ...deprecatedApis, recommendation: 'Move to the v1 APIs.' } });

    // Act
    const inventory = await collect({ clusterNames: ['prod', 'linux'] });

    // Assess
    const prod = inventory.clusters.find((cluster) => cluster.name === 'prod');
    const linux = inventory.clusters.find((cluster) => cluster.name === 'linux');
    expect(prod?.insights?.map((insight) => insight.recommendation)).toEqual([
      'Move to the v1 APIs.',
    ]);
    expect(linux?.insights).toBeUndefined();
    expect(aws.eks).toHaveReceivedCommandTimes(ListInsightsCommand, 1);
    expect(aws.eks).toHaveReceivedCommandWith(ListInsightsCommand, { clusterName: 'prod' });
    expect(inventory.errors).toEqual([]);
  });

  it('reads the insights of a cluster its AMIs show to run Windows in a second round, saying so', async () => {
    // Prepare: prod's Windows node group is known at once; dev's group only by its template's AMI.
    aws.eks.on(ListClustersCommand).resolves({ clusters: ['prod', 'dev'] });
    aws.eks.on(ListNodegroupsCommand, { clusterName: 'prod' }).resolves({ nodegroups: ['win'] });
    aws.autoScaling.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: [
        autoScalingGroup(
          'dev-win',
          { 'kubernetes.io/cluster/dev': 'owned' },
          { LaunchTemplate: { LaunchTemplateId: 'lt-0dev', Version: '$Default' } },
        ),
      ],
    });
    aws.ec2.on(DescribeLaunchTemplateVersionsCommand).resolves({
      LaunchTemplateVersions: [
        templateVersion('lt-0dev', 1, { isDefault: true, imageId: 'ami-0win' }),
      ],
    });
    aws.ec2.on(DescribeImagesCommand).resolves({ Images: [ec2Image('ami-0win')] });

    // Act
    const inventory = await collect();

    // Assess
    expect(aws.eks).toHaveReceivedCommandWith(ListInsightsCommand, { clusterName: 'prod' });
    expect(aws.eks).toHaveReceivedCommandWith(ListInsightsCommand, { clusterName: 'dev' });
    expect(
      inventory.progress
        .map(({ message }) => message)
        .filter((message) => message.includes('insights')),
    ).toEqual(['reading EKS cluster insights', 'reading EKS cluster insights of more clusters']);
  });

  it('says a denial shared by every cluster once for the region, naming the clusters', async () => {
    // Prepare
    aws.eks.on(ListNodegroupsCommand).resolves({ nodegroups: ['win'] });
    aws.eks
      .on(ListInsightsCommand)
      .rejects(new AccessDeniedException({ message: 'not authorized', $metadata: {} }));

    // Act
    const inventory = await collect({ clusterNames: ['prod', 'dev'] });

    // Assess
    expect(inventory.notes).toEqual([
      {
        code: INSIGHTS_UNAVAILABLE_CODE,
        message:
          'EKS cluster insights could not be read (ListInsights: AccessDeniedException), so the eks-insight rule did not run for 2 clusters (prod, dev); grant eks:ListInsights and eks:DescribeInsight, or ignore this where EKS does not offer insights.',
        accountId: ACCOUNT_ID,
        region: REGION,
      },
    ]);
  });

  it('carries a note in the inventory when insights are denied, and stays complete', async () => {
    // Prepare
    aws.eks.on(ListNodegroupsCommand).resolves({ nodegroups: ['win'] });
    aws.eks
      .on(ListInsightsCommand)
      .rejects(new AccessDeniedException({ message: 'not authorized', $metadata: {} }));

    // Act
    const inventory = await collect({ clusterNames: ['prod'] });

    // Assess
    expect(inventory.notes).toEqual([
      expect.objectContaining({ code: INSIGHTS_UNAVAILABLE_CODE, cluster: 'prod' }),
    ]);
    expect(inventory.clusters[0]?.insights).toBeUndefined();
    expect(inventory.errors).toEqual([]);
    expect(inventory.complete).toBe(true);
  });
});
