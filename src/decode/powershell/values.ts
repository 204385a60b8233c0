/**
 * Values a script's words and expressions evaluate to, as far as the script text tells:
 * strings (whose unknown parts are marked), arrays and hashtables, and the variables
 * assigned so far.
 */
import type { WorkBudget } from '../budget.ts';
import { MAX_LIST_ENTRIES, MAX_VALUE_LENGTH } from '../limits.ts';
import { WINDOWS_FOLDERS } from '../windows-folders.ts';
import type { GroupNode, SyntaxNode } from './syntax-tree.ts';
import { statementsOf } from './syntax-tree.ts';
import { NONCHARACTER } from './tokenizer.ts';
import type { WordPart, WordToken } from './tokens.ts';

/** Why a value can't be known: the variable it came from, if there was one. */
export interface Unknown {
  variable?: string;
}

export type Value =
  /**
   * A string. Its unknown parts (a variable never assigned, a subexpression) appear as
   * UNKNOWN_TEXT, and `unknown` says why; a path like "<unknown>\Amazon\EKS\x.ps1" still
   * tells which script it names.
   */
  | { kind: 'text'; text: string; unknown?: Unknown }
  /** `unknown`: the first reason an item is unknown, found when the list is built. */
  | { kind: 'list'; items: Value[]; unknown?: Unknown }
  /** `unknown`: the first reason a value is unknown, found when the hashtable is built. */
  | { kind: 'hashtable'; entries: Array<{ key: string; value: Value }>; unknown?: Unknown };

/** Stands for the unknown parts of a text; the tokenizer keeps it out of scripts. */
export const UNKNOWN_TEXT = NONCHARACTER;

/** Unknown for no variable's sake (a subexpression, a command's output); shared, never changed. */
const NO_VARIABLE: Unknown = Object.freeze({});
/** A piece of text standing for something unknown that names no variable. */
const UNKNOWN_PIECE: { text: string; unknown: Unknown } = Object.freeze({
  text: UNKNOWN_TEXT,
  unknown: NO_VARIABLE,
});

export function unknownValue(unknown: Unknown = NO_VARIABLE): Value {
  return { kind: 'text', text: UNKNOWN_TEXT, unknown };
}

/** What copies of one hashtable or array share (their entries or items), if it is one. */
function sharedPartsOf(value: Value): readonly unknown[] | undefined {
  return value.kind === 'hashtable'
    ? value.entries
    : value.kind === 'list'
      ? value.items
      : undefined;
}

export function isKnown(value: Value): boolean {
  return value.unknown === undefined;
}

/**
 * The first reason a value (or an item of it) is unknown. Values share their parts
 * (`$h = @{ a = $h; b = $h }` holds $h twice), so a walk over one would double with every
 * such line: each list and hashtable says it, found from its items' when it was built.
 */
export function unknownOf(value: Value): Unknown | undefined {
  return value.unknown;
}

function firstUnknown(values: Value[]): Unknown | undefined {
  for (let index = 0; index < values.length; index++) {
    const unknown = (values[index] as Value).unknown;
    if (unknown !== undefined) return unknown;
  }
  return undefined;
}

// Scope and drive prefixes that name the same variable as the bare name.
const SCOPE_PREFIX = /^(?:global|script|local|private|using):/i;

// A Map, not an object: `$constructor` or `$__proto__` must not find Object.prototype's.
const AUTOMATIC: ReadonlyMap<string, Value> = new Map([
  ['true', { kind: 'text', text: 'True' }],
  ['false', { kind: 'text', text: 'False' }],
  ['null', { kind: 'text', text: '' }],
]);

/** `$env:ProgramFiles` and the other folders of Windows, unless the script sets them. */
const ENVIRONMENT: ReadonlyMap<string, Value> = new Map(
  [...WINDOWS_FOLDERS].map(([name, text]): [string, Value] => [
    `env:${name}`,
    { kind: 'text', text },
  ]),
);

/**
 * The variables assigned so far, by case-insensitive name (as PowerShell compares them), and
 * the work budget every evaluation in this scope spends from.
 */
export class Scope {
  readonly #variables = new Map<string, Value>();
  /** The names assigned directly in each script block being read, innermost last. */
  readonly #blocks: string[][] = [];
  readonly work: WorkBudget;
  readonly #environment: ReadonlyMap<string, Value>;

  /**
   * `knowsEnvironment: false` for a scope whose environment variables are not known either:
   * text PowerShell passes on as written (after `--%`), which another process expands.
   */
  constructor(work: WorkBudget, { knowsEnvironment = true }: { knowsEnvironment?: boolean } = {}) {
    this.work = work;
    this.#environment = knowsEnvironment ? ENVIRONMENT : new Map();
  }

