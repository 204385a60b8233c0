/**
 * A tokenizer for the PowerShell subset that bootstrap calls are written in: quoting and
 * escapes, variables, comments, line continuations, parameters, redirections, brackets.
 * It never fails: text it doesn't recognise becomes words.
 */
import type { WorkBudget } from '../budget.ts';
import { holdsPipelineChain, type SyntaxNode, SyntaxTreeBuilder } from './syntax-tree.ts';
import type {
  Bracket,
  OperatorToken,
  RedirectionToken,
  SeparatorToken,
  WordPart,
  WordToken,
} from './tokens.ts';

// PowerShell accepts typographic dashes (#multiCharacterToken) and quotes as their ASCII
// forms, which matters for scripts pasted from documents.
const SINGLE_QUOTES = new Set(["'", '\u2018', '\u2019', '\u201a', '\u201b']);
const DOUBLE_QUOTES = new Set(['"', '\u201c', '\u201d', '\u201e']);

const WORD_TERMINATORS = new Set([';', '|', '&', '(', ')', '{', '}', ',', '>', '\n']);
/**
 * ASCII characters a word takes as plain text, by character code: none of the spaces,
 * terminators, `=`, backtick, quotes or `$` that the word loop looks at one by one (a
 * non-ASCII character is never plain: the loop takes it alone).
 */
