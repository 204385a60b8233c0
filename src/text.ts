/** The first line of a message: what a report or a terminal line may carry of it. */
export function firstLine(message: unknown): string {
  return typeof message === 'string' ? (message.split('\n')[0] ?? '').trim() : '';
}

/** What kind of failure it was (`AccessDenied`, `SyntaxError`), without its message. */
export function errorName(error: unknown): string {
  return error instanceof Error && error.name ? error.name : 'Error';
}

/**
 * Characters that reorder or hide the text around them when shown (bidirectional marks,
 * embeddings, overrides and isolates; line and paragraph separators): a name holding one can
 * read as something else. For a regular expression's character class.
 */
export const DISPLAY_CONTROLS = '\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';

const ONE_LINE_BREAKERS = new RegExp(`[\\p{Cc}${DISPLAY_CONTROLS}]+`, 'gu');

/**
 * One line of text from anyone (tags, names, an operator's reason): control and bidirectional
 * characters as spaces, runs of spaces as one, trimmed, well-formed.
 */
export function oneLine(text: string): string {
  return text.replace(ONE_LINE_BREAKERS, ' ').replace(/ {2,}/g, ' ').trim().toWellFormed();
}

/**
 * Control characters (Unicode category Cc: C0, DEL and C1) other than tab, line feed and
 * carriage return. Names and tags come from the inventory and can hold any of them; a
 * terminal escape sequence or a bell in a CSV cell or a CI log is never wanted.
 */
const CONTROL_CHARACTERS = /[^\P{Cc}\t\n\r]/gu;

/** `text` without control characters; tab, line feed and carriage return are kept. */
export function stripControlCharacters(text: string): string {
  return text.replace(CONTROL_CHARACTERS, '');
}

const DISPLAY_CONTROL = new RegExp(`[${DISPLAY_CONTROLS}]`, 'g');

/**
 * `text` for a reader's eyes (a spreadsheet, a CI page): bidirectional controls and line
 * separators as U+FFFD, as in the HTML report, so that a name can't read as another one and
 * the reader sees that something was there.
 */
export function markDisplayControls(text: string): string {
  return text.replace(DISPLAY_CONTROL, '\ufffd');
}

/** Text shown as written, lines kept: control characters out, display controls marked, well-formed. */
export function displayText(text: string): string {
  return markDisplayControls(stripControlCharacters(text)).toWellFormed();
}

/**
 * Characters JSON may carry raw that a terminal, an editor or a log viewer acts on: C1
 * controls (U+009B starts an escape sequence in some terminals), bidirectional controls and
 * invisible separators. Names from AWS and events may hold them. They only ever occur inside
 * strings, so writing them as `\uXXXX` changes the text, never the value it parses to.
 */
const INVISIBLE =
  /[\u0080-\u009f\u00ad\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** JSON text with the characters of INVISIBLE written as `\uXXXX` escapes. */
export function escapeInvisible(json: string): string {
  return json.replace(
    INVISIBLE,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Someone's input quoted in a message (an error, a warning, a log line): cut to `max` UTF-16
 * units, as a JSON string, so control characters are escaped, and bidirectional controls too,
 * so that the rest of the line cannot read reversed.
 */
export function quotedInput(text: string, max: number): string {
  return escapeInvisible(JSON.stringify(truncateUnits(text, max)));
}

/**
 * Cuts `text` to `max` UTF-16 units, the last one an ellipsis, never splitting a surrogate
 * pair: the measure of the AWS APIs that count a string's length (Java's), which an emoji
 * counts twice in, where counting characters would overshoot their limits.
 */
export function truncateUnits(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, roomBeforeEllipsis(text, max))}…`;
}

/** Units of `text` kept before an ellipsis in `max` units, never splitting a surrogate pair. */
function roomBeforeEllipsis(text: string, max: number): number {
  const end = max - 1;
  const last = text.charCodeAt(end - 1);
  return last >= 0xd800 && last <= 0xdbff ? end - 1 : end;
}

/**
 * Cuts prose to `max` UTF-16 units as `truncateUnits` does, but after a sentence or between
 * words: after the last sentence that ends in the second half of the room ("… nodes. …"), else
 * after the last whole word, trailing punctuation dropped, an ellipsis ending it. A word longer
 * than half of `max` (an ARN, a URL) is cut inside instead, so little is lost to it.
 * `keepLastClause`: when the text ends with a clause after "; " (a warning's "grant
 * eks:ListInsights…", what to do) that fits in two thirds of `max`, the cut falls before that
 * clause and the clause stays whole.
 */
export function shortenAtWord(
  text: string,
  max: number,
  options: { keepLastClause?: boolean } = {},
): string {
  if (text.length <= max) return text;
  if (options.keepLastClause) {
    const at = text.lastIndexOf('; ');
    const clause = at > 0 ? text.slice(at) : '';
    if (clause !== '' && clause.length <= (max * 2) / 3) {
      return `${cutBetweenWords(text.slice(0, at), max - clause.length)}${clause}`;
    }
  }
  return cutBetweenWords(text, max);
}

function cutBetweenWords(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return max === 1 ? '…' : '';
  const end = roomBeforeEllipsis(text, max);
  // Whole sentences read best: the last that ends in the second half of the room, if any.
  const sentences = [...text.slice(0, end).matchAll(/[.!?](?= +[A-Z])/g)];
  const sentenceEnd = (sentences.at(-1)?.index ?? -1) + 1;
  if (sentenceEnd >= end / 2 && sentenceEnd + 2 <= max) return `${text.slice(0, sentenceEnd)} …`;
  // A space at `end` itself means the word before it ends there.
  const space = text.lastIndexOf(' ', end);
  const cut = space >= end / 2 ? space : end;
  return `${text.slice(0, cut).replace(/[\s,;:]+$/u, '')}…`;
}

/** "a, b, c, …": the first `shown` names, an ellipsis when there are more. */
export function someNames(names: readonly string[], shown: number): string {
  const named = names.slice(0, shown).join(', ');
  return names.length > shown ? `${named}, …` : named;
}

/**
 * Code-unit order, not localeCompare: an order (of a report, of a finding's sources) must not
 * depend on the machine's locale.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `word`, or its plural (`word` + s unless given) when `count` is not 1. */
export function noun(count: number, word: string, pluralWord = `${word}s`): string {
  return count === 1 ? word : pluralWord;
}

/** The count and its noun: "1 cluster", "2 clusters". */
export function plural(count: number, word: string, pluralWord = `${word}s`): string {
  return `${count} ${noun(count, word, pluralWord)}`;
}

/** The text with its first letter in capitals: a sentence that starts with a noun. */
export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
