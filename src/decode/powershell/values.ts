/**
 * Values a script's words and expressions evaluate to, as far as the script text tells:
 * strings (whose unknown parts are marked), arrays and hashtables, and the variables
 * assigned so far.
 */
import type { WorkBudget } from '../budget.ts';
import { MAX_LIST_ENTRIES, MAX_VALUE_LENGTH } from '../limits.ts';
import type { GroupNode, SyntaxNode } from './syntax-tree.ts';
import { splitStatements } from './syntax-tree.ts';
import { NONCHARACTER } from './tokenizer.ts';
import type { WordToken } from './tokens.ts';

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

export function unknownValue(unknown: Unknown = {}): Value {
  return { kind: 'text', text: UNKNOWN_TEXT, unknown };
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

function firstUnknown(values: Iterable<Value>): Unknown | undefined {
  for (const value of values) if (value.unknown !== undefined) return value.unknown;
  return undefined;
}

// Scope and drive prefixes that name the same variable as the bare name.
const SCOPE_PREFIX = /^(?:global|script|local|private|using):/i;

const AUTOMATIC: Record<string, Value> = {
  true: { kind: 'text', text: 'True' },
  false: { kind: 'text', text: 'False' },
  null: { kind: 'text', text: '' },
};

/**
 * The variables assigned so far, by case-insensitive name (as PowerShell compares them), and
 * the work budget every evaluation in this scope spends from.
 */
export class Scope {
  readonly #variables = new Map<string, Value>();
  readonly work: WorkBudget;

  constructor(work: WorkBudget) {
    this.work = work;
  }

  static #key(name: string): string {
    return name.replace(SCOPE_PREFIX, '').toLowerCase();
  }

  get(name: string): Value {
    this.work.spend(1 + name.length);
    const key = Scope.#key(name);
    return this.#variables.get(key) ?? AUTOMATIC[key] ?? unknownValue({ variable: name });
  }

  set(name: string, value: Value): void {
    this.work.spend(1 + name.length);
    this.#variables.set(Scope.#key(name), value);
  }
}

/**
 * A value as it reads inside a string: arrays join with spaces, as PowerShell's $OFS does.
 * Joining stops once the text passes MAX_VALUE_LENGTH (the caller then makes it unknown),
 * so an array of long strings costs no more than the limit each time it is interpolated.
 */
function interpolated(value: Value, work: WorkBudget): { text: string; unknown?: Unknown } {
  if (value.kind === 'text') return value;
  if (value.kind === 'hashtable') return { text: UNKNOWN_TEXT, unknown: {} };
  let text = '';
  let unknown: Unknown | undefined;
  for (const [index, item] of value.items.entries()) {
    // Items of a list are texts or hashtables: lists flatten as they are built.
    const piece = item.kind === 'text' ? item : { text: UNKNOWN_TEXT, unknown: {} };
    unknown ??= piece.unknown;
    text += index === 0 ? piece.text : ` ${piece.text}`;
    work.spend(1 + piece.text.length);
    if (text.length > MAX_VALUE_LENGTH) break;
  }
  return { text, ...(unknown && { unknown }) };
}

/** Keeps strings bounded: a text over the limit becomes unknown. */
function boundedText(text: string, unknown: Unknown | undefined): Value {
  if (text.length > MAX_VALUE_LENGTH) return unknownValue(unknown ?? {});
  return { kind: 'text', text, ...(unknown && { unknown }) };
}

export function evaluateWord(word: WordToken, scope: Scope): Value {
  const [only] = word.parts;
  if (word.parts.length === 1 && only?.kind === 'variable') return scope.get(only.name);
  let text = '';
  let unknown: Unknown | undefined;
  for (const part of word.parts) {
    let piece: { text: string; unknown?: Unknown };
    if (part.kind === 'text') piece = part;
    else if (part.kind === 'variable') piece = interpolated(scope.get(part.name), scope.work);
    else if (part.kind === 'member')
      piece = { text: UNKNOWN_TEXT, unknown: { variable: part.variable } };
    else piece = { text: UNKNOWN_TEXT, unknown: {} };
    unknown ??= piece.unknown;
    text += piece.text;
    scope.work.spend(1 + piece.text.length);
    if (text.length > MAX_VALUE_LENGTH) return unknownValue(unknown ?? {});
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
      const [only] = node.parts;
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
 */
export function evaluateExpression(nodes: SyntaxNode[], scope: Scope): Value {
  scope.work.spend(1 + nodes.length);
  const operands = commaSeparated(nodes.filter((node) => node.type !== 'type'));
  if (operands === undefined) return unknownValue();
  const values = operands.map((operand) => evaluateOperand(operand, scope, 'expression'));
  if (values.length === 1) return values[0] as Value;
  return listValue(values, scope.work);
}

/** The operands of `a, b, c`, or undefined when the nodes are anything else. */
function commaSeparated(nodes: SyntaxNode[]): SyntaxNode[] | undefined {
  const operands: SyntaxNode[] = [];
  for (let index = 0; index < nodes.length; index++) {
    const node = nodes[index] as SyntaxNode;
    const expectOperand = index % 2 === 0;
    const isComma = node.type === 'operator' && node.operator === ',';
    if (expectOperand === isComma) return undefined;
    if (expectOperand) operands.push(node);
  }
  return operands.length > 0 && nodes.length % 2 === 1 ? operands : undefined;
}

/**
 * An array of the values; arrays inside flatten one level, like `@(@('a'), 'b')` does in
 * PowerShell. An array over the limit is unknown.
 */
export function listValue(values: Value[], work: WorkBudget): Value {
  // Counted before anything is copied: `@($l, $l, $l)` of long arrays costs their count.
  let count = 0;
  for (const value of values) count += value.kind === 'list' ? value.items.length : 1;
  work.spend(1 + values.length + Math.min(count, MAX_LIST_ENTRIES + 1));
  if (count > MAX_LIST_ENTRIES) return unknownValue();
  const items = values.flatMap((value) => (value.kind === 'list' ? value.items : [value]));
  const unknown = firstUnknown(items);
  return unknown === undefined ? { kind: 'list', items } : { kind: 'list', items, unknown };
}

function evaluateGroup(group: GroupNode, scope: Scope): Value {
  const statements = splitStatements(group.children, scope.work);
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
  for (const [keyNode, equals, ...valueNodes] of statements) {
    if (keyNode?.type !== 'word' || equals?.type !== 'operator' || equals.operator !== '=') {
      return unknownValue();
    }
    const key = evaluateWord(keyNode, scope);
    if (key.kind !== 'text' || key.unknown !== undefined) return unknownValue();
    entries.push({ key: key.text, value: evaluateExpression(valueNodes, scope) });
    if (entries.length > MAX_LIST_ENTRIES) return unknownValue();
  }
  const unknown = firstUnknown(entries.map((entry) => entry.value));
  return unknown === undefined
    ? { kind: 'hashtable', entries }
    : { kind: 'hashtable', entries, unknown };
}
