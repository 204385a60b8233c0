import { findingId } from '../../evaluate/evaluate.ts';
import { RULES } from '../../evaluate/rules/index.ts';
import type { Finding, RuleMetadata, ScanWarning, Severity } from '../../evaluate/types.ts';
import { upgradeFindingId } from '../../evaluate/upgrade.ts';
import type { ScanError } from '../../inventory/types.ts';
import { severityRank } from '../build.ts';
import type { Report, ReportSelection } from '../types.ts';
import {
  describeSuppression,
  markDisplayControls,
  resourceLocation,
  ruleSelected,
  rulesOf,
  selectionOptions,
  stripControlCharacters,
  suppressionReason,
} from './text.ts';

export interface JunitOptions {
  /**
   * Findings at or above this severity are failures; below it they are skipped, with their
   * details ("below --fail-on"): a passing case named after a resource with a problem would
   * read as a clean bill, and lose the finding's text. Without it every unsuppressed finding
   * is a failure: a JUnit report is read for what is wrong, and a finding shown green would
   * hide it. Pass the CLI's `--fail-on` so the test report agrees with the exit code.
   */
  failOn?: Severity;
  /** The rule catalogue (one test suite per rule); the scanner's own by default. */
  rules?: readonly RuleMetadata[];
}

/** The suite that holds the scan's errors, after the rules' suites. */
export const JUNIT_SCAN_SUITE = 'scan';

/**
 * The report's warnings that say a rule did not run, by their code, with that rule's id.
 * `eks-insights-unavailable` is the collector's `INSIGHTS_UNAVAILABLE_CODE` (EKS insights not
 * permitted or not offered: the scan stays complete, but `eks-insight` checked nothing there).
 * Read by code and scope alone, never from the message. A Map: no inherited keys.
 */
export const NOT_RUN_WARNING_RULES: ReadonlyMap<string, string> = new Map([
  ['eks-insights-unavailable', 'eks-insight'],
]);

interface TestCase {
  classname: string;
  name: string;
  /** The one child element, if any: a passing test case has none. */
  outcome?: {
    element: 'failure' | 'error' | 'skipped';
    type?: string;
    message: string;
    text: string;
  };
}

/**
 * The report as JUnit XML (the Ant/Jenkins schema GitLab, Jenkins, Azure DevOps and the
 * common GitHub test-report actions read): `<testsuites>` with one `<testsuite>` per
 * catalogue rule, each holding one test case per finding of that rule (`classname` the rule
 * id, `name` the resource's ARN, with its cluster). Rules without findings have one passing
 * test case, "no findings", so every rule that ran is counted (skipped, "no findings, scan
 * incomplete", when the scan did not complete). A rule a warning of the report
 * says did not run (`NOT_RUN_WARNING_RULES`) gets one skipped test case per such warning, "did
 * not run (<account>/<region>/<cluster>)" with the warning's message, and no "no findings"
 * case: a check that was not done must not show green, even where it ran for part of its
 * scope; its findings, if any, stay. Suppressed findings and those below `failOn` are
 * skipped; findings at or above `failOn` fail. A last suite, `scan`, holds one `<error>` test
 * case per scan error, or one passing case when the scan was complete.
 */
export function formatJunit(report: Report, options: JunitOptions = {}): string {
  return [...formatJunitChunks(report, options)].join('');
}

/**
 * `formatJunit`'s text a line or test case a piece. A suite's counts come first, from the
 * findings alone; its test cases are built only as they are written.
 */
