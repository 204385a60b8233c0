import { createHash } from 'node:crypto';
import {
  type ClusterReadiness,
  type Finding,
  SEVERITIES,
  type Severity,
} from '../../evaluate/types.ts';
import { resourceLabel } from '../../inventory/labels.ts';
import type { Report } from '../../report/types.ts';
import { plural, shortenAtWord, truncateUnits } from '../../text.ts';
import type { MergedChanges, ReportLink } from '../types.ts';
import { resolvedFindingsAtOrAbove, resolvedIdsAtOrAbove } from './decide.ts';
import {
  clean,
  countBySeverity,
  describeCounts,
  describeWarnings,
  formatTime,
  incompleteBecause,
  listSome,
  notifiableFindings,
  securityHubLinkScope,
  securityHubUrl,
  severitiesAtOrAbove,
  specificSentence,
  truncate,
  unreadHubsNote,
} from './text.ts';

/**
 * An Amazon Q Developer in chat applications (AWS Chatbot) custom notification: the `https`
 * message of the topic, which the chat channel's subscription receives.
 * https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html
 */
export interface ChatbotNotification {
  version: '1.0';
  source: 'custom';
  content: {
    textType: 'client-markdown';
    title: string;
    description: string;
    nextSteps: string[];
    keywords: string[];
  };
  metadata: {
    threadId: string;
    summary: string;
    eventType: string;
    relatedResources: string[];
    additionalContext: Record<string, string>;
  };
}

/**
 * Limits of the custom notification schema (title, description, each next step, each
 * keyword), counted in UTF-16 units: an emoji is two, as Java counts (cut by truncateUnits).
 */
export const CHATBOT_LIMITS = {
  title: 250,
  description: 8_000,
  nextStep: 350,
  keyword: 75,
  // The counts below are our own restraint: a chat message is a pointer, not the report.
  nextSteps: 3,
  keywords: 8,
  relatedResources: 5,
  summary: 200,
  threadId: 100,
  contextValue: 500,
} as const;

/** Findings listed in the chat message; the rest are counted. */
export const CHAT_FINDINGS_SHOWN = 10;
/**
 * UTF-16 units of each finding's own sentence in the chat message: whole up to the first,
 * cut between words to the second before a finding is left out for the description's limit.
 */
export const CHAT_SENTENCE_UNITS = [600, 300] as const;
/** Accounts and regions named in the scope line; the rest are counted. */
export const CHAT_SCOPE_SHOWN = 10;
/** Blocked clusters named in the readiness line; the rest are counted. */
export const CHAT_BLOCKED_CLUSTERS_SHOWN = 5;
/** Resolved findings named (most severe first); the rest are counted. */
export const CHAT_RESOLVED_SHOWN = 5;
export const CHATBOT_EVENT_TYPE = 'EksWindowsScannerReport';

const SEVERITY_EMOJI: Record<Severity, string> = {
  CRITICAL: ':red_circle:',
  HIGH: ':large_orange_circle:',
  MEDIUM: ':large_yellow_circle:',
  LOW: ':large_blue_circle:',
  INFORMATIONAL: ':white_circle:',
};

export interface ChatbotInput {
  report: Report;
  minimumSeverity: Severity;
  changes?: MergedChanges;
  consoleRegion?: string;
  reportLink?: ReportLink;
  /** The message's subject, reused as the title and the thread summary. */
  subject: string;
}

