import { RULES } from '../../evaluate/rules/index.ts';
import type { Finding, RuleMetadata, Severity } from '../../evaluate/types.ts';
import type { ScanError } from '../../inventory/types.ts';
import { otherAffected } from '../affected.ts';
import type { Report } from '../types.ts';
import { jsonChunks, StreamedArray } from './json.ts';
import {
  affectedLocation,
  cleanText as clean,
  cleanEvidence,
  describeSuppression,
  oneLine,
  resourceLocation,
  rulesOf,
  sourceUrls,
  suppressionReason,
} from './text.ts';

export const SARIF_VERSION = '2.1.0';
export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

export type SarifLevel = 'error' | 'warning' | 'note';

/** SARIF has three levels: CRITICAL and HIGH are errors, MEDIUM a warning, the rest notes. */
export const SARIF_LEVEL: Record<Severity, SarifLevel> = {
  CRITICAL: 'error',
  HIGH: 'error',
  MEDIUM: 'warning',
  LOW: 'note',
  INFORMATIONAL: 'note',
};

/**
 * `properties["security-severity"]`, which GitHub code scanning turns back into a severity:
 * over 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low. Each value sits inside its
 * band. INFORMATIONAL has none (0.0 is in no band): GitHub then shows the result by its
 * level, as a note, not as a security alert.
 */
export const SECURITY_SEVERITY: Record<Severity, string | undefined> = {
  CRITICAL: '9.5',
  HIGH: '8.0',
  MEDIUM: '5.5',
  LOW: '3.0',
  INFORMATIONAL: undefined,
};

/** The partial fingerprint that keeps a result the same alert from scan to scan. */
export const FINGERPRINT_KEY = 'findingId/v1';

export interface SarifOptions {
  /** The rule catalogue (`tool.driver.rules`); the scanner's own by default. */
  rules?: readonly RuleMetadata[];
}

/**
 * The report as one SARIF 2.1.0 log with one run:
 * - `tool.driver.rules`: every catalogue rule (and any rule a finding names that the catalogue
 *   lacks), with its title, description, remediation as help, the first address of its source
 *   as `helpUri`, its severity as the default level and as `security-severity`.
 * - one result per finding, suppressed ones included with an accepted suppression (see
 *   `toSuppression`); `partialFingerprints` holds the finding's stable id.
 * - the resource as the location: its ARN as the `physicalLocation` artifact URI (GitHub code
 *   scanning rejects results without a physical location) and as a `logicalLocation`; the
 *   node sources that use it as related logical locations, likewise by ARN when they have one.
 * - an incomplete scan is an unsuccessful invocation, each scan error a notification.
 * - the run's `properties`: the scope, the summary, whether the scan is complete and, when the
 *   findings were selected (`--severity`, `--rule`, `--exclude-rule`), the report's `selection`.
 */
export function formatSarif(report: Report, options: SarifOptions = {}): string {
  return [...formatSarifChunks(report, options)].join('');
}

/** `formatSarif`'s text piece by piece, a result a piece, each built only when written. */
export function* formatSarifChunks(report: Report, options: SarifOptions = {}): Generator<string> {
  const rules = rulesOf(options.rules ?? RULES, report.findings);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: SARIF_VERSION,
    runs: [
      {
        tool: {
          driver: {
            name: report.scanner.name,
            version: report.scanner.version,
            semanticVersion: report.scanner.version,
            rules: rules.map(toReportingDescriptor),
          },
        },
        invocations: [
          {
            executionSuccessful: report.complete,
            startTimeUtc: report.scannedAt,
            toolExecutionNotifications: report.errors.map(toNotification),
          },
        ],
        results: StreamedArray.of(report.findings, (finding) => toResult(finding, ruleIndex)),
        properties: {
          scope: report.scope,
          summary: report.summary,
          complete: report.complete,
          // An uploader reads the results as the scan's: they are only the selection's.
          ...(report.selection === undefined ? {} : { selection: report.selection }),
        },
      },
    ],
  };
  yield* jsonChunks(log, { pretty: true });
  yield '\n';
}

function toReportingDescriptor(rule: RuleMetadata) {
  const helpUri = sourceUrls(rule.source)[0];
  const securitySeverity = SECURITY_SEVERITY[rule.severity];
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: {
      text: rule.remediation,
      markdown: `**Remediation**\n\n${rule.remediation}${rule.source ? `\n\n**Source:** ${rule.source}` : ''}`,
    },
    ...(helpUri === undefined ? {} : { helpUri }),
    defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
    properties: {
      severity: rule.severity,
      ...(securitySeverity === undefined ? {} : { 'security-severity': securitySeverity }),
      tags: ['security', 'eks', 'windows'],
      resourceTypes: rule.resourceTypes,
    },
  };
}

