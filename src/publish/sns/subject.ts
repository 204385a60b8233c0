import type { Severity } from '../../evaluate/types.ts';
import type { Report } from '../../report/types.ts';
import { plural } from '../../text.ts';
import type { FindingChanges } from '../types.ts';
import { resolvedIdsAtOrAbove } from './decide.ts';
import {
  askedUpgrade,
  countBySeverity,
  describeAskedUpgrade,
  describeCounts,
  notifiableFindings,
  severitiesAtOrAbove,
} from './text.ts';

/** SNS refuses a subject of 100 characters or more. */
export const MAX_SUBJECT_LENGTH = 99;
const PREFIX = '[eks-windows-scanner]';

export interface SubjectInput {
  report: Report;
  minimumSeverity: Severity;
  changes?: FindingChanges;
}

/**
 * `[eks-windows-scanner] 2 CRITICAL, 3 HIGH (1 new) in 123456789012 us-west-2`, or
 * `[eks-windows-scanner] scan incomplete, 1 HIGH in …` when the scan failed somewhere. An
 * upgrade audit adds its verdicts, not its findings: `…, 2 HIGH, upgrade to 1.36 blocked in 1
 * of 3 clusters in …`, shortened (`1.36 blocked 1/3`) or left out before anything is cut.
 *
 * SNS subjects must be under 100 characters, without line breaks or control characters, and
 * start with a letter, number or punctuation mark; email clients want ASCII. When it is too
 * long the change counts give way first, then the scope (lists become counts, then it goes;
 * the change counts are tried again at each step), and only then is the end cut.
 */
export function buildSubject(input: SubjectInput): string {
  const { report, minimumSeverity, changes } = input;
  const notifiable = notifiableFindings(report.findings, minimumSeverity);
  const counts = describeCounts(countBySeverity(notifiable), severitiesAtOrAbove(minimumSeverity));
  const changeText = describeChanges(
    notifiable.map((finding) => finding.id),
    minimumSeverity,
    changes,
  );

  const asked = askedUpgrade(report.readiness);
  // The verdict, long then short; never cut inside: it goes whole when nothing else fits.
  const upgradeForms =
    asked === undefined ? [''] : [describeAskedUpgrade(asked), describeAskedUpgrade(asked, true)];

  const headline = (withChanges: boolean, upgrade = ''): string => {
    const what =
      counts !== '' ? counts : report.complete ? `no findings at or above ${minimumSeverity}` : '';
    // First when it applies: a failed scan must not be cut off the end of the subject.
    const parts = [
      report.complete ? '' : 'scan incomplete',
      [what, withChanges && changeText !== '' ? `(${changeText})` : ''].filter(Boolean).join(' '),
      upgrade,
    ].filter(Boolean);
    return parts.join(', ');
  };

  for (const upgrade of upgradeForms) {
    for (const scope of scopeCandidates(report.scope.accounts, report.scope.regions)) {
      for (const withChanges of [true, false]) {
        const subject = asciiSubject(
          `${PREFIX} ${headline(withChanges, upgrade)}${scope === '' ? '' : ` in ${scope}`}`,
        );
        if (subject.length <= MAX_SUBJECT_LENGTH) return subject;
      }
    }
  }
  return cut(asciiSubject(`${PREFIX} ${headline(false)}`), MAX_SUBJECT_LENGTH);
}

/** "1 new, 2 resolved", or '' without change information or when nothing changed. */
function describeChanges(
  notifiableIds: readonly string[],
  minimum: Severity,
  changes: FindingChanges | undefined,
): string {
  if (changes === undefined) return '';
  const newIds = new Set(changes.newFindingIds);
  const added = notifiableIds.filter((id) => newIds.has(id)).length;
  const resolved = resolvedIdsAtOrAbove(changes, minimum).length;
  return [added > 0 ? `${added} new` : '', resolved > 0 ? `${resolved} resolved` : '']
    .filter(Boolean)
    .join(', ');
}

/** From the most to the least telling: full lists, then counts, then nothing. */
function scopeCandidates(accounts: readonly string[], regions: readonly string[]): string[] {
  const accountsFull = accounts.join(',');
  const regionsFull = regions.join(',');
  const accountsShort = accounts.length === 1 ? accountsFull : plural(accounts.length, 'account');
  const regionsShort = regions.length === 1 ? regionsFull : plural(regions.length, 'region');
  const join = (accountsText: string, regionsText: string, counted: boolean) =>
    [accountsText, regionsText].filter(Boolean).join(counted ? ', ' : ' ');
  const countedAccounts = accounts.length !== 1;
  return [
    join(accountsFull, regionsFull, false),
    join(accountsFull, regionsShort, false),
    join(accountsShort, regionsFull, countedAccounts),
    join(accountsShort, regionsShort, countedAccounts),
    '',
  ];
}

/** Printable ASCII only, single spaces, no leading space. */
function asciiSubject(text: string): string {
  return text
    .replace(/[^\x20-\x7e]/g, '?')
    .replace(/ {2,}/g, ' ')
    .trim();
}

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 3).trimEnd()}...`;
}