export function buildChatbotNotification(input: ChatbotInput): ChatbotNotification {
  const { report, minimumSeverity, changes, subject } = input;
  const notifiable = notifiableFindings(report.findings, minimumSeverity);
  const highest = notifiable[0]?.severity;
  const emoji =
    highest !== undefined
      ? SEVERITY_EMOJI[highest]
      : report.complete
        ? ':white_check_mark:'
        : ':warning:';
  const headline = subject.replace(/^\[eks-windows-scanner\]\s*/, '');
  const counts = countBySeverity(notifiable);
  return {
    version: '1.0',
    source: 'custom',
    content: {
      textType: 'client-markdown',
      title: truncateUnits(`${emoji} ${subject}`, CHATBOT_LIMITS.title),
      description: describe(input, notifiable),
      nextSteps: nextSteps(input, notifiable),
      keywords: [
        'eks-windows-scanner',
        ...severitiesAtOrAbove(minimumSeverity).filter((severity) => counts[severity] > 0),
        ...(report.complete ? [] : ['scan-incomplete']),
        ...((report.readiness ?? []).some((entry) => entry.status === 'blocked')
          ? ['upgrade-blocked']
          : []),
        ...(changes !== undefined && resolvedIdsAtOrAbove(changes, minimumSeverity).length > 0
          ? ['resolved']
          : []),
      ]
        .slice(0, CHATBOT_LIMITS.keywords)
        .map((keyword) => truncateUnits(keyword, CHATBOT_LIMITS.keyword)),
    },
    metadata: {
      threadId: threadId(report),
      summary: truncateUnits(`EKS Windows scan: ${headline}`, CHATBOT_LIMITS.summary),
      eventType: CHATBOT_EVENT_TYPE,
      relatedResources: [
        ...new Set(notifiable.map((finding) => clean(finding.resource.arn ?? finding.resource.id))),
      ].slice(0, CHATBOT_LIMITS.relatedResources),
      additionalContext: Object.fromEntries(
        Object.entries({
          accounts: report.scope.accounts.join(','),
          regions: report.scope.regions.join(','),
          scannedAt: report.scannedAt,
          complete: String(report.complete),
          scannerVersion: report.scanner.version,
          minimumSeverity,
          findings: String(notifiable.length),
        }).map(([key, value]) => [key, truncateUnits(clean(value), CHATBOT_LIMITS.contextValue)]),
      ),
    },
  };
}

/**
 * Slack-style markdown: scope, scan state, then the findings new since the last run and the
 * most severe of the rest, one bullet each, and the findings resolved since then.
 * Until the description fits its limit, the findings' sentences are cut shorter
 * (CHAT_SENTENCE_UNITS), then fewer findings are listed.
 */
function describe(input: ChatbotInput, notifiable: readonly Finding[]): string {
  for (let shown = Math.min(CHAT_FINDINGS_SHOWN, notifiable.length); shown >= 0; shown--) {
    for (const sentenceUnits of CHAT_SENTENCE_UNITS) {
      const text = describeWith(input, notifiable, shown, sentenceUnits);
      if (text.length <= CHATBOT_LIMITS.description) return text;
    }
  }
  return truncateUnits(
    describeWith(input, notifiable, 0, CHAT_SENTENCE_UNITS[0]),
    CHATBOT_LIMITS.description,
  );
}