export function* formatJunitChunks(report: Report, options: JunitOptions = {}): Generator<string> {
  const rules = rulesOf(options.rules ?? RULES, report.findings);
  const byRule = Map.groupBy(report.findings, (finding) => finding.ruleId);
  const notRun = notRunWarnings(report.warnings ?? []);
  // A rule the catalogue does not know (a custom one) still shows that it did not run.
  const known = new Set(rules.map((rule) => rule.id));
  const ruleIds = [
    ...rules.map((rule) => rule.id),
    ...[...notRun.keys()].filter((id) => !known.has(id)),
  ];
  const timestamp = report.scannedAt.slice(0, 19); // the schema's dateTime has no zone: UTC
  const properties = [
    ['scanner', `${report.scanner.name} ${report.scanner.version}`],
    ['scannedAt', report.scannedAt],
    ['complete', String(report.complete)],
    ['accounts', report.scope.accounts.join(',')],
    ['regions', report.scope.regions.join(',')],
    ['failOn', options.failOn ?? 'any unsuppressed finding'],
    // Which options chose the findings: a rule they left out is skipped (emptyRuleCase).
    ...(report.selection === undefined
      ? []
      : [
          ['selection', selectionOptions(report.selection)],
          ['findingsLeftOut', String(report.selection.findingsLeftOut)],
        ]),
  ];
  function* suite(
    name: string,
    id: number,
    outcomes: readonly (OutcomeElement | undefined)[],
    cases: Iterable<TestCase>,
  ): Generator<string> {
    const count = (element: OutcomeElement) =>
      outcomes.filter((outcome) => outcome === element).length;
    yield `  <testsuite name="${attribute(name)}" package="${attribute(report.scanner.name)}" id="${id}"` +
      ` timestamp="${attribute(timestamp)}" hostname="localhost" tests="${outcomes.length}"` +
      ` failures="${count('failure')}" errors="${count('error')}" skipped="${count('skipped')}" time="0">\n`;
    yield '    <properties>\n';
    for (const [property, value] of properties) {
      yield `      <property name="${attribute(property ?? '')}" value="${attribute(value ?? '')}"/>\n`;
    }
    yield '    </properties>\n';
    for (const testCase of cases) yield `${renderCase(testCase)}\n`;
    yield '    <system-out></system-out>\n    <system-err></system-err>\n  </testsuite>\n';
  }

  yield '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n';
  for (const [id, ruleId] of ruleIds.entries()) {
    const findings = byRule.get(ruleId) ?? [];
    const notRunCases = notRunCasesOf(ruleId, notRun.get(ruleId) ?? []);
    if (findings.length === 0 && notRunCases.length === 0) {
      const empty = emptyRuleCase(ruleId, report.selection, report.complete);
      yield* suite(ruleId, id, [empty.outcome?.element], [empty]);
      continue;
    }
    const cases = (function* () {
      for (const finding of findings) yield findingCase(finding, options.failOn);
      yield* notRunCases;
    })();
    const outcomes = [
      ...findings.map((finding) => findingOutcome(finding, options.failOn)),
      ...notRunCases.map((testCase) => testCase.outcome?.element),
    ];
    yield* suite(ruleId, id, outcomes, cases);
  }
  const scan = scanCases(report);
  yield* suite(
    JUNIT_SCAN_SUITE,
    ruleIds.length,
    scan.map((testCase) => testCase.outcome?.element),
    scan,
  );
  yield '</testsuites>\n';
}

type OutcomeElement = NonNullable<TestCase['outcome']>['element'];

/**
 * The one test case of a rule without findings in the report: "no findings", unless a
 * selection (--rule, --exclude-rule) left the rule out, which says nothing of it and must not
 * show green; a severity selection passes, named for the severities it kept. In a scan that
 * did not complete, no finding proves nothing (the data a rule needed may be what is
 * missing): skipped, not passed.
 */
function emptyRuleCase(
  ruleId: string,
  selection: ReportSelection | undefined,
  complete: boolean,
): TestCase {
  if (selection !== undefined && !ruleSelected(selection, ruleId)) {
    const message = `left out by ${selectionOptions(selection)}: its findings are not in this report`;
    return {
      classname: ruleId,
      name: 'not selected',
      outcome: { element: 'skipped', message, text: message },
    };
  }
  const name =
    selection?.severities === undefined
      ? 'no findings'
      : `no findings at ${selection.severities.join(', ')}`;
  if (complete) return { classname: ruleId, name };
  const message = `the scan did not complete (its errors are in the ${JUNIT_SCAN_SUITE} suite): nothing found where the rule could check, but it could not check everywhere`;
  return {
    classname: ruleId,
    name: `${name}, scan incomplete`,
    outcome: { element: 'skipped', message, text: message },
  };
}

