/**
 * A tokenizer for the PowerShell subset that bootstrap calls are written in: quoting and
 * escapes, variables, comments, line continuations, parameters, redirections, brackets.
 * It never fails: text it doesn't recognise becomes words.
 */
import type { WorkBudget } from '../budget.ts';
import type { Bracket, Token, WordPart, WordToken } from './tokens.ts';

// PowerShell accepts typographic dashes and quotes as their ASCII forms, which matters
// for scripts pasted from documents.
const DASHES = new Set(['-', '\u2013', '\u2014', '\u2015']);
const SINGLE_QUOTES = new Set(["'", '\u2018', '\u2019', '\u201a', '\u201b']);
const DOUBLE_QUOTES = new Set(['"', '\u201c', '\u201d', '\u201e']);

const WORD_TERMINATORS = new Set([';', '|', '&', '(', ')', '{', '}', ',', '>', '\n']);
/**
 * A run of ASCII a word takes as plain text: none of the spaces, terminators, `=`, backtick,
 * quotes or `$` that the word loop looks at one by one (nor any non-ASCII character).
 */
const PLAIN_RUN = /[^\s;|&(){},>=`'"$\u0080-\uffff]+/y;
const IDENTIFIER_CHAR = /[\p{L}\p{N}_]/u;
const SPACE = /\s/u;
// Bounded, so that a line of many `[` costs linear time, not quadratic.
const TYPE_NAME = /[\p{L}_][\p{L}\p{N}_.`,[\]]{0,200}/uy;
const MAX_PARAMETER_NAME = 128;
const REDIRECTION = /[1-6*]?>>?(&[1-6])?/y;
const COMPOUND_ASSIGNMENT = /(?:[+*/%]|-|\?\?)=/y;
const PARAMETER_NAME = /^[\p{L}_?][\p{L}\p{N}_?-]*$/u;
const PARAMETER_NAME_CHAR = /[\p{L}\p{N}_?-]/u;

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/** Marks text a value can never contain; `values.ts` uses it for unknown parts. */
export const NONCHARACTER = '\uffff';

/**
 * The tokens of a script. Spends a step per token and per character read, look-ahead
 * included (the look-ahead that doesn't consume is bounded, so the total stays linear).
 */
export function tokenize(script: string, work: WorkBudget): Token[] {
  return new Tokenizer(script.replaceAll(NONCHARACTER, '\ufffd'), work).run();
}

/**
 * A string never closed: PowerShell refuses such a script, and its "text" runs to the end
 * of the script, over every statement after it, which may hold secrets. Its value is
 * unknown, like that of a subexpression, so no rule can quote it.
 */
function neverClosed(): WordPart {
  return { kind: 'subexpression' };
}

// ASCII first: these run once per character of every script, the regular expressions only
// for the rest of Unicode.
function isSpace(char: string): boolean {
  const code = char.charCodeAt(0);
  if (code < 0x80) return code === 0x20 || code === 0x09 || (code >= 0x0b && code <= 0x0d);
  return SPACE.test(char);
}

function isIdentifierChar(char: string | undefined): boolean {
  if (char === undefined) return false;
  const code = char.charCodeAt(0);
  if (code < 0x80) {
    return (
      (code >= 0x61 && code <= 0x7a) ||
      (code >= 0x41 && code <= 0x5a) ||
      (code >= 0x30 && code <= 0x39) ||
      code === 0x5f
    );
  }
  return IDENTIFIER_CHAR.test(char);
}

class Tokenizer {
  readonly #source: string;
  #position = 0;
  readonly #tokens: Token[] = [];
  /** Open brackets, innermost last: inside `@{ }`, `=` ends a word. */
  readonly #brackets: Bracket[] = [];
  readonly #work: WorkBudget;

  constructor(source: string, work: WorkBudget) {
    this.#source = source;
    this.#work = work;
  }

  run(): Token[] {
    while (this.#position < this.#source.length) {
      const before = this.#position;
      this.#next();
      // Every step consumes input; a step that didn't would loop forever.
      if (this.#position <= before) this.#position = before + 1;
      this.#work.spend(1 + this.#position - before);
    }
    return this.#tokens;
  }

  #char(offset = 0): string | undefined {
    return this.#source[this.#position + offset];
  }

  #emit(token: Token, length: number): void {
    this.#tokens.push(token);
    this.#position += length;
  }

  #next(): void {
    if (this.#skipTrivia()) return;
    const char = this.#char() as string;
    const punctuation = this.#punctuation(char, this.#char(1));
    if (punctuation !== undefined) {
      const [token, length] = punctuation;
      if (token.type === 'open') this.#brackets.push(token.bracket);
      if (token.type === 'close') this.#brackets.pop();
      this.#emit(token, length);
    } else if (!this.#multiCharacterToken(char)) {
      this.#tokens.push(this.#word());
    }
  }

  /** Tokens that need a look further ahead; false (nothing consumed) when none starts here. */
  #multiCharacterToken(char: string): boolean {
    return (
      (char === '@' && this.#hereStringOrSplat()) ||
      this.#sticky(REDIRECTION, (match) => ({ type: 'redirection', toFile: !match[1] })) ||
      this.#sticky(COMPOUND_ASSIGNMENT, () => ({
        type: 'operator',
        operator: 'compound-assignment',
      })) ||
      (char === '[' && this.#typeLiteral()) ||
      (DASHES.has(char) && this.#parameter())
    );
  }

  /** Skips spaces, line continuations and comments; true when it skipped something. */
  #skipTrivia(): boolean {
    const char = this.#char() as string;
    const start = this.#position;
    if (isSpace(char)) {
      this.#position++;
    } else if (char === '`' && this.#lineBreakAt(this.#position + 1) > 0) {
      this.#position += 1 + this.#lineBreakAt(this.#position + 1);
    } else if (char === '#') {
      const end = this.#source.indexOf('\n', this.#position);
      this.#position = end === -1 ? this.#source.length : end;
    } else if (char === '<' && this.#char(1) === '#') {
      const end = this.#source.indexOf('#>', this.#position + 2);
      this.#position = end === -1 ? this.#source.length : end + 2;
    }
    return this.#position !== start;
  }

  /** Operators, separators and brackets, with their length. */
  #punctuation(char: string, next: string | undefined): [Token, number] | undefined {
    switch (char) {
      case '\n':
      case ';':
        return [{ type: 'separator' }, 1];
      case '|':
        return [{ type: 'separator' }, next === '|' ? 2 : 1];
      case '&':
        return next === '&' ? [{ type: 'separator' }, 2] : [{ type: 'operator', operator: '&' }, 1];
      case ',':
      case '=':
        return [{ type: 'operator', operator: char }, 1];
      case '.':
        // Dot-sourcing: a lone dot before the script; `.\script.ps1` is a word.
        return next === undefined || SPACE.test(next)
          ? [{ type: 'operator', operator: '.' }, 1]
          : undefined;
      case '(':
      case '{':
        return [{ type: 'open', bracket: char }, 1];
      case ')':
      case '}':
        return [{ type: 'close' }, 1];
      case '@':
        if (next === '(' || next === '{') return [{ type: 'open', bracket: `@${next}` }, 2];
        return undefined;
      default:
        return undefined;
    }
  }

  /** Emits the token `make` builds when `pattern` matches here. */
  #sticky(pattern: RegExp, make: (match: RegExpExecArray) => Token): boolean {
    pattern.lastIndex = this.#position;
    const match = pattern.exec(this.#source);
    if (match === null || match[0] === '') return false;
    this.#emit(make(match), match[0].length);
    return true;
  }

  /** Length of the line break at `index` (`\n` or `\r\n`), or 0. */
  #lineBreakAt(index: number): number {
    if (this.#source[index] === '\n') return 1;
    if (this.#source[index] === '\r' && this.#source[index + 1] === '\n') return 2;
    return 0;
  }

  /** A here-string or `@splat`; false (nothing consumed) when the `@` starts neither. */
  #hereStringOrSplat(): boolean {
    const next = this.#char(1);
    if (next !== undefined && (SINGLE_QUOTES.has(next) || DOUBLE_QUOTES.has(next))) {
      const here = this.#hereString(DOUBLE_QUOTES.has(next));
      if (here !== undefined) this.#tokens.push(here);
      return here !== undefined;
    }
    if (!isIdentifierChar(next)) return false;
    this.#position++;
    this.#tokens.push({ type: 'splat', variable: this.#identifier() });
    return true;
  }

  /**
   * `@"`/`@'`, a line break, the text, and a line starting `"@`/`'@`. Undefined when the
   * opening isn't followed by a line break (then it isn't a here-string).
   */
  #hereString(expandable: boolean): WordToken | undefined {
    let index = this.#position + 2;
    while (index < this.#source.length && isSpace(this.#source[index] as string)) index++;
    const lineBreak = this.#lineBreakAt(index);
    if (lineBreak === 0) return undefined;
    const start = index + lineBreak;
    const quotes = expandable ? DOUBLE_QUOTES : SINGLE_QUOTES;
    let end = this.#source.length;
    let after = this.#source.length;
    let closed = false;
    for (let lineStart = start; lineStart < this.#source.length; ) {
      if (quotes.has(this.#source[lineStart] as string) && this.#source[lineStart + 1] === '@') {
        // The line break before the closing quote is not part of the text.
        end = Math.max(start, lineStart - (this.#source[lineStart - 2] === '\r' ? 2 : 1));
        after = lineStart + 2;
        closed = true;
        break;
      }
      const nextLine = this.#source.indexOf('\n', lineStart);
      if (nextLine === -1) break;
      lineStart = nextLine + 1;
    }
    let parts: WordPart[];
    if (!closed) {
      parts = [neverClosed()];
    } else if (expandable) {
      this.#position = start;
      parts = this.#expandable(end, false);
    } else {
      parts = [{ kind: 'text', text: this.#source.slice(start, end) }];
    }
    this.#position = after;
    return { type: 'word', parts, start: 'quote' };
  }

  /** `[TypeName]` at the start of a token; false (nothing consumed) when it isn't one. */
  #typeLiteral(): boolean {
    TYPE_NAME.lastIndex = this.#position + 1;
    const match = TYPE_NAME.exec(this.#source);
    if (match === null) return false;
    // Up to 200 characters read ahead, which a word may not consume (`[a,[a,…`).
    this.#work.spend(2 * match[0].length);
    // The match may swallow closing brackets of the type itself ([string[]]); find the
    // bracket that balances the opening one.
    let depth = 0;
    const limit = this.#position + 1 + match[0].length;
    for (let index = this.#position; index <= limit && index < this.#source.length; index++) {
      const char = this.#source[index];
      if (char === '[') depth++;
      if (char === ']') depth--;
      if (depth === 0) {
        this.#emit({ type: 'type' }, index + 1 - this.#position);
        return true;
      }
    }
    return false;
  }

  /** `-Name` or `-Name:`; false (nothing consumed) when the dash starts a word instead. */
  #parameter(): boolean {
    let index = this.#position + 1;
    const limit = Math.min(this.#source.length, index + MAX_PARAMETER_NAME);
    // Only name characters are read ahead: the word read instead, when this is no
    // parameter, consumes at least as many, so look-ahead never reads text twice over.
    while (index < limit && PARAMETER_NAME_CHAR.test(this.#source[index] as string)) index++;
    if (index === limit && limit < this.#source.length) return false;
    const end = this.#source[index];
    if (end !== undefined && end !== ':' && !SPACE.test(end) && !WORD_TERMINATORS.has(end)) {
      return false;
    }
    const name = this.#source.slice(this.#position + 1, index);
    if (!PARAMETER_NAME.test(name)) return false;
    const colon = this.#source[index] === ':';
    this.#emit({ type: 'parameter', name, colon }, index + (colon ? 1 : 0) - this.#position);
    return true;
  }

  #identifier(): string {
    const start = this.#position;
    while (isIdentifierChar(this.#char())) this.#position++;
    return this.#source.slice(start, this.#position);
  }

  /** A word: text, quoted strings and variables, up to a space or an operator. */
  #word(): WordToken {
    const first = this.#char() as string;
    const start =
      first === '$'
        ? 'variable'
        : SINGLE_QUOTES.has(first) || DOUBLE_QUOTES.has(first)
          ? 'quote'
          : 'text';
    const parts = new WordParts();
    while (this.#position < this.#source.length) {
      const char = this.#char() as string;
      if (isSpace(char) || WORD_TERMINATORS.has(char)) break;
      if (char === '=' && this.#equalsEndsWord(parts)) break;
      if (char === '`') {
        if (this.#lineBreakAt(this.#position + 1) > 0) break;
        const escaped = this.#char(1);
        parts.append(escaped === undefined ? '' : (ESCAPES[escaped] ?? escaped));
        this.#position += 2;
        continue;
      }
      if (SINGLE_QUOTES.has(char)) {
        const text = this.#singleQuoted();
        parts.push(text === undefined ? neverClosed() : { kind: 'text', text });
        continue;
      }
      if (DOUBLE_QUOTES.has(char)) {
        this.#position++;
        parts.push(...this.#expandable(this.#source.length, true));
        continue;
      }
      if (char === '$') {
        parts.add(this.#dollar(true));
        continue;
      }
      PLAIN_RUN.lastIndex = this.#position;
      const run = PLAIN_RUN.exec(this.#source);
      const text = run === null ? char : run[0];
      parts.append(text);
      this.#position += text.length;
    }
    return { type: 'word', parts: parts.finish(), start };
  }

  /** `=` ends a word after a lone variable (an assignment) and inside a hashtable literal. */
  #equalsEndsWord(parts: WordParts): boolean {
    return this.#brackets.at(-1) === '@{' || parts.isLoneVariable();
  }

  /**
   * The text of a single-quoted string; `''` stands for one quote. Starts at the quote.
   * Undefined when the string is never closed.
   */
  #singleQuoted(): string | undefined {
    let text = '';
    this.#position++;
    while (this.#position < this.#source.length) {
      const char = this.#char() as string;
      if (SINGLE_QUOTES.has(char)) {
        if (SINGLE_QUOTES.has(this.#char(1) as string)) {
          text += "'";
          this.#position += 2;
          continue;
        }
        this.#position++;
        return text;
      }
      text += char;
      this.#position++;
    }
    return undefined;
  }

  /**
   * The parts of an expandable string, from the current position up to `end` or, when
   * `closedByQuote`, the closing double quote (which is consumed).
   */
  #expandable(end: number, closedByQuote: boolean): WordPart[] {
    const parts = new WordParts();
    let closed = !closedByQuote;
    while (this.#position < end) {
      const char = this.#char() as string;
      if (closedByQuote && DOUBLE_QUOTES.has(char)) {
        if (DOUBLE_QUOTES.has(this.#char(1) as string)) {
          parts.append('"');
          this.#position += 2;
          continue;
        }
        this.#position++;
        closed = true;
        break;
      }
      if (char === '`') {
        parts.append(this.#escape());
        continue;
      }
      if (char === '$') {
        // A subexpression in a here-string ends with it at the latest.
        parts.add(this.#dollar(false, end));
        continue;
      }
      parts.append(char);
      this.#position++;
    }
    return closed ? parts.finish() : [neverClosed()];
  }

  /** A backtick escape inside an expandable string, including `u{1F600}`. */
  #escape(): string {
    const escaped = this.#char(1);
    this.#position += 2;
    if (escaped === undefined) return '';
    if (escaped === 'u' && this.#char() === '{') {
      const close = this.#source.slice(this.#position, this.#position + 8).indexOf('}');
      const hex =
        close === -1 ? '' : this.#source.slice(this.#position + 1, this.#position + close);
      if (/^[0-9A-Fa-f]{1,6}$/.test(hex) && Number.parseInt(hex, 16) <= 0x10ffff) {
        this.#position += close + 1;
        return String.fromCodePoint(Number.parseInt(hex, 16));
      }
    }
    return ESCAPES[escaped] ?? escaped;
  }

  /**
   * What a `$` starts: `$(…)`, `${name}`, `$name` (with member access outside strings), or
   * a plain dollar sign.
   */
  #dollar(allowMembers: boolean, end = this.#source.length): WordPart {
    const next = this.#char(1);
    if (next === '(') {
      this.#position = endOfSubexpression(this.#source, this.#position + 1, this.#work, end);
      return { kind: 'subexpression' };
    }
    if (next === '{') {
      const close = this.#source.indexOf('}', this.#position + 2);
      const end = close === -1 ? this.#source.length : close;
      const name = this.#source.slice(this.#position + 2, end);
      this.#position = Math.min(end + 1, this.#source.length);
      return { kind: 'variable', name };
    }
    if (next === '?' || next === '^' || next === '$') {
      this.#position += 2;
      return { kind: 'variable', name: next };
    }
    if (!isIdentifierChar(next)) {
      this.#position++;
      return { kind: 'text', text: '$' };
    }
    this.#position++;
    let name = this.#identifier();
    // A scope or drive qualifier: $env:ProgramFiles, $script:Name.
    if (this.#char() === ':' && isIdentifierChar(this.#char(1))) {
      this.#position++;
      name = `${name}:${this.#identifier()}`;
    }
    if (allowMembers && this.#memberAccess()) return { kind: 'member', variable: name };
    return { kind: 'variable', name };
  }

  /** Consumes `.Member`, `[index]` and `(arguments)` chains; true when there was one. */
  #memberAccess(): boolean {
    let consumed = false;
    for (;;) {
      const char = this.#char();
      if (char === '.' && isIdentifierChar(this.#char(1))) {
        this.#position++;
        this.#identifier();
      } else if (char === '[' || (char === '(' && consumed)) {
        this.#position = endOfBracket(this.#source, this.#position, this.#work);
      } else {
        return consumed;
      }
      consumed = true;
    }
  }
}

/** The index after the `]` or `)` balancing the bracket at `open`, ignoring nesting of the other kind. */
function endOfBracket(source: string, open: number, work: WorkBudget): number {
  if (source[open] === '(') return endOfSubexpression(source, open, work);
  let depth = 0;
  let index = open;
  for (; index < source.length; index++) {
    if (source[index] === '[') depth++;
    if (source[index] === ']' && --depth === 0) break;
  }
  work.spend(index - open);
  return Math.min(index + 1, source.length);
}

/**
 * The index after the `)` that closes the `(` at `open`, skipping strings (and the
 * subexpressions inside double-quoted ones). Iterative, with an explicit stack, so depth
 * costs no call stack.
 */
export function endOfSubexpression(
  source: string,
  open: number,
  work: WorkBudget,
  end = source.length,
): number {
  const close = scanSubexpression(source, open, end);
  work.spend(close - open);
  return close;
}

/** The index after the closing `)`, or `end` when there is none before it. */
function scanSubexpression(source: string, open: number, end: number): number {
  // Each frame is code (counting its own parentheses) or a double-quoted string.
  const frames: Array<{ quoted: boolean; depth: number }> = [{ quoted: false, depth: 0 }];
  let index = open + 1;
  while (index < end) {
    const frame = frames.at(-1) as { quoted: boolean; depth: number };
    const char = source[index] as string;
    if (char === '`') {
      index += 2;
      continue;
    }
    if (frame.quoted) {
      if (DOUBLE_QUOTES.has(char)) {
        if (DOUBLE_QUOTES.has(source[index + 1] as string)) index++;
        else frames.pop();
      } else if (char === '$' && source[index + 1] === '(') {
        frames.push({ quoted: false, depth: 0 });
        index++;
      }
      index++;
      continue;
    }
    if (SINGLE_QUOTES.has(char)) {
      index = endOfSingleQuoted(source, index, end);
      continue;
    }
    if (DOUBLE_QUOTES.has(char)) frames.push({ quoted: true, depth: 0 });
    if (char === '(') frame.depth++;
    if (char === ')') {
      if (frame.depth === 0) {
        frames.pop();
        if (frames.length === 0) return index + 1;
      } else {
        frame.depth--;
      }
    }
    index++;
  }
  return Math.min(end, source.length);
}

function endOfSingleQuoted(source: string, open: number, end: number): number {
  for (let index = open + 1; index < end; index++) {
    if (!SINGLE_QUOTES.has(source[index] as string)) continue;
    if (SINGLE_QUOTES.has(source[index + 1] as string)) {
      index++;
      continue;
    }
    return index + 1;
  }
  return end;
}

/**
 * The parts of a word or an expandable string as they are read: plain text gathers into one
 * part until something else (a variable, a quoted string) comes between.
 */
class WordParts {
  readonly #parts: WordPart[] = [];
  #text = '';

  /** Plain text, joined to the text before it. */
  append(text: string): void {
    this.#text += text;
  }

  /** Parts kept apart from the text around them (a quoted string stays one part). */
  push(...parts: WordPart[]): void {
    this.#flush();
    this.#parts.push(...parts);
  }

  /** What a `$` yields: text when it names nothing, joined like any text. */
  add(part: WordPart): void {
    if (part.kind === 'text') this.append(part.text);
    else this.push(part);
  }

  /** True when all read so far is one variable (or member access, or subexpression). */
  isLoneVariable(): boolean {
    const [only] = this.#parts;
    return this.#text === '' && this.#parts.length === 1 && only?.kind !== 'text';
  }

  /** The parts read, at least one: an empty string is an empty text part. */
  finish(): WordPart[] {
    this.#flush();
    if (this.#parts.length === 0) this.#parts.push({ kind: 'text', text: '' });
    return this.#parts;
  }

  #flush(): void {
    if (this.#text !== '') this.#parts.push({ kind: 'text', text: this.#text });
    this.#text = '';
  }
}