function describeWith(
  input: ChatbotInput,
  notifiable: readonly Finding[],
  shown: number,
  sentenceUnits: number,
): string {
  const { report, minimumSeverity, changes } = input;
  const multiScope = report.scope.accounts.length > 1 || report.scope.regions.length > 1;
  const newIds = new Set(changes?.newFindingIds ?? []);
  const newOnes = notifiable.filter((finding) => newIds.has(finding.id));
  const lines: string[] = [];

  // A run limited to some clusters says so: its counts are not the whole scope's.
  const clusters =
    report.scope.clusters === undefined
      ? ''
      : ` · only ${listSome(report.scope.clusters.map(code), CHAT_SCOPE_SHOWN, 'cluster')}`;
  lines.push(
    `*Scope:* ${listSome(report.scope.accounts.map(code), CHAT_SCOPE_SHOWN, 'account')} · ${listSome(report.scope.regions.map(code), CHAT_SCOPE_SHOWN, 'region')}${clusters}`,
  );
  lines.push(
    `*Scanned:* ${formatTime(report.scannedAt)} · ${chatText(report.scanner.name)} ${chatText(report.scanner.version)}`,
  );
  const counts = describeCounts(countBySeverity(notifiable), severitiesAtOrAbove(minimumSeverity));
  lines.push(
    `*Findings at or above ${minimumSeverity}:* ${notifiable.length === 0 ? 'none' : counts}`,
  );
  if (changes !== undefined) {
    const added = newOnes.length;
    const resolved = resolvedIdsAtOrAbove(changes, minimumSeverity).length;
    const unread = unreadHubsNote(changes, report.scope.accounts.length > 1);
    lines.push(
      `*Since the last run:* ${added} new, ${resolved} resolved${unread === undefined ? '' : ` (${chatText(unread)})`}`,
    );
  }
  if (!report.complete) {
    const first = report.errors[0];
    const example =
      first === undefined
        ? ''
        : `, e.g. ${chatText(first.operation)}${first.cluster ? ` on ${code(first.cluster)}` : ''}: ${chatText(first.code)}`;
    lines.push(
      `:warning: *Scan incomplete:* ${incompleteBecause(report.errors.length)}${example}. The findings may not be everything.`,
    );
  }
  const warnings = describeWarnings(report, chatText);
  if (warnings !== undefined) lines.push(`*Warnings:* ${warnings}`);
  const readiness = readinessLine(report.readiness ?? [], multiScope);
  if (readiness !== undefined) lines.push(readiness);

  // What changed first: a new MEDIUM finding is named even below ten older HIGH ones.
  const listed = [...newOnes, ...notifiable.filter((finding) => !newIds.has(finding.id))].slice(
    0,
    shown,
  );
  for (const severity of SEVERITIES) {
    const group = listed.filter((finding) => finding.severity === severity);
    if (group.length === 0) continue;
    lines.push('', `${SEVERITY_EMOJI[severity]} *${severity}*`);
    for (const finding of group) {
      const where = multiScope
        ? `${code(finding.cluster)} (${chatText(finding.accountId)} ${chatText(finding.region)})`
        : code(finding.cluster);
      const resource = `${chatText(resourceLabel(finding.resource.type))} ${code(finding.resource.name ?? finding.resource.id)}`;
      const marker = newIds.has(finding.id) ? ' _new_' : '';
      lines.push(
        `• ${where} · ${shortenAtWord(chatText(finding.title), 200)} · ${resource}${marker}`,
        `   ${shortenAtWord(chatText(specificSentence(finding)), sentenceUnits)}`,
      );
    }
  }
  const rest = notifiable.length - listed.length;
  if (rest > 0) {
    // The new ones are listed first: those left out are past the last listed.
    const newLeft = Math.max(0, newOnes.length - listed.length);
    // The places linked, and only those: with Security Hub off the email is all there is.
    const places = [
      'the email',
      ...(input.reportLink === undefined
        ? []
        : [`the <${input.reportLink.consoleUrl}|full report>`]),
      ...(input.consoleRegion === undefined
        ? []
        : [`<${securityHubUrl(input.consoleRegion)}|Security Hub>`]),
    ];
    const see =
      places.length === 1
        ? places[0]
        : `${places.slice(0, -1).join(', ')} or ${places[places.length - 1]}`;
    const ofThem = newLeft > 0 ? ` (${newLeft} of them new)` : '';
    lines.push('', `_…and ${plural(rest, 'more finding')}${ofThem}:_ see ${see}.`);
  }
  const resolved = changes === undefined ? [] : resolvedFindingsAtOrAbove(changes, minimumSeverity);
  if (resolved.length > 0) {
    lines.push('', ':white_check_mark: *Resolved since the last run*');
    for (const { severity, title } of resolved.slice(0, CHAT_RESOLVED_SHOWN)) {
      lines.push(`• ${severity ?? 'UNKNOWN'} · ${shortenAtWord(chatText(title), 200)}`);
    }
    if (resolved.length > CHAT_RESOLVED_SHOWN) {
      lines.push(
        `_…and ${plural(resolved.length - CHAT_RESOLVED_SHOWN, 'more resolved finding')}._`,
      );
    }
  }
  const suppressed = report.findings.filter((finding) => finding.suppressed).length;
  if (suppressed > 0) {
    lines.push('', `_${plural(suppressed, 'suppressed finding')} not shown._`);
  }
  return lines.join('\n');
}

/**
 * The email's upgrade verdicts in one line: how many clusters are ready, blocked or not
 * judged, and the first blocked ones with their upgrade and number of problems. The email
 * and the report say which problems; a chat line only says where to look.
 */
