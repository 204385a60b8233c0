import type { Severity } from '../../evaluate/types.ts';
import type { Report } from '../../report/types.ts';
import type { MergedChanges, ReportLink } from '../types.ts';
import { buildChatbotNotification, type ChatbotNotification } from './chatbot.ts';
import { EMAIL_DETAILS, prepareEmailText } from './email.ts';
import { buildSubject } from './subject.ts';

/**
 * SNS takes 256 KiB per publish, subject and message attributes included, counted in UTF-8
 * bytes: the message keeps a margin below it.
 */
export const MAX_MESSAGE_BYTES = 240 * 1024;

export interface BuildNotificationInput {
  report: Report;
  minimumSeverity: Severity;
  changes?: MergedChanges;
  /** Region whose Security Hub console the message links to; no link when undefined. */
  consoleRegion?: string;
  /** Where the whole report is: the message links it. */
  reportLink?: ReportLink;
}

export interface Notification {
  subject: string;
  /** JSON for `MessageStructure=json`: the `ProtocolMessages`, one string per protocol. */
  message: string;
}

/** The messages per protocol, as SNS `MessageStructure=json` expects them. */
export interface ProtocolMessages {
  /** The email text, for every protocol without a key of its own. */
  default: string;
  email: string;
  /** The chat notification (`ChatbotNotification`) as JSON. */
  https: string;
  /** JSON (`MachineReadableNotification`) for queues and functions that act on a scan. */
  sqs: string;
  lambda: string;
  /**
   * The subject alone: ASCII under 100 characters, one text message. Without it an SMS
   * subscriber would get the whole email text, split into a string of messages.
   */
  sms: string;
}

/**
 * What SQS and Lambda subscribers get: the same email text and chat card the people get,
 * plus the summary, so automation needs no second source. `chatbot` is the card itself (an
 * object), not its JSON.
 */
export interface MachineReadableNotification {
  subject: string;
  scannedAt: string;
  complete: boolean;
  /** The report's scope; past thousands of accounts, its first SCOPE_ACCOUNTS_NAMED accounts. */
  scope: Report['scope'];
  /** How many accounts `scope` leaves out, when it does (the linked report has them all). */
  scopeAccountsOmitted?: number;
  summary: Report['summary'];
  email: string;
  chatbot: ChatbotNotification;
  /** Where the whole report is, when it was written to S3. */
  reportLink?: ReportLink;
}

/**
 * One message for every kind of subscriber: email (and anything without a message of its own)
 * gets the readable text; HTTPS, which is how Amazon Q Developer in chat applications subscribes,
 * gets its custom notification; SQS and Lambda get both as JSON; SMS the subject. When the whole would be too
 * large, the least severe findings leave the email text first, and the text says how many are
 * not shown; then the accounts, errors, verdicts and resolved findings it names become counts,
 * and last the machine-readable scope names only its first accounts.
 */
export function buildNotification(input: BuildNotificationInput): Notification {
  const subject = buildSubject(input);
  const chatbot = buildChatbotNotification({ ...input, subject });
  const https = JSON.stringify(chatbot);
  const { report } = input;
  let message = '';
  // Findings leave first; when even the text without any does not fit, a shorter head and
  // tail are tried (EMAIL_DETAILS), down to counts alone; past thousands of accounts, the
  // machine-readable scope names the first hundred (the report has them all).
  for (const accountsNamed of [Number.POSITIVE_INFINITY, SCOPE_ACCOUNTS_NAMED]) {
    const scope = report.scope;
    const omitted = Math.max(0, scope.accounts.length - accountsNamed);
    const machineReadable = (email: string): string =>
      JSON.stringify({
        subject,
        scannedAt: report.scannedAt,
        complete: report.complete,
        scope:
          omitted === 0 ? scope : { ...scope, accounts: scope.accounts.slice(0, accountsNamed) },
        ...(omitted === 0 ? {} : { scopeAccountsOmitted: omitted }),
        summary: report.summary,
        email,
        chatbot,
        ...(input.reportLink ? { reportLink: input.reportLink } : {}),
      } satisfies MachineReadableNotification);
    const compose = (text: string): string => {
      const forAutomation = machineReadable(text);
      const messages: ProtocolMessages = {
        default: text,
        email: text,
        https,
        sqs: forAutomation,
        lambda: forAutomation,
        sms: subject,
      };
      return JSON.stringify(messages);
    };
    // The text appears four times: JSON-escaped in `default` and `email`, escaped twice over
    // in `sqs` and `lambda` (JSON inside JSON, so each newline or quote grows again). Each copy
    // takes at least the text's own JSON bytes, so a text above a quarter of what the rest
    // leaves can never fit: search the budgets up to there for the largest whose message fits.
    const frame = messageBytes(compose(''));
    const ceiling = Math.max(0, Math.floor((MAX_MESSAGE_BYTES - frame) / 4) + 2);
    for (const detail of EMAIL_DETAILS) {
      const emailTextWithin = prepareEmailText(input, detail);
      message = largestFitting(ceiling, (budget) => compose(emailTextWithin(budget)));
      if (messageBytes(message) <= MAX_MESSAGE_BYTES) return { subject, message };
    }
  }
  return { subject, message };
}

/** Accounts the machine-readable scope names when all of them would not fit. */
export const SCOPE_ACCOUNTS_NAMED = 100;

/** 2^32 budgets is far beyond any message SNS takes: the search ends long before this. */
const MAX_SEARCH_STEPS = 32;

/**
 * The message for the largest budget in [0, ceiling] whose message fits `MAX_MESSAGE_BYTES`,
 * by binary search: a larger budget shows more findings and never shortens the message, so
 * "fits" holds for every budget up to some point and for none after. Budget 0 (the text
 * without findings) is the least there is and is returned even when it does not fit.
 */
function largestFitting(ceiling: number, messageFor: (budget: number) => string): string {
  const fits = (message: string) => messageBytes(message) <= MAX_MESSAGE_BYTES;
  const atCeiling = messageFor(ceiling);
  if (fits(atCeiling)) return atCeiling; // the usual case: everything fits
  let low = 0;
  let high = ceiling - 1;
  let best = messageFor(low);
  for (let step = 0; step < MAX_SEARCH_STEPS && low < high; step += 1) {
    const budget = Math.ceil((low + high) / 2);
    const message = messageFor(budget);
    if (fits(message)) {
      low = budget;
      best = message;
    } else {
      high = budget - 1;
    }
  }
  return best;
}

export function messageBytes(message: string): number {
  return Buffer.byteLength(message, 'utf8');
}