const PLAIN = Uint8Array.from({ length: 0x80 }, (_, code) =>
  /[\s;|&(){},>=`'"$]/.test(String.fromCharCode(code)) ? 0 : 1,
);
const IDENTIFIER_CHAR = /[\p{L}\p{N}_]/u;
// PowerShell's whitespace beyond ASCII (CharExtensions.IsWhitespace): no-break space, next
// line (U+0085) and the separators (char.IsSeparator: Zs, Zl, Zp). Not JavaScript's \s,
// which leaves out U+0085 and takes the byte-order mark U+FEFF, a word's character there.
const SPACE = /[\p{Zs}\p{Zl}\p{Zp}\u0085]/u;
const LETTER = /\p{L}/u;
const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;
// Bounded, so that a line of many `[` costs linear time, not quadratic.
const TYPE_NAME = /[\p{L}_][\p{L}\p{N}_.`,[\]]{0,200}/uy;
const MAX_PARAMETER_NAME = 128;
/** A line break as PowerShell reads one: LF, CRLF, or a CR alone. */
const LINE_BREAK = /\r\n?|\n/g;

// Tokens that carry nothing of the text are immutable and shared: a script of many `;` or
// `(` allocates none per token (the parser only reads tokens).
const SEPARATOR: SeparatorToken = Object.freeze({ type: 'separator' });
const PIPE: SeparatorToken = Object.freeze({ type: 'separator', pipe: true });
const CHAIN: SeparatorToken = Object.freeze({ type: 'separator', chain: true });
const operator = (name: OperatorToken['operator']): OperatorToken =>
  Object.freeze({ type: 'operator', operator: name });
const CALL = operator('&');
const DOT_SOURCE = operator('.');
const ASSIGN = operator('=');
const COMMA = operator(',');
const COMPOUND_ASSIGNMENT = operator('compound-assignment');
const REDIRECTION_TO_FILE: RedirectionToken = Object.freeze({ type: 'redirection', toFile: true });
const REDIRECTION_TO_STREAM: RedirectionToken = Object.freeze({
  type: 'redirection',
  toFile: false,
});
/** A subexpression, or a string never closed: a value not evaluated. */
const SUBEXPRESSION: WordPart = Object.freeze({ kind: 'subexpression' });
const DOLLAR: WordPart = Object.freeze({ kind: 'text', text: '$' });
const EMPTY_TEXT: WordPart = Object.freeze({ kind: 'text', text: '' });

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
 * The syntax tree of a script (syntax-tree.ts), its tokens put in place as they are read.
 * Spends a step per token and per character read, look-ahead included (the look-ahead
 * that doesn't consume is bounded, so the total stays linear), then a step per token for
 * the tree. Throws PowerShellParseError when brackets nest deeper than the tree allows,
 * once the whole script is read.
 */
export function parseSyntaxTree(script: string, work: WorkBudget): SyntaxNode[] {
  const source = script.includes(NONCHARACTER) ? script.replaceAll(NONCHARACTER, '\ufffd') : script;
  return new Tokenizer(source, work).run();
}

/**
 * Whether a script chains commands with `&&` or `||`, which Windows PowerShell 5.1 refuses to
 * parse (syntax-tree.ts, holdsPipelineChain). Only a script whose text holds one of them is
 * tokenized for it.
 */
export function chainsPipelines(script: string, work: WorkBudget): boolean {
  if (!script.includes('&&') && !script.includes('||')) return false;
  return holdsPipelineChain(parseSyntaxTree(script, work), work);
}

/**
 * A string never closed: PowerShell refuses such a script, and its "text" runs to the end
 * of the script, over every statement after it, which may hold secrets. Its value is
 * unknown, like that of a subexpression, so no rule can quote it.
 */
function neverClosed(): WordPart {
  return SUBEXPRESSION;
}

// ASCII first: these run once per character of every script, the regular expressions only
// for the rest of Unicode.
function isSpace(char: string): boolean {
  const code = char.charCodeAt(0);
  if (code < 0x80) return code === 0x20 || code === 0x09 || (code >= 0x0b && code <= 0x0d);
  return SPACE.test(char);
}

/** `\s`: a space as isSpace, or a line break. */
function isWhitespace(char: string): boolean {
  return char === '\n' || isSpace(char);
}

function isPlain(code: number): boolean {
  return code < 0x80 && PLAIN[code] === 1;
}

/** The end of the run of plain characters (PLAIN) from `start`. */
function plainRunEnd(source: string, start: number): number {
  let index = start;
  while (index < source.length && isPlain(source.charCodeAt(index))) index++;
  return index;
}

function isSingleQuote(char: string | undefined): boolean {
  return char !== undefined && SINGLE_QUOTES.has(char);
}

function isDoubleQuote(char: string | undefined): boolean {
  return char !== undefined && DOUBLE_QUOTES.has(char);
}

/** A character of a parameter name: a letter, a digit, `_`, `?` or `-`. */
function isParameterNameChar(char: string): boolean {
  const code = char.charCodeAt(0);
  if (code < 0x80) return isIdentifierChar(char) || code === 0x3f || code === 0x2d;
  return LETTER_OR_NUMBER.test(char);
}

/** What a parameter name may start with: a letter, `_` or `?`. */
function startsParameterName(char: string): boolean {
  const code = char.charCodeAt(0);
  if (code < 0x80) {
    return (
      (code >= 0x61 && code <= 0x7a) ||
      (code >= 0x41 && code <= 0x5a) ||
      code === 0x5f ||
      code === 0x3f
    );
  }
  return LETTER.test(char);
}

function isIdentifierChar(char: string | undefined): boolean {
  if (char === undefined) return false;
  return isIdentifierCode(char.charCodeAt(0), char, 0);
}

/** isIdentifierChar of the code unit `code`, found at `index` of `text`. */
function isIdentifierCode(code: number, text: string, index: number): boolean {
  if (code < 0x80) {
    return (
      (code >= 0x61 && code <= 0x7a) ||
      (code >= 0x41 && code <= 0x5a) ||
      (code >= 0x30 && code <= 0x39) ||
      code === 0x5f
    );
  }
  return IDENTIFIER_CHAR.test(text[index] as string);
}

class Tokenizer {
  readonly #source: string;
  #position = 0;
  readonly #tree = new SyntaxTreeBuilder();
  /** Open brackets, innermost last: inside `@{ }`, `=` ends a word. */
  /** How many brackets are open (a stray closing one closes none). */
  #depth = 0;
  /** The depths at which a `@{` opened, innermost last: inside one, `=` ends a word. */
  readonly #hashtables: number[] = [];
  readonly #work: WorkBudget;

  constructor(source: string, work: WorkBudget) {
    this.#source = source;
    this.#work = work;
  }

  run(): SyntaxNode[] {
    while (this.#position < this.#source.length) {
      const before = this.#position;
      this.#next();
      // Every step consumes input; a step that didn't would loop forever.
      if (this.#position <= before) this.#position = before + 1;
      this.#work.spend(1 + this.#position - before);
    }
    return this.#tree.finish(this.#work);
  }

  #char(offset = 0): string | undefined {
    return this.#source[this.#position + offset];
  }

  #emit(token: SyntaxNode, length: number): void {
    this.#tree.add(token);
    this.#position += length;
  }

  /**
   * One step: trivia (spaces, line continuations, comments) skipped, or one token. Chosen
   * by character code, so that a script of many one-character tokens costs little per
   * token; the order of the tests is that of the grammar: trivia, punctuation, the tokens
   * that look further ahead, words.
   */
  #next(): void {
    const source = this.#source;
    const position = this.#position;
    const code = source.charCodeAt(position);
    const next = source.charCodeAt(position + 1);
    switch (code) {
      case 0x20: // space
      case 0x09: // tab
      case 0x0b:
      case 0x0c:
        this.#position = position + 1;
        return;
      case 0x0d:
        // A line break: the CR of a CRLF is skipped (its LF ends the statement); a CR alone
        // ends it, as in PowerShell's tokenizer, so the line after it is no argument of it.
        if (next === 0x0a) this.#position = position + 1;
        else this.#emit(SEPARATOR, 1);
        return;
      case 0x60: {
        // `, a line continuation when a line break follows.
        const lineBreak = this.#lineBreakAt(position + 1);
        if (lineBreak > 0) {
          this.#position = position + 1 + lineBreak;
          return;
        }
        break;
      }
      case 0x23: {
        // # comment, up to the line break (LF, CRLF or a CR alone)
        LINE_BREAK.lastIndex = position;
        const end = LINE_BREAK.exec(source)?.index ?? -1;
        this.#position = end === -1 ? source.length : end;
        return;
      }
      case 0x3c: // <# comment #>
        if (next === 0x23) {
          const end = source.indexOf('#>', position + 2);
          this.#position = end === -1 ? source.length : end + 2;
          return;
        }
        break;
      case 0x0a: // line break
      case 0x3b: // ;
        this.#emit(SEPARATOR, 1);
        return;
      case 0x7c: // | (a pipe) or || (a pipeline chain)
        if (next === 0x7c) this.#emit(CHAIN, 2);
        else this.#emit(PIPE, 1);
        return;
      case 0x26: // &
        if (next === 0x26) this.#emit(CHAIN, 2);
        else this.#emit(CALL, 1);
        return;
      case 0x2c:
        this.#emit(COMMA, 1);
        return;
      case 0x3d:
        this.#emit(ASSIGN, 1);
        return;
      case 0x2e:
        // Dot-sourcing: a lone dot before the script; `.\script.ps1` is a word.
        if (Number.isNaN(next) || isWhitespace(source[position + 1] as string)) {
          this.#emit(DOT_SOURCE, 1);
          return;
        }
        break;
      case 0x28: // (
        this.#open('(', 1);
        return;
      case 0x7b: // {
        this.#open('{', 1);
        return;
      case 0x29: // )
      case 0x7d: // }
        this.#close();
        return;
      case 0x40: // @
        if (next === 0x28) this.#open('@(', 2);
        else if (next === 0x7b) this.#open('@{', 2);
        else if (!this.#hereStringOrSplat()) this.#tree.add(this.#word());
        return;
      default:
        if (code >= 0x80 && isSpace(source[position] as string)) {
          this.#position = position + 1;
          return;
        }
        if (this.#multiCharacterToken(code)) return;
    }
    this.#tree.add(this.#word());
  }

  #open(bracket: Bracket, length: number): void {
    this.#depth++;
    if (bracket === '@{') this.#hashtables.push(this.#depth);
    this.#tree.open(bracket);
    this.#position += length;
  }

  #close(): void {
    if (this.#depth > 0) {
      if (this.#hashtables.at(-1) === this.#depth) this.#hashtables.pop();
      this.#depth--;
    }
    this.#tree.close();
    this.#position++;
  }

  /**
   * Tokens that need a look further ahead (besides `@`'s); false (nothing consumed) when
   * none starts here.
   */
  #multiCharacterToken(code: number): boolean {
    // >, *, 1-6: a redirection; +, -, *, /, %, ?: a compound assignment.
    if (code === 0x3e || code === 0x2a || (code >= 0x31 && code <= 0x36)) {
      if (this.#redirection(code)) return true;
    }
    if (
      code === 0x2b ||
      code === 0x2d ||
      code === 0x2a ||
      code === 0x2f ||
      code === 0x25 ||
      code === 0x3f
    ) {
      if (this.#compoundAssignment(code)) return true;
    }
    if (code === 0x5b) return this.#typeLiteral();
    // A dash, ASCII or typographic (–, —, ―).
    if (code === 0x2d || (code >= 0x2013 && code <= 0x2015)) return this.#parameter();
    return false;
  }

  /** `>`, `>>`, `2>`, `*>>`, `3>&1`: a redirection (to a file unless `&n` follows). */
  #redirection(code: number): boolean {
    const source = this.#source;
    let index = this.#position;
    if (code !== 0x3e) index++; // 1-6 or *
    if (source.charCodeAt(index) !== 0x3e) return false;
    index++;
    if (source.charCodeAt(index) === 0x3e) index++;
    let toFile = true;
    const stream = source.charCodeAt(index + 1);
    if (source.charCodeAt(index) === 0x26 && stream >= 0x31 && stream <= 0x36) {
      index += 2;
      toFile = false;
    }
    this.#emit(toFile ? REDIRECTION_TO_FILE : REDIRECTION_TO_STREAM, index - this.#position);
    return true;
  }

  /** `+=`, `-=`, `*=`, `/=`, `%=`, `??=` (`code` being one of their first characters). */
  #compoundAssignment(code: number): boolean {
    const next = this.#source.charCodeAt(this.#position + 1);
    if (next === 0x3d && code !== 0x3f) {
      this.#emit(COMPOUND_ASSIGNMENT, 2);
      return true;
    }
    if (code === 0x3f && next === 0x3f && this.#source.charCodeAt(this.#position + 2) === 0x3d) {
      this.#emit(COMPOUND_ASSIGNMENT, 3);
      return true;
    }
    return false;
  }

  /** Length of the line break at `index` (`\n` or `\r\n`), or 0. */
  #lineBreakAt(index: number): number {
    const code = this.#source.charCodeAt(index);
    if (code === 0x0a) return 1;
    if (code === 0x0d) return this.#source.charCodeAt(index + 1) === 0x0a ? 2 : 1;
    return 0;
  }

  /** A here-string or `@splat`; false (nothing consumed) when the `@` starts neither. */
  #hereStringOrSplat(): boolean {
    const next = this.#char(1);
    if (next !== undefined && (SINGLE_QUOTES.has(next) || DOUBLE_QUOTES.has(next))) {
      const here = this.#hereString(DOUBLE_QUOTES.has(next));
      if (here !== undefined) this.#tree.add(here);
      return here !== undefined;
    }
    if (!isIdentifierChar(next)) return false;
    this.#position++;
    this.#tree.add({ type: 'splat', variable: this.#identifier() });
    return true;
  }

  /**
   * `@"`/`@'`, a line break, the text, and a line starting `"@`/`'@`. Undefined when the
   * opening isn't followed by a line break (then it isn't a here-string).
   */
  #hereString(expandable: boolean): WordToken | undefined {
    let index = this.#position + 2;
    while (
      index < this.#source.length &&
      this.#source[index] !== '\r' &&
      isSpace(this.#source[index] as string)
    )
      index++;
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
        const crlf = this.#source[lineStart - 1] === '\n' && this.#source[lineStart - 2] === '\r';
        end = Math.max(start, lineStart - (crlf ? 2 : 1));
        after = lineStart + 2;
        closed = true;
        break;
      }
      LINE_BREAK.lastIndex = lineStart;
      const nextLine = LINE_BREAK.exec(this.#source);
      if (nextLine === null) break;
      lineStart = nextLine.index + nextLine[0].length;
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
    while (index < limit && isParameterNameChar(this.#source[index] as string)) index++;
    if (index === limit && limit < this.#source.length) return false;
    const end = this.#source[index];
    if (end !== undefined && end !== ':' && !isWhitespace(end) && !WORD_TERMINATORS.has(end)) {
      return false;
    }
    // A name of name characters (as read) that starts with a letter, `_` or `?`.
    if (index === this.#position + 1) return false;
    if (!startsParameterName(this.#source[this.#position + 1] as string)) return false;
    const name = this.#source.slice(this.#position + 1, index);
    const colon = this.#source[index] === ':';
    this.#emit({ type: 'parameter', name, colon }, index + (colon ? 1 : 0) - this.#position);
    return true;
  }

  #identifier(): string {
    const source = this.#source;
    const start = this.#position;
    let index = start;
    // By character code: names are most of what a script of variables is made of.
    while (index < source.length && isIdentifierCode(source.charCodeAt(index), source, index)) {
      index++;
    }
    this.#position = index;
    return source.slice(start, index);
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
    // Most words are one piece, plain text or a variable: read here, that piece is the word.
    if (start === 'variable') {
      const part = this.#dollar(true);
      if (part.kind !== 'text' && this.#loneVariableEndsAt(this.#position)) {
        return { type: 'word', parts: [part], start };
      }
      parts.add(part);
    } else if (start === 'text') {
      const runEnd = plainRunEnd(this.#source, this.#position);
      if (runEnd > this.#position) {
        const text = this.#source.slice(this.#position, runEnd);
        this.#position = runEnd;
        if (this.#plainWordEndsAt(runEnd))
          return { type: 'word', parts: [{ kind: 'text', text }], start };
        parts.append(text);
      }
    }
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
        parts.pushAll(this.#expandable(this.#source.length, true));
        continue;
      }
      if (char === '$') {
        parts.add(this.#dollar(true));
        continue;
      }
      const runEnd = Math.max(this.#position + 1, plainRunEnd(this.#source, this.#position));
      parts.append(this.#source.slice(this.#position, runEnd));
      this.#position = runEnd;
    }
    return { type: 'word', parts: parts.finish(), start };
  }

  /** True when a word of plain text only ends at `index` (where the word loop would stop). */
  #plainWordEndsAt(index: number): boolean {
    const char = this.#source[index];
    return (
      char === undefined ||
      isSpace(char) ||
      WORD_TERMINATORS.has(char) ||
      (char === '=' && this.#inHashtable())
    );
  }

  /** True when a word of one variable ends at `index`: `=` ends it too (an assignment). */
  #loneVariableEndsAt(index: number): boolean {
    const char = this.#source[index];
    return char === undefined || char === '=' || isSpace(char) || WORD_TERMINATORS.has(char);
  }

  /** `=` ends a word after a lone variable (an assignment) and inside a hashtable literal. */
  #equalsEndsWord(parts: WordParts): boolean {
    return this.#inHashtable() || parts.isLoneVariable();
  }

  /** True when the innermost open bracket is `@{`. */
  #inHashtable(): boolean {
    return this.#depth > 0 && this.#hashtables.at(-1) === this.#depth;
  }

  /**
   * The text of a single-quoted string; `''` stands for one quote. Starts at the quote.
   * Undefined when the string is never closed.
   */
  #singleQuoted(): string | undefined {
    let text = '';
    this.#position++;
    // Text between quotes is taken a run at a time, not a character at a time.
    let runStart = this.#position;
    while (this.#position < this.#source.length) {
      if (isSingleQuote(this.#char())) {
        text += this.#source.slice(runStart, this.#position);
        if (isSingleQuote(this.#char(1))) {
          text += "'";
          this.#position += 2;
          runStart = this.#position;
          continue;
        }
        this.#position++;
        return text;
      }
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
      // Up to the next character the loop looks at, as one piece of text.
      let index = this.#position + 1;
      for (; index < end; index++) {
        const next = this.#source[index];
        if (next === '`' || next === '$' || (closedByQuote && isDoubleQuote(next))) break;
      }
      parts.append(this.#source.slice(this.#position, index));
      this.#position = index;
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
      const sole = soleVariableOf(this.#source, this.#position + 2, end);
      const after = sole === undefined ? undefined : this.#source[sole.end];
      if (sole !== undefined && !(allowMembers && (after === '.' || after === '['))) {
        this.#work.spend(sole.end - this.#position);
        this.#position = sole.end;
        return { kind: 'variable', name: sole.name };
      }
      this.#position = endOfSubexpression(this.#source, this.#position + 1, this.#work, end);
      return SUBEXPRESSION;
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
      return DOLLAR;
    }
    this.#position++;
    let name = this.#identifier();
    // A scope or drive qualifier: $env:ProgramFiles, $script:Name.
    if (this.#char() === ':' && isIdentifierChar(this.#char(1))) {
      this.#position++;
      name = `${name}:${this.#identifier()}`;
    }
    if (allowMembers) {
      const access = this.#memberAccess();
      if (access !== undefined) {
        return access.member === undefined
          ? { kind: 'member', variable: name }
          : { kind: 'member', variable: name, member: access.member };
      }
    }
    return { kind: 'variable', name };
  }

  /**
   * Consumes `.Member`, `[index]` and `(arguments)` chains: undefined when there was none,
   * else the first member's name when the chain starts with one.
   */
  #memberAccess(): { member?: string } | undefined {
    let access: { member?: string } | undefined;
    for (;;) {
      const char = this.#char();
      if (char === '.' && isIdentifierChar(this.#char(1))) {
        this.#position++;
        const member = this.#identifier();
        access ??= { member };
      } else if (char === '[' || (char === '(' && access !== undefined)) {
        this.#position = endOfBracket(this.#source, this.#position, this.#work);
        access ??= {};
      } else {
        return access;
      }
    }
  }
}

/** `$($env:ProgramFiles)`: a subexpression of one variable alone, whose value is the variable's. */
const SOLE_VARIABLE = /[ \t]*\$(?:\{([^}\r\n]+)\}|([A-Za-z_]\w*(?::[A-Za-z_]\w*)?))[ \t]*\)/y;

/** The variable a subexpression opened before `from` holds alone, and the index after its `)`. */
function soleVariableOf(
  source: string,
  from: number,
  end: number,
): { name: string; end: number } | undefined {
  SOLE_VARIABLE.lastIndex = from;
  const match = SOLE_VARIABLE.exec(source);
  if (match === null || SOLE_VARIABLE.lastIndex > end) return undefined;
  return { name: (match[1] ?? match[2]) as string, end: SOLE_VARIABLE.lastIndex };
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
  // The first part alone until there is a second: a word of one part (most words) ends up
  // with an array of exactly one, which is what a script's tokens keep.
  #first: WordPart | undefined;
  #parts: WordPart[] | undefined;
  #text = '';

  /** Plain text, joined to the text before it. */
  append(text: string): void {
    this.#text += text;
  }

  /** A part kept apart from the text around it (a quoted string stays one part). */
  push(part: WordPart): void {
    this.#flush();
    this.#keep(part);
  }

  pushAll(parts: readonly WordPart[]): void {
    this.#flush();
    for (let index = 0; index < parts.length; index++) this.#keep(parts[index] as WordPart);
  }

  /** What a `$` yields: text when it names nothing, joined like any text. */
  add(part: WordPart): void {
    if (part.kind === 'text') this.append(part.text);
    else this.push(part);
  }

  /** True when all read so far is one variable (or member access, or subexpression). */
  isLoneVariable(): boolean {
    return (
      this.#text === '' &&
      this.#first !== undefined &&
      this.#parts === undefined &&
      this.#first.kind !== 'text'
    );
  }

  /** The parts read, at least one: an empty string is an empty text part. */
  finish(): WordPart[] {
    this.#flush();
    if (this.#parts !== undefined) return this.#parts;
    return [this.#first ?? EMPTY_TEXT];
  }

  #keep(part: WordPart): void {
    if (this.#first === undefined) this.#first = part;
    else if (this.#parts === undefined) this.#parts = [this.#first, part];
    else this.#parts.push(part);
  }

  #flush(): void {
    if (this.#text !== '') this.#keep({ kind: 'text', text: this.#text });
    this.#text = '';
  }
}