function readinessLine(
  readiness: readonly ClusterReadiness[],
  multiScope: boolean,
): string | undefined {
  if (readiness.length === 0) return undefined;
  const blocked = readiness.filter((entry) => entry.status === 'blocked');
  const ready = readiness.filter((entry) => entry.status === 'ready').length;
  const notJudged = readiness.length - ready - blocked.length;
  const counts = [
    `${ready} ready`,
    `${blocked.length} blocked`,
    ...(notJudged > 0 ? [`${notJudged} not judged`] : []),
  ].join(', ');
  const line = `*Upgrade readiness:* ${plural(readiness.length, 'cluster')}: ${counts}`;
  if (blocked.length === 0) return line;
  const named = blocked.slice(0, CHAT_BLOCKED_CLUSTERS_SHOWN).map((entry) => {
    const where = multiScope ? ` (${chatText(entry.accountId)} ${chatText(entry.region)})` : '';
    const upgrade =
      entry.from !== undefined && entry.to !== undefined
        ? ` ${chatText(entry.from)} → ${chatText(entry.to)}`
        : '';
    return `${code(entry.cluster)}${where}${upgrade} (${plural(entry.blockers.length, 'problem')})`;
  });
  const rest = blocked.length - named.length;
  return `${line} · :no_entry: blocked: ${named.join(', ')}${rest > 0 ? `, and ${plural(rest, 'more cluster')}` : ''}`;
}

function nextSteps(input: ChatbotInput, notifiable: readonly Finding[]): string[] {
  const steps: string[] = [];
  if (input.reportLink !== undefined) {
    steps.push(`Open the <${input.reportLink.consoleUrl}|full report> in the S3 console`);
  }
  if (input.consoleRegion !== undefined) {
    const shows = securityHubLinkScope(input.report.scope, input.consoleRegion);
    steps.push(
      `Review the findings in <${securityHubUrl(input.consoleRegion)}|Security Hub>${shows === undefined ? '' : ` (${chatText(shows)})`}`,
    );
  }
  if (!input.report.complete) {
    steps.push(
      "Check the scanner's IAM permissions and its logs: the scan did not complete, so findings may be missing",
    );
  }
  const seen = new Set<string>();
  for (const finding of notifiable) {
    if (seen.has(finding.ruleId)) continue;
    seen.add(finding.ruleId);
    steps.push(`*${chatText(finding.ruleId)}*: ${chatText(finding.remediation)}`);
  }
  return steps
    .slice(0, CHATBOT_LIMITS.nextSteps)
    .map((step) => shortenAtWord(step, CHATBOT_LIMITS.nextStep));
}

/**
 * The same thread for every run over the same scope, so updates stack up in one place; a run
 * limited to some clusters has its own, so that its counts never read as the whole scope's.
 */
function threadId(report: Report): string {
  const { accounts, regions, clusters } = report.scope;
  const limited = clusters === undefined ? '' : `/${clusters.join(',')}`;
  const scope = `${accounts.join(',')}/${regions.join(',')}${limited}`;
  const readable = `eks-windows-scanner/${scope}`.replace(/[^A-Za-z0-9_,./-]/g, '-');
  if (readable.length <= CHATBOT_LIMITS.threadId) return readable;
  // Too long to read anyway: a digest tells scopes apart just as well.
  return `eks-windows-scanner/${createHash('sha256').update(scope).digest('hex').slice(0, 32)}`;
}

// Resource names come from AWS (Auto Scaling group names allow almost any character): Slack
// reads `<...>` as links and mentions and backticks as code, so those never pass through.
function codeText(text: string): string {
  return clean(text).replace(/[<>]/g, '').replace(/`/g, "'");
}

// Outside code, a name written `[text](https://…)` would be a markdown link (Teams renders
// them): a space between `]` and `(` leaves it text.
function chatText(text: string): string {
  return codeText(text).replace(/\]\(/g, '] (');
}

function code(text: string): string {
  return `\`${truncate(codeText(text), 200) || '-'}\``;
}
