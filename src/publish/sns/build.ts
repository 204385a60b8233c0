import type { Severity } from '../../evaluate/types.ts';
import type { Report } from '../../report/types.ts';
import type { FindingChanges } from '../types.ts';
import { buildChatbotNotification } from './chatbot.ts';
import { renderEmailTextWithin } from './email.ts';
import { buildSubject } from './subject.ts';

/**
 * SNS takes 256 KiB per publish, subject and message attributes included, counted in UTF-8
 * bytes: the message keeps a margin below it.
 */
export const MAX_MESSAGE_BYTES = 240 * 1024;

export interface BuildNotificationInput {
  report: Report;
  minimumSeverity: Severity;
  changes?: FindingChanges;
  /** Region whose Security Hub console the message links to; no link when undefined. */
  consoleRegion?: string;
}

export interface Notification {
  subject: string;
  /** JSON for `MessageStructure=json`: `default` and `email` text, `https` chat notification. */
  message: string;
}

/** The messages per protocol, as SNS `MessageStructure=json` expects them. */
export interface ProtocolMessages {
  default: string;
  email: string;
  https: string;
}

/**
 * One message for every kind of subscriber: email (and anything without a message of its own)
 * gets the readable text; HTTPS, which is how Amazon Q Developer in chat applications subscribes,
 * gets its custom notification. When the whole would be too large, the least severe findings
 * leave the email text first, and the text says how many are not shown.
 */
export function buildNotification(input: BuildNotificationInput): Notification {
  const subject = buildSubject(input);
  const https = JSON.stringify(buildChatbotNotification({ ...input, subject }));
  // The text appears twice (default and email); what is left after the rest is shared.
  const frame = messageBytes(JSON.stringify({ default: '', email: '', https }));
  const textBudget = Math.floor((MAX_MESSAGE_BYTES - frame) / 2) + 2;
  const text = renderEmailTextWithin(input, textBudget);
  const messages: ProtocolMessages = { default: text, email: text, https };
  return { subject, message: JSON.stringify(messages) };
}

export function messageBytes(message: string): number {
  return Buffer.byteLength(message, 'utf8');
}
