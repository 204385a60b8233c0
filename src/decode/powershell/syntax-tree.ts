/**
 * Groups tokens by their brackets and splits them into statements, so that `(…)`, `@(…)`,
 * `@{…}` and `{…}` each become one node of the statement they appear in.
 */
import type { WorkBudget } from '../budget.ts';
import { PowerShellParseError } from '../errors.ts';
import { MAX_SCRIPT_NESTING } from '../limits.ts';
import type { Bracket, CloseToken, OpenToken, Token } from './tokens.ts';

export interface GroupNode {
  type: 'group';
  bracket: Bracket;
  children: SyntaxNode[];
}

export type SyntaxNode = Exclude<Token, OpenToken | CloseToken> | GroupNode;

/** Iterative, so that the nesting of the script costs no call stack. */
export function buildSyntaxTree(tokens: Token[], work: WorkBudget): SyntaxNode[] {
  work.spend(tokens.length);
  const root: SyntaxNode[] = [];
  const open: SyntaxNode[][] = [root];
  for (const token of tokens) {
    const current = open.at(-1) as SyntaxNode[];
    if (token.type === 'open') {
      if (open.length > MAX_SCRIPT_NESTING) {
        throw new PowerShellParseError(`PowerShell nests deeper than ${MAX_SCRIPT_NESTING} levels`);
      }
      const group: GroupNode = { type: 'group', bracket: token.bracket, children: [] };
      current.push(group);
      open.push(group.children);
    } else if (token.type === 'close') {
      // A stray closing bracket is ignored; a missing one closes at the end of the script.
      if (open.length > 1) open.pop();
    } else {
      current.push(token);
    }
  }
  return root;
}

/** A statement ending in `,` or `=` continues on the next line. */
function isIncomplete(statement: SyntaxNode[]): boolean {
  const last = statement.at(-1);
  return last?.type === 'operator' && (last.operator === ',' || last.operator === '=');
}

/** The statements of one level of the tree, without their separators. */
export function splitStatements(nodes: SyntaxNode[], work: WorkBudget): SyntaxNode[][] {
  work.spend(1 + nodes.length);
  const statements: SyntaxNode[][] = [];
  let current: SyntaxNode[] = [];
  for (const node of nodes) {
    if (node.type === 'separator') {
      if (isIncomplete(current)) continue;
      if (current.length > 0) statements.push(current);
      current = [];
    } else {
      current.push(node);
    }
  }
  if (current.length > 0) statements.push(current);
  return statements;
}
