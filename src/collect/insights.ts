/**
 * EKS cluster insights: the checks EKS itself runs on a cluster (upgrade readiness,
 * misconfiguration), of the clusters with Windows nodes. Only insights in ERROR or WARNING are
 * kept, each with its recommendation (DescribeInsight: ListInsights does not return it).
 *
 * Insights are an addition to what the scanner checks itself: where they are not to be had
 * (not permitted, not offered in the region or by the endpoint) the scan says so in a note
 * and stays complete. Any other failure is an error of the scan, like every other call's.
 */
import {
  Category,
  DescribeInsightCommand,
  InsightStatusValue,
  type InsightSummary,
  paginateListInsights,
} from '@aws-sdk/client-eks';
import type { EksInsight, ScanNote } from '../inventory/types.ts';
import { someNames } from '../text.ts';
import type { CollectContext } from './context.ts';
import { ACCESS_DENIED_CODES, describeFailure, type FailureDetail } from './errors.ts';
import { collectPages } from './pagination.ts';
import { assignDefined } from './records.ts';

/** The maximum page size of ListInsights. */
const PAGE_SIZE = 100;

/** The categories worth a finding; ROLLBACK_READINESS only matters during an upgrade. */
export const INSIGHT_CATEGORIES: Category[] = [
  Category.UPGRADE_READINESS,
  Category.MISCONFIGURATION,
];

/** The statuses that make a finding; PASSING and UNKNOWN say nothing to act on. */
export const FAILING_INSIGHT_STATUSES: InsightStatusValue[] = [
  InsightStatusValue.ERROR,
  InsightStatusValue.WARNING,
];

/** Codes by which EKS says the caller may not, or the region does not, offer insights. */
const UNAVAILABLE_CODES = new Set([
  ...ACCESS_DENIED_CODES,
  'UnknownOperationException',
  'InvalidAction',
  'InvalidRequestException',
  'NotFoundException',
]);

/** The code of the note a cluster gets when its insights could not be read. */
export const INSIGHTS_UNAVAILABLE_CODE = 'eks-insights-unavailable';

/**
 * Whether a failed call means "insights are not to be had here": a permission or region
 * code, or an answer that is no service error at all with 404/501 (an endpoint that does not
 * know the operation, as moto does not).
 */
export function insightsUnavailable(error: unknown): boolean {
  const { code } = describeFailure(error);
  return UNAVAILABLE_CODES.has(code) || code === 'HTTP 404' || code === 'HTTP 501';
}

/** What a cluster's insights came to: the failing ones, or why there are none. */
export type InsightsResult =
  /** `note` when DescribeInsight was refused: the insights stand, without recommendations. */
  | { status: 'read'; insights: EksInsight[]; note?: ScanNote }
  | { status: 'unavailable'; note: ScanNote }
  | { status: 'failed' | 'skipped' };

/**
 * The failing insights of one cluster: ListInsights filtered on the categories and statuses
 * (every page), then DescribeInsight for each, for its recommendation. A DescribeInsight that
 * fails keeps its insight without a recommendation (and notes or records the failure).
 */
export async function collectInsights(
  context: CollectContext,
  clusterName: string,
): Promise<InsightsResult> {
  const { eks } = context.clients;
  let summaries: InsightSummary[];
  try {
    summaries = await context.limits.eks(async () =>
      context.stop.requested
        ? []
        : collectPages(
            paginateListInsights(
              { client: eks, pageSize: PAGE_SIZE },
              {
                clusterName,
                filter: { categories: INSIGHT_CATEGORIES, statuses: FAILING_INSIGHT_STATUSES },
              },
            ),
            (page) => page.insights,
            context.stop,
          ),
    );
  } catch (error) {
    return failure(context, clusterName, 'ListInsights', error);
  }
  if (context.stop.requested) return { status: 'skipped' };

  // The filter is the server's; an endpoint that ignores it must not turn PASSING into findings.
  const failing = summaries.filter(
    (summary) =>
      summary.id !== undefined &&
      (FAILING_INSIGHT_STATUSES as string[]).includes(summary.insightStatus?.status ?? ''),
  );
  let note: ScanNote | undefined;
  const insights = await Promise.all(
    failing.map(async (summary) => {
      const insight = toInsight(summary);
      if (context.stop.requested) return insight;
      try {
        const response = await context.limits.eks(() =>
          eks.send(new DescribeInsightCommand({ clusterName, id: insight.id })),
        );
        const recommendation = response.insight?.recommendation?.trim();
        if (recommendation) insight.recommendation = recommendation;
      } catch (error) {
        const result = failure(context, clusterName, 'DescribeInsight', error);
        if (result.status === 'unavailable') note ??= result.note;
      }
      return insight;
    }),
  );
  return note === undefined ? { status: 'read', insights } : { status: 'read', insights, note };
}

function failure(
  context: CollectContext,
  clusterName: string,
  operation: string,
  error: unknown,
): InsightsResult {
  const detail = describeFailure(error);
  if (detail.code === 'ResourceNotFoundException') return { status: 'skipped' };
  if (insightsUnavailable(error)) {
    return {
      status: 'unavailable',
      note: unavailableNote(context, clusterName, operation, detail),
    };
  }
  context.errors.add(operation, detail, clusterName);
  return { status: 'failed' };
}

function unavailableNote(
  context: CollectContext,
  cluster: string,
  operation: string,
  detail: FailureDetail,
): ScanNote {
  return {
    code: INSIGHTS_UNAVAILABLE_CODE,
    message: noteMessage(`${operation}: ${detail.code}`, 'this cluster'),
    accountId: context.accountId,
    region: context.region,
    cluster,
  };
}

function noteMessage(failure: string, scope: string): string {
  return `EKS cluster insights could not be read (${failure}), so the eks-insight rule did not run for ${scope}; grant eks:ListInsights and eks:DescribeInsight, or ignore this where EKS does not offer insights.`;
}

/** Cluster names a merged note quotes; the count says how many there are. */
const MAX_NAMED_CLUSTERS = 5;

/**
 * One note per failure instead of one per cluster: a role without eks:ListInsights fails the
 * same way on every cluster of the region, and a hundred identical warnings hide the others.
 */
export function mergeInsightNotes(notes: readonly ScanNote[]): ScanNote[] {
  const byMessage = Map.groupBy(notes, (note) => note.message);
  return [...byMessage.values()].flatMap((group): ScanNote[] => {
    const [first] = group;
    if (first === undefined) return [];
    if (group.length === 1) return [first];
    const names = group.flatMap((note) => (note.cluster === undefined ? [] : [note.cluster]));
    const scope = `${group.length} clusters (${someNames(names, MAX_NAMED_CLUSTERS)})`;
    const { cluster: _cluster, ...regionWide } = first;
    return [{ ...regionWide, message: first.message.replace('this cluster', scope) }];
  });
}

function toInsight(summary: InsightSummary): EksInsight {
  return assignDefined(
    { id: summary.id ?? '', status: summary.insightStatus?.status ?? 'UNKNOWN' },
    {
      name: summary.name,
      category: summary.category,
      reason: summary.insightStatus?.reason,
      description: summary.description,
      kubernetesVersion: summary.kubernetesVersion,
    },
  );
}
