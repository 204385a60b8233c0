/**
 * Tokens of the PowerShell subset the bootstrap parser reads. Anything the subset doesn't
 * model still tokenizes (as words, mostly), so that a statement we don't understand never
 * hides the statements after it.
 */

export type WordPart =
  /** Text known from the script: unquoted characters, or the inside of quotes. */
  | { kind: 'text'; text: string }
  /** `$name`, `${name}`, `$env:name`, `$($name)`: expanded from the variables assigned so far. */
  | { kind: 'variable'; name: string }
  /** `$name.Member`, `$name[0]`, `$name.Method()`: a value not evaluated. */
  /** `$p.Remove('x')`, `$l[0]`: the variable, and the first member named after it, if any. */
  | { kind: 'member'; variable: string; member?: string }
  /** `$( … )` (but `$($name)`, which is `$name`), or a string never closed: not evaluated. */
  | { kind: 'subexpression' };

/**
 * A command name or argument: a bare word, a quoted string, a variable, or several of those
 * written without space between them (`"$dir"\file.ps1` is one word).
 */
export interface WordToken {
  type: 'word';
  parts: WordPart[];
  /** What the word starts with. Only a word starting with plain text can name a command. */
  start: 'text' | 'quote' | 'variable';
}

/** `-Name`; `colon` when written `-Name:value`, whose value is then the next token. */
export interface ParameterToken {
  type: 'parameter';
  name: string;
  colon: boolean;
}

/** `@name`: splatting a hashtable (named arguments) or an array (positional ones). */
export interface SplatToken {
  type: 'splat';
  variable: string;
}

/** `[string]`, `[string[]]`: a type literal or cast, which the parser skips. */
export interface TypeToken {
  type: 'type';
}

/** `3>&1`, `2>$null`, `> file.txt`; `toFile` when the next token is the file. */
export interface RedirectionToken {
  type: 'redirection';
  toFile: boolean;
}

export interface OperatorToken {
  type: 'operator';
  /** `&` call, `.` dot-source, `=` assignment, `,` array, `+=` and friends. */
  operator: '&' | '.' | '=' | ',' | 'compound-assignment';
}

/**
 * A statement boundary: a line break, `;`, `|`, `&&` or `||`. A pipe (`|`) also passes what
 * its left side outputs to its right side (`"…" | Invoke-Expression`).
 */
export interface SeparatorToken {
  type: 'separator';
  pipe?: true;
  /** `&&` or `||`: PowerShell 7's pipeline chains, which Windows PowerShell 5.1 refuses to parse. */
  chain?: true;
}

/** An opening bracket: its group, up to the closing one, is one node of the syntax tree. */
export type Bracket = '(' | '@(' | '@{' | '{';

export type Token =
  | WordToken
  | ParameterToken
  | SplatToken
  | TypeToken
  | RedirectionToken
  | OperatorToken
  | SeparatorToken;
