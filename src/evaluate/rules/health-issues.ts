/**
 * What the health-issue rules share: EKS's issues of a cluster or node group, grouped by code
 * (one finding per code, the code in its id, so that each keeps its id from run to run and a
 * cleared one is archived), with EKS's own text bounded.
 */
import type { EksHealthIssue } from '../../inventory/types.ts';
import { oneLine, truncateUnits } from '../../text.ts';
import { MAX_QUOTED_INSTANCES } from '../drift.ts';
import { quotedInstances } from '../facts.ts';
import type { Evidence } from '../types.ts';

/** Longest message quoted: EKS writes a sentence, but a finding must stay bounded. */
const MAX_QUOTED_MESSAGE = 500;

/** Longest issue code a title quotes: EKS's are a word (`AsgInstanceLaunchFailures`). */
const MAX_TITLE_CODE = 80;

/** The issues of each code, in the order EKS lists the codes. */
export function issuesByCode(issues: readonly EksHealthIssue[]): EksHealthIssue[][] {
  return [...Map.groupBy(issues, (issue) => issue.code).values()];
}

/** The issues' messages, each once, as one bounded text; empty when none has one. */
function messageOf(issues: readonly EksHealthIssue[]): string {
  const messages = [...new Set(issues.flatMap((issue) => issue.message ?? []))];
  return truncateUnits(oneLine(messages.join(' ')), MAX_QUOTED_MESSAGE);
}

function resourceIdsOf(issues: readonly EksHealthIssue[]): string[] {
  return [...new Set(issues.flatMap((issue) => issue.resourceIds))];
}

/** The issues of one code as evidence, with the status of what they are about under `statusKey`. */
export function healthEvidenceOf(
  issues: readonly EksHealthIssue[],
  statusKey: string,
  status: string | undefined,
): Evidence {
  const evidence: Evidence = { issueCode: issues[0]?.code ?? null };
  if (status !== undefined) evidence[statusKey] = status;
  const message = messageOf(issues);
  if (message !== '') evidence.issueMessage = message;
  const resourceIds = resourceIdsOf(issues);
  if (resourceIds.length > 0) {
    evidence.resourceCount = resourceIds.length;
    evidence.resourceIds = resourceIds.slice(0, MAX_QUOTED_INSTANCES);
  }
  return evidence;
}

/** `Amazon EKS reports <code> on <what>`: findings of different codes read apart in a list. */
export function healthTitleOf(issues: readonly EksHealthIssue[], what: string): string {
  return `Amazon EKS reports ${truncateUnits(oneLine(issues[0]?.code ?? ''), MAX_TITLE_CODE)} on ${what}`;
}

/** `EKS reports <code> on <what> (<status>): "<message>". It concerns <ids>.` */
export function healthDetailOf(
  issues: readonly EksHealthIssue[],
  what: string,
  status: string | undefined,
): string {
  const code = issues[0]?.code ?? '';
  const state = status === undefined ? '' : ` (${status})`;
  const message = messageOf(issues);
  const said = message === '' ? '' : `: "${message}"`;
  const resourceIds = resourceIdsOf(issues);
  const concerning =
    resourceIds.length === 0 ? '' : ` It concerns ${quotedInstances(resourceIds)}.`;
  return `EKS reports ${code} on ${what}${state}${said}.${concerning}`;
}