/** What a finding's test case holds: skipped when suppressed or below `failOn`, else a failure. */
function findingOutcome(finding: Finding, failOn: Severity | undefined): 'skipped' | 'failure' {
  if (finding.suppressed || belowFailOn(finding, failOn)) return 'skipped';
  return 'failure';
}

function belowFailOn(finding: Finding, failOn: Severity | undefined): boolean {
  return failOn !== undefined && severityRank(finding.severity) > severityRank(failOn);
}

function findingCase(finding: Finding, failOn: Severity | undefined): TestCase {
  const testCase: TestCase = { classname: finding.ruleId, name: caseName(finding) };
  switch (findingOutcome(finding, failOn)) {
    case 'skipped':
      if (!finding.suppressed) {
        const message = `${finding.severity}, below --fail-on ${failOn}: ${finding.title}`;
        return { ...testCase, outcome: { element: 'skipped', message, text: details(finding) } };
      }
      return {
        ...testCase,
        outcome: {
          element: 'skipped',
          message: skippedMessage(finding),
          text: `${details(finding)}\n\n${suppressionDetails(finding)}`,
        },
      };
    case 'failure':
      return {
        ...testCase,
        outcome: {
          element: 'failure',
          type: finding.severity,
          message: `${finding.severity}: ${finding.title}`,
          text: details(finding),
        },
      };
  }
}

/** "suppressed: <reason>", else "suppressed by <where>", else "suppressed". */
function skippedMessage(finding: Finding): string {
  const reason = suppressionReason(finding.suppression);
  if (reason !== '') return `suppressed: ${reason}`;
  const where = describeSuppression(finding);
  return where === '' ? 'suppressed' : `suppressed by ${where}`;
}

function suppressionDetails(finding: Finding): string {
  const where = describeSuppression(finding);
  const reason = suppressionReason(finding.suppression);
  return [
    `Suppressed by ${where === '' ? 'an eks-windows-scanner suppression' : where}`,
    ...(reason === '' ? [] : [`Reason: ${reason}`]),
  ].join('\n');
}

/**
 * The resource (its ARN), and the cluster: one resource can serve two clusters. Unique per
 * rule, as GitLab and others keep one case per name: an upgrade finding names its target,
 * apart from today's of the resource; a resource id its ARN does not hold (an EKS insight's)
 * and the qualifier of the finding's id (an EKS health issue's code) keep apart the findings
 * of one rule on one resource.
 */
function caseName(finding: Finding): string {
  const { resource } = finding;
  const cluster = finding.cluster ? ` (cluster ${finding.cluster})` : '';
  const upgrade = finding.upgrade === undefined ? '' : ` [upgrade to ${finding.upgrade.to}]`;
  const location = resourceLocation(finding);
  const part = location.includes(resource.id) ? '' : ` [${resource.id}]`;
  const qualifier = qualifierOf(finding);
  return `${location}${part}${cluster}${upgrade}${qualifier === '' ? '' : ` [${qualifier}]`}`;
}

/** What the finding's id adds after its rule and resource (findingId's qualifier), if anything. */
function qualifierOf(finding: Finding): string {
  const base = findingId(finding, finding.ruleId, finding);
  const step = finding.upgrade === undefined ? '' : upgradeFindingId('', finding.upgrade);
  if (!finding.id.endsWith(step)) return '';
  const today = finding.id.slice(0, finding.id.length - step.length);
  return today.startsWith(`${base}/`) ? today.slice(base.length + 1) : '';
}

function details(finding: Finding): string {
  const { resource } = finding;
  const affected = finding.affected.map((ref) => `${ref.type} ${ref.name}`).join(', ');
  return [
    `${finding.severity} ${finding.ruleId}: ${finding.title}`,
    `Resource: ${resource.type} ${resource.name ? `${resource.name} ` : ''}(${resource.id})`,
    `Account: ${finding.accountId}  Region: ${finding.region}  Cluster: ${finding.cluster || '-'}`,
    ...(affected ? [`Used by: ${affected}`] : []),
    ...(finding.upgrade === undefined
      ? []
      : [
          `Upgrade: ${finding.upgrade.from} → ${finding.upgrade.to} (a problem once the control plane runs ${finding.upgrade.to}, not today)`,
        ]),
    '',
    finding.description,
    '',
    `Remediation: ${finding.remediation}`,
    '',
    `Finding ID: ${finding.id}`,
  ].join('\n');
}