  static #key(name: string): string {
    // Only a name with a colon can carry a prefix.
    const bare = name.includes(':') ? name.replace(SCOPE_PREFIX, '') : name;
    return bare.toLowerCase();
  }

  get(name: string): Value {
    this.work.spend(1 + name.length);
    const key = Scope.#key(name);
    return (
      this.#variables.get(key) ??
      AUTOMATIC.get(key) ??
      this.#environment.get(key) ??
      unknownValue({ variable: name })
    );
  }

  set(name: string, value: Value): void {
    this.work.spend(1 + name.length);
    this.#variables.set(Scope.#key(name), value);
    this.#blocks.at(-1)?.push(name);
  }

  /**
   * Makes unknown the hashtable or array `name` holds, and those nested in it, in every
   * variable that holds one of them (`$q = $p` shares it; `$cfg = @{ Params = $p }` holds it):
   * a change made through one is a change of all. Nothing for a variable that holds neither.
   */
  forgetCollection(name: string): void {
    const reachable = new Set<readonly unknown[]>();
    const pending: Value[] = [this.get(name)];
    for (let value = pending.pop(); value !== undefined; value = pending.pop()) {
      const shared = sharedPartsOf(value);
      if (shared === undefined || reachable.has(shared)) continue;
      reachable.add(shared);
      this.work.spend(shared.length);
      if (value.kind === 'hashtable') for (const entry of value.entries) pending.push(entry.value);
      else if (value.kind === 'list') pending.push(...value.items);
    }
    if (reachable.size === 0) return;
    this.work.spend(this.#variables.size);
    for (const [key, held] of this.#variables) {
      const shared = sharedPartsOf(held);
      if (shared !== undefined && reachable.has(shared)) {
        this.set(key, unknownValue({ variable: key }));
      }
    }
  }

  /**
   * A script block (`{…}`: a branch of if or switch, a loop's body, a function, a catch)
   * may run once, many times or never: what it assigns is read in text order inside it,
   * and unknown after it (leaveBlock), so that `if (…) { $r = 'containerd' } else { $r =
   * 'docker' }` leaves $r unknown rather than the last branch's value.
   */
  enterBlock(): void {
    this.#blocks.push([]);
  }

  leaveBlock(): void {
    // Each assignment is made unknown once, at the end of the block that made it: an outer
    // block's end finds it unknown already, unless the outer block assigned it itself.
    for (const name of this.#blocks.pop() ?? []) {
      this.work.spend(1 + name.length);
      this.#variables.set(Scope.#key(name), unknownValue({ variable: name }));
    }
  }
}

/**
 * A value as it reads inside a string: arrays join with spaces, as PowerShell's $OFS does.
 * Joining stops once the text passes MAX_VALUE_LENGTH (the caller then makes it unknown),
 * so an array of long strings costs no more than the limit each time it is interpolated.
 */
function interpolated(value: Value, work: WorkBudget): { text: string; unknown?: Unknown } {
  if (value.kind === 'text') return value;
  if (value.kind === 'hashtable') return UNKNOWN_PIECE;
  let text = '';
  let unknown: Unknown | undefined;
  for (let index = 0; index < value.items.length; index++) {
    const item = value.items[index] as Value;
    // Items of a list are texts or hashtables: lists flatten as they are built.
    const piece = item.kind === 'text' ? item : UNKNOWN_PIECE;
    unknown ??= piece.unknown;
    text += index === 0 ? piece.text : ` ${piece.text}`;
    work.spend(1 + piece.text.length);
    if (text.length > MAX_VALUE_LENGTH) break;
  }
  return { text, ...(unknown && { unknown }) };
}

/** Keeps strings bounded: a text over the limit becomes unknown. */
function boundedText(text: string, unknown: Unknown | undefined): Value {
  if (text.length > MAX_VALUE_LENGTH) return unknownValue(unknown);
  return unknown === undefined ? { kind: 'text', text } : { kind: 'text', text, unknown };
}

