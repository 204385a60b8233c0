/**
 * Groups tokens by their brackets and splits them into statements, so that `(…)`, `@(…)`,
 * `@{…}` and `{…}` each become one node of the statement they appear in.
 *
 * The tree is read-only once built: node arrays are shared rather than copied (a statement
 * without separators is its group's own children), and a group's statements are split
 * once however often they are read. Every reading still spends its steps.
 */
import type { WorkBudget } from '../budget.ts';
import { PowerShellParseError } from '../errors.ts';
import { MAX_SCRIPT_NESTING } from '../limits.ts';
import type { Bracket, Token } from './tokens.ts';

export interface GroupNode {
  readonly type: 'group';
  readonly bracket: Bracket;
  readonly children: SyntaxNode[];
}

export type SyntaxNode = Token | GroupNode;

/** A group while its children are read, and after, with its statements once split. */
interface Group extends GroupNode {
  children: SyntaxNode[];
  statements: SyntaxNode[][] | undefined;
}

const NO_NODES: SyntaxNode[] = [];

/**
 * Puts tokens into the tree as the tokenizer reads them (tokenizer.ts): a bracket opens a
 * group, its closing one closes it (a stray closing bracket is ignored; a missing one
 * closes at the end of the script). Iterative, so that the nesting of the script costs no
 * call stack. The nodes of all open groups stay on one stack; a group takes its own (an
 * array of the right size) when it closes. The stacks only grow (their tops are counted):
 * shrinking an array and growing it again, line after line of deep brackets, would
 * reallocate it each time.
 */
export class SyntaxTreeBuilder {
  readonly #nodes: SyntaxNode[] = [];
  #top = 0;
  readonly #open: Group[] = [];
  readonly #starts: number[] = [];
  #depth = 0;
  #tokens = 0;
  /** Brackets nest deeper than MAX_SCRIPT_NESTING: the tree is refused once read. */
  #tooDeep = false;

  open(bracket: Bracket): void {
    this.#tokens++;
    if (this.#tooDeep) return;
    if (this.#depth >= MAX_SCRIPT_NESTING) {
      this.#tooDeep = true;
      return;
    }
    const group: Group = { type: 'group', bracket, children: NO_NODES, statements: undefined };
    this.#nodes[this.#top++] = group;
    this.#open[this.#depth] = group;
    this.#starts[this.#depth++] = this.#top;
  }

  close(): void {
    this.#tokens++;
    if (!this.#tooDeep && this.#depth > 0) this.#closeGroup();
  }

  add(node: SyntaxNode): void {
    this.#tokens++;
    if (!this.#tooDeep) this.#nodes[this.#top++] = node;
  }

  /**
   * The tree: a step per token put in it. Throws PowerShellParseError when brackets nest
   * deeper than MAX_SCRIPT_NESTING.
   */
  finish(work: WorkBudget): SyntaxNode[] {
    work.spend(this.#tokens);
    if (this.#tooDeep) {
      throw new PowerShellParseError(`PowerShell nests deeper than ${MAX_SCRIPT_NESTING} levels`);
    }
    while (this.#depth > 0) this.#closeGroup();
    return this.#top === this.#nodes.length ? this.#nodes : this.#nodes.slice(0, this.#top);
  }

  #closeGroup(): void {
    this.#depth--;
    const start = this.#starts[this.#depth] as number;
    (this.#open[this.#depth] as Group).children = this.#nodes.slice(start, this.#top);
    this.#top = start;
  }
}

/** A statement ending in `,` or `=` continues on the next line. */
function isIncomplete(last: SyntaxNode | undefined): boolean {
  return last?.type === 'operator' && (last.operator === ',' || last.operator === '=');
}

/** The statements of one level of the tree, without their separators. */
export function splitStatements(nodes: SyntaxNode[], work: WorkBudget): SyntaxNode[][] {
  work.spend(1 + nodes.length);
  return split(nodes);
}

/** splitStatements of a group's children, split the first time only. */
export function statementsOf(group: GroupNode, work: WorkBudget): SyntaxNode[][] {
  work.spend(1 + group.children.length);
  const own = group as Group;
  own.statements ??= split(group.children);
  return own.statements;
}

function split(nodes: SyntaxNode[]): SyntaxNode[][] {
  let index = 0;
  while (index < nodes.length && (nodes[index] as SyntaxNode).type !== 'separator') index++;
  // No separator (a group holding one expression, mostly): one statement, the nodes.
  if (index === nodes.length) return nodes.length === 0 ? [] : [nodes];
  const statements: SyntaxNode[][] = [];
  // The statement read so far: `continued` (when it runs on over a separator), then the
  // nodes from `start`, none of them a separator.
  let continued: SyntaxNode[] | undefined;
  let start = 0;
  // The statement before a pipe, until the one after it (line breaks between them) is read.
  let piping: SyntaxNode[] | undefined;
  for (; index <= nodes.length; index++) {
    const separator = nodes[index] as SyntaxNode | undefined;
    if (separator !== undefined && separator.type !== 'separator') continue;
    const last = index > start ? nodes[index - 1] : continued?.at(-1);
    let ended: SyntaxNode[] | undefined;
    if (separator !== undefined && isIncomplete(last)) {
      continued = statementOf(nodes, continued, start, index);
    } else {
      if (last !== undefined) {
        ended = statementOf(nodes, continued, start, index);
        if (piping !== undefined) PIPED_INPUTS.set(ended, piping);
        piping = undefined;
        statements.push(ended);
      }
      continued = undefined;
    }
    if (separator?.type === 'separator' && separator.pipe) piping = ended;
    start = index + 1;
  }
  return statements;
}

/** Each statement that a pipe feeds, and the statement before that pipe. */
const PIPED_INPUTS = new WeakMap<SyntaxNode[], SyntaxNode[]>();

/**
 * The statement whose output a pipe passes to this one (`"…" | Invoke-Expression`), if
 * `statement` came from splitStatements right after a `|`.
 */
export function pipedInputOf(statement: SyntaxNode[]): SyntaxNode[] | undefined {
  return PIPED_INPUTS.get(statement);
}

/** `continued`, if any, and the nodes from `start` to `end`. */
function statementOf(
  nodes: SyntaxNode[],
  continued: SyntaxNode[] | undefined,
  start: number,
  end: number,
): SyntaxNode[] {
  const run = nodes.slice(start, end);
  return continued === undefined ? run : continued.concat(run);
}

/**
 * Whether a script chains pipelines with `&&` or `||` anywhere, which Windows PowerShell 5.1
 * refuses to parse ("The token '&&' is not a valid statement separator in this version"):
 * none of such a script runs there. After `--%` the rest of a statement is the command's
 * text, not PowerShell's, so a chain there is none.
 */
export function holdsPipelineChain(nodes: SyntaxNode[], work: WorkBudget): boolean {
  const levels: SyntaxNode[][] = [nodes];
  for (let level = levels.pop(); level !== undefined; level = levels.pop()) {
    work.spend(1 + level.length);
    let verbatim = false;
    for (const node of level) {
      if (node.type === 'group') levels.push(node.children);
      else if (isStopParsing(node)) verbatim = true;
      else if (node.type === 'separator') {
        if (node.chain && !verbatim) return true;
        verbatim = false;
      }
    }
  }
  return false;
}

/** `--%`, PowerShell's stop-parsing token: what follows on the line is the command's text. */
export function isStopParsing(node: SyntaxNode): boolean {
  if (node.type !== 'word') return false;
  const [part] = node.parts;
  return node.parts.length === 1 && part?.kind === 'text' && part.text === '--%';
}