/** The warnings that say a rule did not run, by that rule's id. */
function notRunWarnings(warnings: readonly ScanWarning[]): Map<string, ScanWarning[]> {
  const byRule = new Map<string, ScanWarning[]>();
  for (const warning of warnings) {
    const ruleId = NOT_RUN_WARNING_RULES.get(warning.code);
    if (ruleId === undefined) continue;
    const ofRule = byRule.get(ruleId);
    if (ofRule === undefined) byRule.set(ruleId, [warning]);
    else ofRule.push(warning);
  }
  return byRule;
}

/**
 * One skipped case per warning, named by where the rule did not run; a number keeps the names
 * of two warnings of one place (two different failures in a region) apart.
 */
function notRunCasesOf(ruleId: string, warnings: readonly ScanWarning[]): TestCase[] {
  const seen = new Map<string, number>();
  return warnings.map((warning) => {
    const where = [warning.accountId, warning.region, warning.cluster].filter(Boolean).join('/');
    const base = where ? `did not run (${where})` : 'did not run';
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return {
      classname: ruleId,
      name: count === 1 ? base : `${base} #${count}`,
      outcome: {
        element: 'skipped',
        message: `did not run: ${warning.message}`,
        text: [
          `${ruleId} did not run`,
          `Account: ${warning.accountId || '-'}  Region: ${warning.region || '-'}  Cluster: ${warning.cluster || '-'}`,
          '',
          warning.message,
          '',
          `Warning code: ${warning.code}`,
        ].join('\n'),
      },
    };
  });
}

function scanCases(report: Report): TestCase[] {
  if (report.errors.length === 0) {
    return [
      report.complete
        ? { classname: JUNIT_SCAN_SUITE, name: 'scan complete' }
        : {
            classname: JUNIT_SCAN_SUITE,
            name: 'scan complete',
            outcome: {
              element: 'error',
              type: 'Incomplete',
              message: 'The scan stopped before it covered its whole scope.',
              text: 'Collection stopped early (the Lambda deadline): findings may be missing.',
            },
          },
    ];
  }
  return report.errors.map((error) => ({
    classname: JUNIT_SCAN_SUITE,
    name: errorName(error),
    outcome: {
      element: 'error',
      type: error.code,
      message: `${error.code}: ${error.message}`,
      text: `${error.operation} failed with ${error.code}: ${error.message}`,
    },
  }));
}

function errorName(error: ScanError): string {
  const where = [error.accountId, error.region, error.cluster].filter(Boolean).join('/');
  return where ? `${error.operation} ${where}` : error.operation;
}

function renderCase(testCase: TestCase): string {
  const open = `    <testcase classname="${attribute(testCase.classname)}" name="${attribute(testCase.name)}" time="0"`;
  const { outcome } = testCase;
  if (outcome === undefined) return `${open}/>`;
  const type = outcome.type === undefined ? '' : ` type="${attribute(outcome.type)}"`;
  return (
    `${open}>\n      <${outcome.element}${type} message="${attribute(outcome.message)}">` +
    `${text(outcome.text)}</${outcome.element}>\n    </testcase>`
  );
}

/**
 * Only what XML 1.0 allows (no control characters but tab, LF and CR; no U+FFFE/U+FFFF; no
 * lone surrogates, which UTF-8 can't carry), with C1 controls and DEL stripped too, and
 * bidirectional controls marked (a CI page shows the text).
 */
export function xmlSafe(value: string): string {
  return markDisplayControls(stripControlCharacters(value))
    .toWellFormed()
    .replace(/[\uFFFE\uFFFF]/g, '');
}

/** Character data: `&`, `<` and `>` escaped, CR as a reference so a parser keeps it. */
export function text(value: string): string {
  return xmlSafe(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('\r', '&#13;');
}

/** An attribute value in double quotes: tab, LF and CR as references, which survive normalisation. */
export function attribute(value: string): string {
  return text(value)
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;')
    .replaceAll('\t', '&#9;')
    .replaceAll('\n', '&#10;');
}