export function evaluateWord(word: WordToken, scope: Scope): Value {
  const only = word.parts[0];
  if (word.parts.length === 1 && only?.kind === 'variable') return scope.get(only.name);
  let text = '';
  let unknown: Unknown | undefined;
  for (let index = 0; index < word.parts.length; index++) {
    const part = word.parts[index] as WordPart;
    let piece: { text: string; unknown?: Unknown };
    if (part.kind === 'text') piece = part;
    else if (part.kind === 'variable') piece = interpolated(scope.get(part.name), scope.work);
    else if (part.kind === 'member')
      piece = { text: UNKNOWN_TEXT, unknown: { variable: part.variable } };
    else piece = UNKNOWN_PIECE;
    unknown ??= piece.unknown;
    text += piece.text;
    scope.work.spend(1 + piece.text.length);
    if (text.length > MAX_VALUE_LENGTH) return unknownValue(unknown);
  }
  return boundedText(text, unknown);
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * One operand. In argument mode an unquoted word is a string (`-Name prod`); in expression
 * mode it is a command whose output we can't know (`$x = Get-Name`), unless it's a number.
 */
export function evaluateOperand(
  node: SyntaxNode,
  scope: Scope,
  mode: 'argument' | 'expression',
): Value {
  scope.work.spend(1);
  if (node.type === 'word') {
    if (mode === 'expression' && node.start === 'text') {
      const only = node.parts[0];
      const number = node.parts.length === 1 && only?.kind === 'text' && NUMBER.test(only.text);
      return number ? evaluateWord(node, scope) : unknownValue();
    }
    return evaluateWord(node, scope);
  }
  if (node.type === 'group') return evaluateGroup(node, scope);
  return unknownValue();
}

/**
 * An expression that is one operand or a comma-separated array of them, optionally cast
 * (`[string[]]"a","b"`); anything else (commands, arithmetic, method calls) is unknown.
 * The expression is `nodes` from `start` on.
 */
export function evaluateExpression(nodes: SyntaxNode[], scope: Scope, start = 0): Value {
  scope.work.spend(1 + nodes.length - start);
  const operand = soleOrCommaSeparated(nodes, start);
  if (operand === undefined) return unknownValue();
  if (operand !== MANY) return evaluateOperand(operand, scope, 'expression');
  const values: Value[] = [];
  for (let index = start; index < nodes.length; index++) {
    const node = nodes[index] as SyntaxNode;
    if (node.type !== 'type' && !isComma(node)) {
      values.push(evaluateOperand(node, scope, 'expression'));
    }
  }
  return listValue(values, scope.work);
}

const MANY = Symbol('many operands');

function isComma(node: SyntaxNode): boolean {
  return node.type === 'operator' && node.operator === ',';
}

/**
 * Whether the nodes from `start` on, types left out, are `a` or `a, b, c`: the only
 * operand, MANY when there are several, undefined when the nodes are anything else.
 */
function soleOrCommaSeparated(
  nodes: SyntaxNode[],
  start: number,
): SyntaxNode | typeof MANY | undefined {
  let first: SyntaxNode | undefined;
  let operands = 0;
  let position = 0;
  for (let index = start; index < nodes.length; index++) {
    const node = nodes[index] as SyntaxNode;
    if (node.type === 'type') continue;
    const expectOperand = position % 2 === 0;
    if (expectOperand === isComma(node)) return undefined;
    if (expectOperand) {
      first ??= node;
      operands++;
    }
    position++;
  }
  if (operands === 0 || position % 2 === 0) return undefined;
  return operands === 1 ? first : MANY;
}

/**
 * An array of the values; arrays inside flatten one level, like `@(@('a'), 'b')` does in
 * PowerShell. An array over the limit is unknown.
 */
export function listValue(values: Value[], work: WorkBudget): Value {
  // Counted before anything is copied: `@($l, $l, $l)` of long arrays costs their count.
  let count = 0;
  for (let index = 0; index < values.length; index++) {
    const value = values[index] as Value;
    count += value.kind === 'list' ? value.items.length : 1;
  }
  work.spend(1 + values.length + Math.min(count, MAX_LIST_ENTRIES + 1));
  if (count > MAX_LIST_ENTRIES) return unknownValue();
  const only = values[0];
  // `@(@('a'))` is `@('a')`: the same list, not a copy (values never change once built).
  if (values.length === 1 && only?.kind === 'list') return only;
  const items: Value[] = [];
  for (let index = 0; index < values.length; index++) {
    const value = values[index] as Value;
    if (value.kind !== 'list') items.push(value);
    else
      for (let item = 0; item < value.items.length; item++) items.push(value.items[item] as Value);
  }
  const unknown = firstUnknown(items);
  return unknown === undefined ? { kind: 'list', items } : { kind: 'list', items, unknown };
}

function evaluateGroup(group: GroupNode, scope: Scope): Value {
  const statements = statementsOf(group, scope.work);
  if (group.bracket === '(') {
    return statements.length === 1
      ? evaluateExpression(statements[0] as SyntaxNode[], scope)
      : unknownValue();
  }
  if (group.bracket === '@(') {
    // @( ) takes statements as well as commas: one element per line is common.
    return listValue(
      statements.map((statement) => evaluateExpression(statement, scope)),
      scope.work,
    );
  }
  if (group.bracket === '@{') return evaluateHashtable(statements, scope);
  return unknownValue();
}

/** `@{ Key = value; 'Other Key' = value }`; an entry we can't read makes it unknown. */
function evaluateHashtable(statements: SyntaxNode[][], scope: Scope): Value {
  const entries: Array<{ key: string; value: Value }> = [];
  let unknown: Unknown | undefined;
  for (let index = 0; index < statements.length; index++) {
    const statement = statements[index] as SyntaxNode[];
    const keyNode = statement[0];
    const equals = statement[1];
    if (keyNode?.type !== 'word' || equals?.type !== 'operator' || equals.operator !== '=') {
      return unknownValue();
    }
    const key = evaluateWord(keyNode, scope);
    if (key.kind !== 'text' || key.unknown !== undefined) return unknownValue();
    const value = evaluateExpression(statement, scope, 2);
    unknown ??= value.unknown;
    entries.push({ key: key.text, value });
    if (entries.length > MAX_LIST_ENTRIES) return unknownValue();
  }
  return unknown === undefined
    ? { kind: 'hashtable', entries }
    : { kind: 'hashtable', entries, unknown };
}