function toResult(finding: Finding, ruleIndex: ReadonlyMap<string, number>) {
  const { resource } = finding;
  const location = resourceLocation(finding);
  const name = clean(resource.name ?? resource.id);
  return {
    ruleId: finding.ruleId,
    ruleIndex: ruleIndex.get(finding.ruleId) ?? -1,
    level: SARIF_LEVEL[finding.severity],
    message: { text: clean(literal(resultMessage(finding))) },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: uriOf(location) } },
        logicalLocations: [{ name, fullyQualifiedName: clean(location), kind: 'resource' }],
      },
    ],
    relatedLocations: otherAffected(finding).map((affected, index) => ({
      id: index + 1,
      message: { text: clean(literal(`Used by ${affected.type} ${affected.name}`)) },
      logicalLocations: [
        {
          name: clean(affected.name),
          fullyQualifiedName: clean(affectedLocation(finding, affected)),
          kind: 'resource',
        },
      ],
    })),
    partialFingerprints: { [FINGERPRINT_KEY]: finding.id },
    suppressions: finding.suppressed ? [toSuppression(finding)] : [],
    properties: {
      findingId: finding.id,
      severity: finding.severity,
      accountId: finding.accountId,
      region: finding.region,
      cluster: clean(finding.cluster),
      resourceType: resource.type,
      resourceId: clean(resource.id),
      evidence: cleanEvidence(finding.evidence),
      // A problem once the control plane runs `to` (--target-version), not one of today.
      ...(finding.upgrade === undefined
        ? {}
        : { upgrade: { from: clean(finding.upgrade.from), to: clean(finding.upgrade.to) } }),
    },
  };
}

/**
 * SARIF's `kind` says where a suppression is kept: `inSource` in the analysed artifact itself,
 * `external` apart from it. The artifact here is the AWS resource, so the
 * eks-windows-scanner:suppress tag, which is on the resource (or its cluster), is `inSource`;
 * a configuration file entry and the SUPPRESSIONS setting are `external`, as is a suppression
 * whose source an older report does not say. `justification` is the operator's reason;
 * `properties` say which source, where it is written and the last day it applies.
 */
export const SARIF_SUPPRESSION_KIND = {
  tag: 'inSource',
  file: 'external',
  environment: 'external',
} as const;

function toSuppression(finding: Finding) {
  const { suppression } = finding;
  const reason = suppressionReason(suppression);
  const where = describeSuppression(finding);
  return {
    kind: suppression === undefined ? 'external' : SARIF_SUPPRESSION_KIND[suppression.source],
    status: 'accepted',
    ...(reason === '' ? {} : { justification: reason }),
    ...(suppression === undefined && where === ''
      ? {}
      : {
          properties: {
            ...(suppression === undefined ? {} : { source: suppression.source }),
            ...(suppression === undefined ? {} : { origin: oneLine(suppression.origin) }),
            ...(suppression?.until === undefined ? {} : { until: oneLine(suppression.until) }),
            ...(where === '' ? {} : { description: where }),
          },
        }),
  };
}

/** What, where, then the rule's description with this finding's detail. */
function resultMessage(finding: Finding): string {
  const { resource } = finding;
  const label = resource.name ? `${resource.name} (${resource.id})` : resource.id;
  const cluster = finding.cluster ? ` in cluster ${finding.cluster}` : '';
  return (
    `${finding.title}: ${resource.type} ${label}${cluster}, account ${finding.accountId}, ` +
    `${finding.region}. ${finding.description}`
  );
}

function toNotification(error: ScanError) {
  const where = [error.accountId, error.region, error.cluster].filter(Boolean).join('/');
  return {
    level: 'error',
    message: {
      text: clean(
        literal(`${error.operation}${where ? ` (${where})` : ''}: ${error.code}: ${error.message}`),
      ),
    },
    descriptor: { id: clean(error.code) },
    properties: {
      operation: clean(error.operation),
      ...(error.accountId ? { accountId: error.accountId } : {}),
      ...(error.region ? { region: error.region } : {}),
      ...(error.cluster ? { cluster: clean(error.cluster) } : {}),
    },
  };
}

/**
 * An ARN (or the relative fallback) as a URI reference: every part between the ARN's `:` and
 * `/` separators percent-encoded, so a name with spaces, `#`, `?` or non-ASCII letters (Auto
 * Scaling group names allow them) stays one well-formed reference.
 */
export function uriOf(location: string): string {
  return location
    .toWellFormed()
    .split(/([:/])/)
    .map((part) =>
      part === ':' || part === '/'
        ? part
        : // A name `.` or `..` would be a dot-segment, which URI normalisation removes.
          /^\.{1,2}$/.test(part)
          ? part.replaceAll('.', '%2E')
          : encodeURIComponent(part),
    )
    .join('');
}

/**
 * A result's or notification's message text, which carries names and messages from AWS: its
 * braces doubled (`{0}` is a placeholder) and its brackets escaped, so that a name such as
 * `[click](https://…)` stays text instead of becoming an embedded link (SARIF 2.1.0, 3.11.5
 * and 3.11.6). Backslashes are escaped too: a name's own `\[` would otherwise become `\\[`, an
 * escaped backslash before a live bracket. The rule descriptors' texts are the catalogue's own,
 * with no link, as written.
 */
export function literal(text: string): string {
  return text
    .replace(/[{}]/g, (brace) => brace + brace)
    .replace(/[\\[\]]/g, (character) => `\\${character}`);
}

function pascalCase(id: string): string {
  return id
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}
