import { RULES } from '../../evaluate/rules/index.ts';
import type { Finding, FindingSuppression, RuleMetadata, Severity } from '../../evaluate/types.ts';
import { partitionOf } from '../../regions.ts';
import { otherAffected } from '../affected.ts';
import type { Report } from '../types.ts';
import { jsonChunks, StreamedArray } from './json.ts';
import {
  cleanText as clean,
  cleanEvidence,
  describeSuppression,
  oneLine,
  rulesOf,
  sourceUrls,
  suppressionReason,
} from './text.ts';

/** The OCSF schema version the events follow (its Detection Finding class). */
export const OCSF_VERSION = '1.3.0';

export const OCSF_DETECTION_FINDING = {
  categoryUid: 2,
  categoryName: 'Findings',
  classUid: 2004,
  className: 'Detection Finding',
} as const;

/** Every finding is reported as created: the scanner keeps no state between runs. */
const ACTIVITY = { id: 1, name: 'Create' } as const;

/** OCSF severity_id: 1 Informational, 2 Low, 3 Medium, 4 High, 5 Critical (6 Fatal unused). */
export const OCSF_SEVERITY: Record<Severity, { id: number; name: string }> = {
  CRITICAL: { id: 5, name: 'Critical' },
  HIGH: { id: 4, name: 'High' },
  MEDIUM: { id: 3, name: 'Medium' },
  LOW: { id: 2, name: 'Low' },
  INFORMATIONAL: { id: 1, name: 'Informational' },
};

/** Finding status_id: 1 New for an open finding, 3 Suppressed for a suppressed one. */
export const OCSF_STATUS = {
  open: { id: 1, name: 'New' },
  suppressed: { id: 3, name: 'Suppressed' },
} as const;

/** account.type_id 10: AWS Account. */
const AWS_ACCOUNT = { id: 10, name: 'AWS Account' } as const;

export interface OcsfOptions {
  /** The rule catalogue (remediation references); the scanner's own by default. */
  rules?: readonly RuleMetadata[];
}

/**
 * The findings as OCSF 1.3.0 Detection Finding events (class_uid 2004, category 2, `cloud`
 * profile), one per finding, suppressed ones with status Suppressed, as one JSON array.
 * `finding_info.uid` is the finding's stable id; `resources[0].uid` the resource's ARN (else
 * its id), followed by the node sources that use it, each by its ARN likewise (else its id, else
 * its name); `time` the scan time in milliseconds.
 * Scan errors are not findings and are not events: `unmapped.scan_complete` says whether the
 * scan that produced the event covered its whole scope. A suppressed finding's `status_detail`
 * is the operator's reason (else where the suppression is written), and `unmapped.suppression`
 * its source, origin, last day and reason.
 */
export function formatOcsf(report: Report, options: OcsfOptions = {}): string {
  return [...formatOcsfChunks(report, options)].join('');
}

/** `formatOcsf`'s text piece by piece, an event a piece, each built only when written. */
export function* formatOcsfChunks(report: Report, options: OcsfOptions = {}): Generator<string> {
  const rules = new Map(
    rulesOf(options.rules ?? RULES, report.findings).map((rule) => [rule.id, rule]),
  );
  const time = Date.parse(report.scannedAt);
  const events = StreamedArray.of(report.findings, (finding) =>
    toEvent(finding, { report, time, rule: rules.get(finding.ruleId) }),
  );
  yield* jsonChunks(events, { pretty: true });
  yield '\n';
}

interface EventContext {
  report: Report;
  time: number;
  rule: RuleMetadata | undefined;
}

function toEvent(finding: Finding, { report, time, rule }: EventContext) {
  const severity = OCSF_SEVERITY[finding.severity];
  const status = finding.suppressed ? OCSF_STATUS.suppressed : OCSF_STATUS.open;
  const { resource } = finding;
  const partition = partitionOf(finding.region);
  const references = sourceUrls(rule?.source ?? '');
  return {
    activity_id: ACTIVITY.id,
    activity_name: ACTIVITY.name,
    category_uid: OCSF_DETECTION_FINDING.categoryUid,
    category_name: OCSF_DETECTION_FINDING.categoryName,
    class_uid: OCSF_DETECTION_FINDING.classUid,
    class_name: OCSF_DETECTION_FINDING.className,
    type_uid: OCSF_DETECTION_FINDING.classUid * 100 + ACTIVITY.id,
    type_name: `${OCSF_DETECTION_FINDING.className}: ${ACTIVITY.name}`,
    severity_id: severity.id,
    severity: severity.name,
    status_id: status.id,
    status: status.name,
    ...(finding.suppressed ? { status_detail: statusDetail(finding) } : {}),
    time,
    message: clean(finding.title),
    metadata: {
      version: OCSF_VERSION,
      profiles: ['cloud'],
      product: {
        name: report.scanner.name,
        vendor_name: report.scanner.name,
        version: report.scanner.version,
      },
      event_code: finding.ruleId,
    },
    finding_info: {
      uid: finding.id,
      title: clean(finding.title),
      desc: clean(finding.description),
      types: [finding.ruleId],
      analytic: { uid: finding.ruleId, name: finding.ruleId, type_id: 1, type: 'Rule' },
    },
    remediation: {
      desc: clean(finding.remediation),
      ...(references.length > 0 ? { references } : {}),
    },
    resources: [
      {
        uid: clean(resource.arn ?? resource.id),
        ...(resource.name ? { name: clean(resource.name) } : {}),
        type: resource.type,
        region: finding.region,
        cloud_partition: partition,
      },
      ...otherAffected(finding).map((affected) => ({
        uid: clean(affected.arn ?? affected.id ?? affected.name),
        name: clean(affected.name),
        type: affected.type,
        region: finding.region,
        cloud_partition: partition,
      })),
    ],
    cloud: {
      provider: 'AWS',
      region: finding.region,
      account: { uid: finding.accountId, type_id: AWS_ACCOUNT.id, type: AWS_ACCOUNT.name },
    },
    unmapped: {
      cluster: clean(finding.cluster),
      evidence: cleanEvidence(finding.evidence),
      scan_complete: report.complete,
      // A problem once the control plane runs `to` (--target-version), not one of today.
      ...(finding.upgrade === undefined
        ? {}
        : { upgrade: { from: clean(finding.upgrade.from), to: clean(finding.upgrade.to) } }),
      ...(finding.suppressed && finding.suppression !== undefined
        ? { suppression: suppressionOf(finding.suppression) }
        : {}),
    },
  };
}

/** The reason, else where the suppression is written, else that it is suppressed. */
function statusDetail(finding: Finding): string {
  const reason = suppressionReason(finding.suppression);
  if (reason !== '') return reason;
  const where = describeSuppression(finding);
  return where === '' ? 'Suppressed' : `Suppressed by ${where}`;
}

function suppressionOf(suppression: FindingSuppression) {
  const reason = suppressionReason(suppression);
  return {
    source: suppression.source,
    origin: oneLine(suppression.origin),
    ...(suppression.until === undefined ? {} : { until: oneLine(suppression.until) }),
    ...(reason === '' ? {} : { reason }),
  };
}
