/**
 * Finds the first call of Start-EKSBootstrap.ps1 in a PowerShell script and binds its
 * arguments the way PowerShell would, as far as the script text tells.
 *
 * The script runs top to bottom in our reading: assignments update the variables, and the
 * first statement that calls the bootstrap script is bound with the variables as they are
 * at that point. Branches and loops are read in text order, not executed; what a script block
 * (`{…}`) assigns is known inside it and unknown after it, since it may run or not (a try or
 * finally block, which always runs, excepted). When the first call is in a branch, the calls
 * of the statement's other branches count too: what they disagree on is unknown.
 */
import { isDeepStrictEqual } from 'node:util';
import { decodeBase64Strictly } from './base64.ts';
import {
  type ResolvedParameter,
  resolveParameter,
  SCRIPT_PARAMETERS,
  type ScriptParameter,
} from './bootstrap-parameters.ts';
import { WorkBudget } from './budget.ts';
import {
  argumentAsWindowsPowerShellPasses,
  batchAsPowerShell,
  CMD_EXPANSIONS,
  cmdLineCommands,
  commandLineAsPowerShell,
  fileName,
  holdsCmdVariable,
  isPowerShellHost,
  isWindowsPowerShell,
  START_SWITCHES_WITH_VALUE,
  withWindowsFoldersExpanded,
} from './cmd-syntax.ts';
import { UserDataDecodeError } from './errors.ts';
import { MAX_NESTED_SCRIPTS, MAX_UNKNOWN_PARAMETERS, MAX_VALUE_LENGTH } from './limits.ts';
import {
  type GroupNode,
  isStopParsing,
  pipedInputOf,
  type SyntaxNode,
  splitStatements,
  statementsOf,
} from './powershell/syntax-tree.ts';
import { chainsPipelines, parseSyntaxTree } from './powershell/tokenizer.ts';
import {
  evaluateExpression,
  evaluateOperand,
  isKnown,
  listValue,
  Scope,
  UNKNOWN_TEXT,
  type Unknown,
  unknownOf,
  unknownValue,
  type Value,
} from './powershell/values.ts';
import {
  BOOTSTRAP_PARAMETERS,
  type BootstrapCall,
  type BootstrapParameter,
  type BootstrapValue,
  MACHINE_ENVIRONMENT_VARIABLES,
  type MachineEnvironmentVariable,
  type PositionalArgument,
  type UnrunnablePath,
} from './types.ts';

const BOOTSTRAP_SCRIPT = 'start-eksbootstrap.ps1';

/**
 * Whether `name`, lower-cased, is one of `names` (all ASCII). Lower-casing keeps the length
 * of a name that becomes ASCII (only U+0130 grows, into a non-ASCII pair), so a name of
 * another length is none of them, and most command names are refused without a copy.
 */
function isOneOf(name: string, names: ReadonlySet<string>, lengths: ReadonlySet<number>): boolean {
  return lengths.has(name.length) && names.has(name.toLowerCase());
}
const lengthsOf = (names: Iterable<string>) => new Set([...names].map((name) => name.length));
/** Invoke-Expression and its alias run their text as a script, as `powershell -Command` does. */
const EXPRESSION_RUNNERS = new Set(['invoke-expression', 'iex']);
const EXPRESSION_RUNNER_LENGTHS = lengthsOf(EXPRESSION_RUNNERS);
/** cmd.exe runs the command line after its /c (or /k) switch. */
const COMMAND_SHELLS = new Set(['cmd', 'cmd.exe']);
const COMMAND_SHELL_LENGTHS = lengthsOf(COMMAND_SHELLS);
/** Start-Process and its aliases start a program with a command line (-ArgumentList). */
const PROCESS_STARTERS = new Set(['start-process', 'start', 'saps']);
const PROCESS_STARTER_LENGTHS = lengthsOf(PROCESS_STARTERS);
/**
 * A command runs the script by its file name, or without the extension: PowerShell finds
 * `.\Start-EKSBootstrap` as `Start-EKSBootstrap.ps1`. `powershell.exe -File` wants the
 * extension itself ("does not have a '.ps1' extension").
 */
const BOOTSTRAP_SCRIPTS = new Set([BOOTSTRAP_SCRIPT, BOOTSTRAP_SCRIPT.replace(/\.ps1$/, '')]);
const BOOTSTRAP_SCRIPT_LENGTHS = lengthsOf(BOOTSTRAP_SCRIPTS);
const BOOTSTRAP_SCRIPT_FILES = new Set([BOOTSTRAP_SCRIPT]);
const BOOTSTRAP_SCRIPT_FILE_LENGTHS = lengthsOf(BOOTSTRAP_SCRIPT_FILES);

/**
 * One reading of the user data, statement after statement: what it set up before the call
 * that the script reads besides its arguments (machine-scoped environment variables, in the
 * registry so they reach every later process, and a preset $EKSCluster), and the nested
 * `-Command` scripts already read.
 */
class ScriptRun {
  readonly environment: Partial<Record<MachineEnvironmentVariable, BootstrapValue>> = {};
  presetsEksCluster = false;
  /**
   * Nested script text (by nesting level) → its call. `powershell -c $script` repeated, at
   * every level, would otherwise read the same text again each time: work that multiplies.
   */
  readonly nestedScripts = new Map<string, BootstrapCall | undefined>();
  /** Nested script texts → whether they chain commands with && or ||, tokenized once each. */
  readonly #chains = new Map<string, boolean>();
  /** Invoke-Expression texts, tokenized and split into statements once each. */
  readonly nestedStatements = new Map<string, SyntaxNode[][]>();
  /** The script's functions, by lower-cased name: the variables each one's body names. */
  readonly functionVariables = new Map<string, string[]>();
  /**
   * Script files the user data wrote (scriptPathKey → their text; undefined once what they
   * hold is unknown): a later line that runs one runs that text.
   */
  readonly writtenScripts = new Map<string, string | undefined>();
  readonly work: WorkBudget;
  /** Parameter names already resolved: a splatted hashtable passes the same ones each call. */
  readonly #parameters = new Map<string, ResolvedParameter>();
  /**
   * The resolved keys of each hashtable splatted so far, in order. Splatting it again
   * resolves each key to what it did the first time (each a look-up of #parameters, and
   * charged as one), without looking each up.
   */
  readonly #splattedKeys = new WeakMap<Value, ResolvedParameter[]>();

  constructor(work: WorkBudget) {
    this.work = work;
  }

  /** resolveParameter, remembered for this reading of the user data. */
  resolveParameter(written: string): ResolvedParameter {
    let parameter = this.#parameters.get(written);
    // Matching a name against the script's parameters and aliases (about thirty) the first
    // time; a look-up after that.
    this.work.spend(
      parameter === undefined ? NAME_RESOLUTION_STEPS + written.length : REMEMBERED_NAME_STEPS,
    );
    if (parameter === undefined) {
      parameter = resolveParameter(written);
      this.#parameters.set(written, parameter);
    }
    return parameter;
  }

  /** A text Windows PowerShell was to run was refused for chaining commands. */
  refusedChain = false;

  /**
   * Whether Windows PowerShell refuses a text it is given to run, for chaining commands with
   * && or || (chainsPipelines, remembered for this reading).
   */
  refusesChained(script: string): boolean {
    let chains = this.#chains.get(script);
    if (chains === undefined) {
      chains = chainsPipelines(script, this.work);
      this.#chains.set(script, chains);
    }
    if (chains) this.refusedChain = true;
    return chains;
  }

  /** The keys of a hashtable resolved when it was splatted before, or undefined. */
  splattedKeys(hashtable: Value): ResolvedParameter[] | undefined {
    return this.#splattedKeys.get(hashtable);
  }

  rememberSplattedKeys(hashtable: Value, keys: ResolvedParameter[]): void {
    this.#splattedKeys.set(hashtable, keys);
  }

  /** Why the first path to the script that can't run it fails (unrunnableScriptPath). */
  unrunnablePath: UnrunnablePath | undefined;

  /** What reads the statements being searched: it decides how a program gets its arguments. */
  reader: Reader = 'windows-powershell';

  /** Maps the machine-scoped variables set so far (a batch section's, cmd.exe expanding them). */
  mapEnvironment(map: (value: BootstrapValue) => BootstrapValue): void {
    Object.assign(this.environment, mappedEnvironment(this.environment, map));
  }

  /** The call as the script receives it, with the settings made so far. */
  attachTo(call: BootstrapCall): BootstrapCall {
    const environment = { ...this.environment };
    return {
      ...call,
      ...(Object.keys(environment).length > 0 ? { machineEnvironment: environment } : {}),
      ...(this.presetsEksCluster ? { presetsEksCluster: true } : {}),
    };
  }
}

/**
 * The first Start-EKSBootstrap.ps1 call of a script, or undefined when there is none.
 * Throws PowerShellParseError when the script nests beyond the parser's limits, and
 * WorkBudgetExceededError when reading it needs more than the budget (by default, the one
 * user data of the script's size gets).
 */
export function parseBootstrapCall(
  script: string,
  work: WorkBudget = WorkBudget.forInput(script.length),
): BootstrapCall | undefined {
  return parseFirstBootstrapCall([{ text: script }], work);
}

/**
 * The first call across scripts that run one after another (EC2Launch runs batch sections
 * before PowerShell ones): machine-wide settings of an earlier script reach a later call. A
 * batch script is read as PowerShell, less cmd.exe's `%NAME%` variables, which are unknown.
 */
export function parseFirstBootstrapCall(
  scripts: readonly { text: string; batch?: boolean }[],
  work: WorkBudget,
  notes: ReadingNotes = {},
): BootstrapCall | undefined {
  const run = new ScriptRun(work);
  try {
    for (const { text, batch } of scripts) {
      // Both launch agents run PowerShell sections with Windows PowerShell 5.1.
      run.reader = batch ? 'command-line' : 'windows-powershell';
      const found = searchScript(batch ? batchAsPowerShell(text, work) : text, 0, run);
      if (!batch) {
        if (found !== undefined) return found;
        continue;
      }
      // What the batch section set machine-wide (setx … %NAME% /M) reaches later sections.
      run.mapEnvironment(cmdExpanded);
      if (found !== undefined) return withCmdVariablesUnknown(found);
    }
    return undefined;
  } finally {
    if (run.refusedChain) notes.pipelineChain = true;
    if (run.unrunnablePath !== undefined) notes.unrunnableScriptPath = run.unrunnablePath;
  }
}

/**
 * What reads a text: Windows PowerShell 5.1 (the launch agents' PowerShell, powershell.exe),
 * PowerShell 7 (pwsh.exe), or no shell at all: a command line already split as cmd.exe and a
 * program's C runtime split it (a batch section, Start-Process's -ArgumentList), its words
 * what the program gets.
 */
type Reader = 'windows-powershell' | 'pwsh' | 'command-line';

/** What a reading saw besides the call. */
export interface ReadingNotes {
  /**
   * A text given to Windows PowerShell to run (`powershell -Command`, Start-Process) chains
   * commands with && or ||: PowerShell refused it, and nothing of it ran.
   */
  pipelineChain?: true;
  /** The script was to run by a path that can't run it (unrunnableScriptPath): the first. */
  unrunnableScriptPath?: UnrunnablePath;
}

function searchScript(script: string, nesting: number, run: ScriptRun): BootstrapCall | undefined {
  const tree = parseSyntaxTree(script, run.work);
  return searchStatements(splitStatements(tree, run.work), new Scope(run.work), nesting, run);
}

function searchStatements(
  statements: SyntaxNode[][],
  scope: Scope,
  nesting: number,
  run: ScriptRun,
): BootstrapCall | undefined {
  for (let index = 0; index < statements.length; index++) {
    const found = searchStatement(
      statements[index] as SyntaxNode[],
      scope,
      nesting,
      run,
      statements[index + 1],
    );
    if (found !== undefined) return found;
  }
  return undefined;
}

/** `next`: the statement after this one, where a broken line continuation leaves arguments. */
function searchStatement(
  statement: SyntaxNode[],
  scope: Scope,
  nesting: number,
  run: ScriptRun,
  next?: SyntaxNode[],
): BootstrapCall | undefined {
  const only = statement[0];
  if (statement.length === 1 && only?.type === 'group') {
    // A group alone (`(…)` on a line, one level of `((((…))))`) is no call, assignment or
    // setting: only what it holds is, read below without looking for them first.
    run.work.spend(4);
    if (only.bracket === '@{') return undefined;
    return searchGroup(only, scope, nesting, run);
  }
  const assignment = assignmentOf(statement);
  // `$result = & $script …` still calls the script.
  // Reading a statement looks at each of its nodes a few times.
  run.work.spend(4 * statement.length);
  const call = bootstrapCallIn(assignment?.value ?? statement, scope, nesting, run);
  if (call !== undefined) {
    const cutOff = argumentsCutOff(statement, next, run);
    return cutOff.length === 0 ? call : { ...call, argumentsCutOff: cutOff };
  }
  recordMachineVariable(statement, scope, run);
  recordWrittenScript(statement, scope, run);
  recordFunction(statement, run);
  forgetChangedCollections(statement, assignment, scope, run);
  forgetVariablesSetByName(statement, scope, run);
  if (assignment !== undefined) {
    if (isEksClusterVariable(assignment.variable)) run.presetsEksCluster = true;
    const value = assignment.compound
      ? unknownValue()
      : evaluateExpression(assignment.value, scope);
    // A value we can't know still names its variable, so that what uses it says which, and
    // keeps its known parts: "$env:ProgramFiles\Amazon\EKS\Start-EKSBootstrap.ps1" still
    // names the script when called through the variable without -EKSClusterName, and a
    // hashtable to splat (its keys all known) still gives its known entries.
    const named = isKnown(value) ? value : { ...value, unknown: { variable: assignment.variable } };
    scope.set(assignment.variable, named);
  }
  // Script blocks and parentheses hold statements of their own: `if (…) { & $script … }`.
  for (let index = 0; index < statement.length; index++) {
    const node = statement[index] as SyntaxNode;
    if (node.type === 'group' && node.bracket !== '@{') {
      const keyword = textOf(statement[index - 1])?.toLowerCase();
      const runsAlways = keyword !== undefined && ALWAYS_RUN_BLOCKS.has(keyword);
      const found = searchGroup(node, scope, nesting, run, runsAlways);
      if (found === undefined) continue;
      if (runsAlways || node.bracket !== '{') return found;
      // A call in a branch: the statement's other branches (elseif, else, another case of a
      // switch) may call the script too, with other arguments.
      return otherBranchCalls(statement, index + 1, scope, nesting, run).reduce(
        mergeBranchCalls,
        found,
      );
    }
  }
  return undefined;
}

/** The bootstrap calls of a statement's groups from `start` on, each branch's first. */
function otherBranchCalls(
  statement: SyntaxNode[],
  start: number,
  scope: Scope,
  nesting: number,
  run: ScriptRun,
): BootstrapCall[] {
  const calls: BootstrapCall[] = [];
  for (let index = start; index < statement.length; index++) {
    const node = statement[index] as SyntaxNode;
    if (node.type !== 'group' || node.bracket === '@{') continue;
    const found = searchGroup(node, scope, nesting, run);
    if (found !== undefined) calls.push(found);
  }
  return calls;
}

/**
 * One call standing for calls in branches of which one runs: what they give alike is known,
 * what they give differently (or only some of them give) is unresolved. A problem of any one
 * of them (an unknown or repeated parameter, one without a value) is kept: the nodes that
 * take that branch have it.
 */
function mergeBranchCalls(first: BootstrapCall, other: BootstrapCall): BootstrapCall {
  const names = new Set([
    ...Object.keys(first.args),
    ...Object.keys(other.args),
  ]) as Set<BootstrapParameter>;
  const args: BootstrapCall['args'] = {};
  for (const name of names) {
    const mine = first.args[name];
    const theirs = other.args[name];
    args[name] =
      mine !== undefined && theirs !== undefined && isDeepStrictEqual(mine, theirs)
        ? mine
        : { kind: 'unresolved' };
  }
  const union = <T>(a: readonly T[] | undefined, b: readonly T[] | undefined) => [
    ...new Set([...(a ?? []), ...(b ?? [])]),
  ];
  const repeated = union(first.repeatedParameters, other.repeatedParameters);
  const withoutValue = union(first.parametersWithoutValue, other.parametersWithoutValue);
  const cutOff = union(first.argumentsCutOff, other.argumentsCutOff);
  const { positional: _positional, ...rest } = first;
  return {
    ...rest,
    args,
    unknownParameters: union(first.unknownParameters, other.unknownParameters),
    ...(repeated.length > 0 ? { repeatedParameters: repeated } : {}),
    ...(withoutValue.length > 0 ? { parametersWithoutValue: withoutValue } : {}),
    ...(cutOff.length > 0 ? { argumentsCutOff: cutOff } : {}),
    // Positions are judged only when every branch binds the same words to them.
    ...(first.positional !== undefined && isDeepStrictEqual(first.positional, other.positional)
      ? { positional: first.positional }
      : {}),
    ...(first.presetsEksCluster || other.presetsEksCluster ? { presetsEksCluster: true } : {}),
  };
}

/**
 * The script's parameters on the line after a call whose line ends with a backtick and then a
 * space or tab: the backtick escapes that whitespace (passed as an argument of its own)
 * instead of continuing the line, so the next line is a statement of its own, which PowerShell
 * refuses as a command ("-ServiceCIDR is not recognized"), and the call never gets its
 * arguments. Only the script's own names, written in full, are kept: they are named in findings.
 */
function argumentsCutOff(
  statement: SyntaxNode[],
  next: SyntaxNode[] | undefined,
  run: ScriptRun,
): BootstrapParameter[] {
  if (!isEscapedWhitespace(statement.at(-1)) || next?.[0]?.type !== 'parameter') return [];
  const names = next.flatMap((node): BootstrapParameter[] => {
    if (node.type !== 'parameter') return [];
    const parameter = run.resolveParameter(node.name);
    return parameter.kind === 'bootstrap' && parameter.exact ? [parameter.name] : [];
  });
  return [...new Set(names)];
}

/** An unquoted word of whitespace only: what a backtick before a space or tab makes. */
function isEscapedWhitespace(node: SyntaxNode | undefined): boolean {
  return node?.type === 'word' && node.start === 'text' && /^[ \t]+$/.test(textOf(node) ?? '');
}

/** Blocks that run whenever the statement does: what they assign stays known after them. */
const ALWAYS_RUN_BLOCKS: ReadonlySet<string> = new Set(['try', 'finally']);

/**
 * The statements of a group. A script block may run once, many times or never (a branch, a
 * loop's body, a function, a catch), so its assignments are unknown after it, unless it is
 * one that `runsAlways`.
 */
function searchGroup(
  group: GroupNode,
  scope: Scope,
  nesting: number,
  run: ScriptRun,
  runsAlways = false,
): BootstrapCall | undefined {
  const block = group.bracket === '{' && !runsAlways;
  if (block) scope.enterBlock();
  const found = searchStatements(statementsOf(group, run.work), scope, nesting, run);
  // Left with or without a call: another branch after it is read in the scope before it.
  if (block) scope.leaveBlock();
  return found;
}

interface Assignment {
  variable: string;
  compound: boolean;
  value: SyntaxNode[];
}

/**
 * The methods that change a hashtable or array list in place (`$p.Remove('KubeProxyExtraArgs')`),
 * lower-cased. Reading ones (`ContainsKey`, `GetEnumerator`, `Clone`) change nothing.
 */
const CHANGING_METHODS = new Set([
  'add',
  'addrange',
  'clear',
  'insert',
  'insertrange',
  'remove',
  'removeat',
  'removerange',
  'reverse',
  'set_item',
  'sort',
]);

/**
 * Commands that read their arguments and change none: a hashtable logged with them is still
 * what it was. Any other command may be a function that changes what it is given.
 */
const READING_COMMANDS = new Set([
  'write-host',
  'write-output',
  'write',
  'echo',
  'write-verbose',
  'write-debug',
  'write-information',
  'write-warning',
  'write-error',
  'write-progress',
  'out-null',
  'out-string',
  'out-file',
  'out-host',
  'out-default',
  'convertto-json',
  'convertto-csv',
  'convertto-xml',
  'format-table',
  'format-list',
  'format-custom',
  'format-wide',
  'export-clixml',
  'export-csv',
  'add-content',
  'set-content',
  'get-member',
]);

/**
 * The hashtables and arrays a statement may change in a way the reading does not follow,
 * unknown from then on in every variable holding them, or holding a container of them
 * (Scope.forgetCollection):
 * - what an assignment's target names, unless it is a plain variable (`$p.X = …`,
 *   `$p.$key = …`, `($p).X = …`, `$cfg.Params.X = …`; also `$p` after `$q = $p`);
 * - one on which a method that changes it is called (`$p.Remove('KubeProxyExtraArgs')`,
 *   `Out-Null -InputObject $p.Clear()`);
 * - one passed unquoted to a command that may change it (`Update-Arguments $p`), or named
 *   in the body of a function of the script that is called.
 */
function forgetChangedCollections(
  statement: SyntaxNode[],
  assignment: Assignment | undefined,
  scope: Scope,
  run: ScriptRun,
): void {
  const operatorAt = statement.findIndex(
    (node) =>
      node.type === 'operator' &&
      (node.operator === '=' || node.operator === 'compound-assignment'),
  );
  const replacesVariable = assignment !== undefined && !assignment.compound;
  if (operatorAt > 0 && !replacesVariable) {
    for (const name of variablesNamedIn(statement.slice(0, operatorAt), scope.work)) {
      scope.forgetCollection(name);
    }
  }
  const nodes = operatorAt > 0 ? statement.slice(operatorAt + 1) : statement;
  const first = nodes.find((node) => node.type !== 'type');
  const commandName = first?.type === 'word' && first.start === 'text' ? textOf(first) : undefined;
  const command =
    commandName !== undefined || (first?.type === 'operator' && first.operator === '&');
  const name = commandName?.toLowerCase();
  const called = name === undefined ? undefined : run.functionVariables.get(name);
  for (const variable of called ?? []) scope.forgetCollection(variable);
  const reads = name !== undefined && READING_COMMANDS.has(name);
  for (const node of nodes) {
    if (node.type !== 'word' || node.parts.length !== 1) continue;
    const [part] = node.parts;
    if (part?.kind === 'member' && CHANGING_METHODS.has(part.member?.toLowerCase() ?? '')) {
      scope.forgetCollection(part.variable);
    } else if (part?.kind === 'variable' && command && !reads && node.start === 'variable') {
      scope.forgetCollection(part.name);
    }
  }
}

/** The variables `nodes` name, in words and splats, inside groups too, each once. */
function variablesNamedIn(nodes: readonly SyntaxNode[], work: WorkBudget): string[] {
  const names = new Set<string>();
  const pending: (readonly SyntaxNode[])[] = [nodes];
  for (let group = pending.pop(); group !== undefined; group = pending.pop()) {
    work.spend(group.length);
    for (const node of group) {
      if (node.type === 'group') pending.push(node.children);
      else if (node.type === 'splat') names.add(node.variable.toLowerCase());
      else if (node.type === 'word') {
        for (const part of node.parts) {
          if (part.kind === 'variable') names.add(part.name.toLowerCase());
          else if (part.kind === 'member') names.add(part.variable.toLowerCase());
        }
      }
    }
  }
  return [...names];
}

/**
 * `function Name { … }` (or `filter`, parameters before the body or in it): the variables
 * its body names, which a call of it may change (forgetChangedCollections).
 */
function recordFunction(statement: SyntaxNode[], run: ScriptRun): void {
  const keyword = textOf(statement[0])?.toLowerCase();
  if (keyword !== 'function' && keyword !== 'filter') return;
  const name = textOf(statement[1])?.toLowerCase();
  if (name === undefined) return;
  run.functionVariables.set(name, variablesNamedIn(statement.slice(2), run.work));
}

/** The cmdlets (and aliases) that write a text into a file. */
const FILE_WRITERS = new Set(['set-content', 'sc', 'out-file', 'add-content', 'ac']);

/**
 * `Set-Content C:\x\boot.ps1 -Value '& …\Start-EKSBootstrap.ps1 …'`, the same with the
 * text piped in, or Out-File: the script a later line may run (writtenScriptRun). A text that
 * is not known, or appended to (Add-Content: what the file held is unknown), leaves the file
 * unknown.
 */
function recordWrittenScript(statement: SyntaxNode[], scope: Scope, run: ScriptRun): void {
  const command = textOf(statement[0])?.toLowerCase();
  if (command === undefined || !FILE_WRITERS.has(command)) return;
  const nodes = statement.slice(1);
  const path = argumentOf(nodes, ['path', 'filepath', 'literalpath'], 0, scope);
  if (path?.kind !== 'text' || !isKnown(path)) return;
  const value = command.startsWith('a')
    ? undefined
    : (argumentOf(nodes, ['value', 'inputobject'], 1, scope) ?? pipedValue(statement, scope));
  // An array is written a line an item.
  const lines =
    value?.kind === 'list' && value.items.every((item) => item.kind === 'text')
      ? value.items.map((item) => (item as { text: string }).text)
      : value?.kind === 'text'
        ? [value.text]
        : undefined;
  run.work.spend(1 + path.text.length);
  run.writtenScripts.set(scriptPathKey(path.text), lines?.join('\n'));
}

/** A script file's path as it is looked up: case and slashes as Windows ignores them. */
function scriptPathKey(path: string): string {
  return path.replaceAll('/', '\\').replace(/^\.\\/, '').toLowerCase();
}

/**
 * Running a script file the user data wrote before (recordWrittenScript): the call of its
 * text, read by `reader` in a scope of its own (a script's own variables start unknown).
 * Undefined when the path names no such file, or one whose text is unknown.
 */
function writtenScriptRun(
  path: string | undefined,
  nesting: number,
  run: ScriptRun,
  reader: Reader,
): { call: BootstrapCall | undefined } | undefined {
  if (path === undefined || run.writtenScripts.size === 0) return undefined;
  const text = run.writtenScripts.get(scriptPathKey(path));
  if (text === undefined) return undefined;
  return { call: nestedScript({ kind: 'text', text }, nesting, run, { reader }) };
}

/** The cmdlets (and aliases) that set or clear a variable named by a string. */
const VARIABLE_SETTERS = new Set([
  'set-variable',
  'sv',
  'new-variable',
  'nv',
  'clear-variable',
  'clv',
  'remove-variable',
  'rv',
]);

/**
 * `Set-Variable -Name 'ka' -Value …` and its kin change a variable the reading does not
 * follow: every word of the command written as text, quoted or not, is taken for a name it
 * may set, unknown from then on. Setting $EKSCluster so presets it, as an assignment does.
 */
function forgetVariablesSetByName(statement: SyntaxNode[], scope: Scope, run: ScriptRun): void {
  const command = textOf(statement[0])?.toLowerCase();
  if (command === undefined || !VARIABLE_SETTERS.has(command)) return;
  const sets = command.startsWith('s') || command.startsWith('n');
  for (let index = 1; index < statement.length; index++) {
    const name = textOf(statement[index]);
    if (name === undefined) continue;
    scope.set(name, unknownValue({ variable: name }));
    if (sets && isEksClusterVariable(name)) run.presetsEksCluster = true;
  }
}

/** `[type]$name = value`, `$name += value`; assigning to a member changes its variable. */
function assignmentOf(statement: SyntaxNode[]): Assignment | undefined {
  // The target and the operator are the first two nodes that aren't types; the value is
  // what follows, types left out too.
  let index = 0;
  while (statement[index]?.type === 'type') index++;
  const target = statement[index++];
  while (statement[index]?.type === 'type') index++;
  const operator = statement[index++];
  if (target?.type !== 'word' || operator?.type !== 'operator') return undefined;
  if (operator.operator !== '=' && operator.operator !== 'compound-assignment') return undefined;
  const part = target.parts[0];
  if (
    target.parts.length !== 1 ||
    part === undefined ||
    part.kind === 'text' ||
    part.kind === 'subexpression'
  ) {
    return undefined;
  }
  const variable = part.kind === 'variable' ? part.name : part.variable;
  const value: SyntaxNode[] = [];
  for (; index < statement.length; index++) {
    const node = statement[index] as SyntaxNode;
    if (node.type !== 'type') value.push(node);
  }
  return { variable, compound: operator.operator !== '=' || part.kind === 'member', value };
}

/** The bootstrap call a statement makes, if it makes one. */
function bootstrapCallIn(
  statement: SyntaxNode[],
  scope: Scope,
  nesting: number,
  run: ScriptRun,
): BootstrapCall | undefined {
  const first = statement[0];
  const second = statement[1];
  let command: SyntaxNode | undefined;
  let argumentsStart: number;
  if (first?.type === 'operator' && (first.operator === '&' || first.operator === '.')) {
    command = second;
    argumentsStart = 2;
  } else if (first?.type === 'word' && first.start === 'text') {
    // Only an unquoted word names a command; a string or a variable first is an expression.
    command = first;
    argumentsStart = 1;
  } else {
    return undefined;
  }
  if (command === undefined) return undefined;
  // `& (Get-ChildItem … -Filter Start-EKSBootstrap.ps1).FullName …`: a command found by an
  // expression is unknown, and its member access is no argument.
  const afterCommand = postfixEnd(statement, argumentsStart, scope);
  const path = afterCommand === argumentsStart ? commandPath(command, scope) : UNKNOWN_TEXT;
  argumentsStart = afterCommand;
  const name = path === undefined ? undefined : fileName(path);
  if (name !== undefined && isPowerShellHost(name)) {
    return hostedCall(name, statement.slice(argumentsStart), scope, nesting, run);
  }
  if (name !== undefined && isOneOf(name, EXPRESSION_RUNNERS, EXPRESSION_RUNNER_LENGTHS)) {
    // Invoke-Expression runs its text in the caller's scope: its variables, splats and all.
    const text =
      argumentOf(statement.slice(argumentsStart), ['command'], 0, scope) ??
      pipedValue(statement, scope);
    return text === undefined ? undefined : nestedScript(text, nesting, run, { scope });
  }
  if (name !== undefined && isOneOf(name, PROCESS_STARTERS, PROCESS_STARTER_LENGTHS)) {
    return startedProcessCall(statement.slice(argumentsStart), scope, nesting, run);
  }
  if (name !== undefined && isOneOf(name, COMMAND_SHELLS, COMMAND_SHELL_LENGTHS)) {
    return shellCommandCall(statement.slice(argumentsStart), scope, nesting, run);
  }
  const written = writtenScriptRun(path, nesting, run, run.reader);
  if (written !== undefined) return written.call;
  if (unrunnableScriptPath(path, statement[argumentsStart], run)) return undefined;
  const call = scriptCall(name, statement, argumentsStart, scope, run);
  return call === undefined ? undefined : run.attachTo(call);
}

/**
 * The command of a quoted cmd.exe command line that runs a PowerShell host, as PowerShell
 * reads it: the first command or one after `&&`, `||` or `&` (`cd /d C:\EKS && powershell
 * -File …`), up to the next; undefined when none does.
 */
function hostedCommandLine(line: string, work: WorkBudget): string | undefined {
  return cmdLineCommands(line, work).find(({ program }) => isPowerShellHost(fileName(program)))
    ?.text;
}

/**
 * `cmd /c powershell -Command "…"`: cmd.exe runs the command line after /c (or /k; other
 * switches may come first). Only a PowerShell host is read there: directly, in quotes as a
 * whole (`cmd /c "powershell -File …"`), or through `cmd /c` again or `start` (read in one
 * loop, however long the chain); cmd.exe opens a .ps1 named directly with its file
 * association, which runs nothing. Its `%NAME%` variables are unknown here.
 */
function shellCommandCall(
  nodes: SyntaxNode[],
  scope: Scope,
  nesting: number,
  run: ScriptRun,
): BootstrapCall | undefined {
  let at = 0;
  for (;;) {
    // cmd.exe's switches, up to /c or /k.
    for (; ; at++) {
      scope.work.spend(1);
      const option = textOf(nodes[at])?.toLowerCase();
      if (option === undefined || !option.startsWith('/')) return undefined;
      if (option === '/c' || option === '/k') break;
    }
    at++;
    for (;;) {
      const first = nodes[at];
      if (first === undefined) return undefined;
      scope.work.spend(1);
      if (first.type === 'word' && first.start === 'quote') {
        const line = evaluateOperand(first, scope, 'argument');
        // cmd.exe expands the line's variables before it splits it: a folder's space splits it.
        const hosted =
          line.kind === 'text'
            ? hostedCommandLine(withWindowsFoldersExpanded(line.text, run.work), run.work)
            : undefined;
        const call =
          line.kind !== 'text' || hosted === undefined
            ? undefined
            : nestedScript({ ...line, text: hosted }, nesting, run, { reader: 'command-line' });
        return call === undefined ? undefined : withCmdVariablesUnknown(call);
      }
      const path = commandPath(first, scope);
      const name = path === undefined ? undefined : fileName(path);
      if (name === undefined) return undefined;
      if (isPowerShellHost(name)) {
        // Unquoted too, PowerShell hands cmd.exe one command line, which it expands before
        // it splits it: `%ProgramFiles%` in a path (quoted or not here) puts a space in it.
        const line = nativeCommandLine(nodes, at, scope);
        const expanded = line === undefined ? line : withWindowsFoldersExpanded(line, run.work);
        const hosted =
          expanded === undefined || expanded === line
            ? undefined
            : hostedCommandLine(expanded, run.work);
        const call =
          hosted === undefined
            ? hostedCall(name, nodes.slice(at + 1), scope, nesting, run)
            : nestedScript({ kind: 'text', text: hosted }, nesting, run, {
                reader: 'command-line',
              });
        return call === undefined ? undefined : withCmdVariablesUnknown(call);
      }
      at++;
      if (isOneOf(name, COMMAND_SHELLS, COMMAND_SHELL_LENGTHS)) break;
      if (name.toLowerCase() !== 'start') return undefined;
      // START ["title"] [/switches] program …
      const title = nodes[at];
      if (title?.type === 'word' && title.start === 'quote') at++;
      for (let option = textOf(nodes[at])?.toLowerCase(); option?.startsWith('/'); ) {
        scope.work.spend(1);
        at += START_SWITCHES_WITH_VALUE.has(option) ? 2 : 1;
        option = textOf(nodes[at])?.toLowerCase();
      }
    }
  }
}

/**
 * The command line PowerShell starts a native program with, from the words of a statement
 * from `from` on: each word's value, in double quotes when it holds a blank. Undefined when
 * a value is not known, is empty or holds a double quote: how PowerShell passes those
 * differs between its versions.
 */
function nativeCommandLine(nodes: SyntaxNode[], from: number, scope: Scope): string | undefined {
  let plain = true;
  const line = joinedArguments(nodes, from, scope, (text) => {
    if (text === '' || text.includes('"')) plain = false;
    return /[ \t]/.test(text) ? `"${text}"` : text;
  });
  return plain && !line.includes(UNKNOWN_TEXT) ? line : undefined;
}

/** A call with each of its values (named, positional, machine-wide) mapped by `map`. */
function withValuesMapped(
  call: BootstrapCall,
  map: (value: BootstrapValue) => BootstrapValue,
): BootstrapCall {
  const args: BootstrapCall['args'] = {};
  for (const [name, value] of Object.entries(call.args) as [BootstrapParameter, BootstrapValue][]) {
    args[name] = map(value);
  }
  const positional = call.positional?.map((argument) => ({
    ...argument,
    value: keptByPosition(map(argument.value)),
  }));
  const machineEnvironment =
    call.machineEnvironment === undefined
      ? undefined
      : mappedEnvironment(call.machineEnvironment, map);
  return {
    ...call,
    args,
    ...(positional === undefined ? {} : { positional }),
    ...(machineEnvironment === undefined ? {} : { machineEnvironment }),
  };
}

function mappedEnvironment(
  environment: Partial<Record<MachineEnvironmentVariable, BootstrapValue>>,
  map: (value: BootstrapValue) => BootstrapValue,
): Partial<Record<MachineEnvironmentVariable, BootstrapValue>> {
  const mapped: Partial<Record<MachineEnvironmentVariable, BootstrapValue>> = {};
  for (const [name, value] of Object.entries(environment) as [
    MachineEnvironmentVariable,
    BootstrapValue,
  ][]) {
    mapped[name] = map(value);
  }
  return mapped;
}

/**
 * A call whose text was changed in a way not followed: the parameters it names are given,
 * with values unknown; what else it seems to say of its arguments (unknown, repeated or
 * missing values, positions) is not sure. What the script set before it still holds.
 */
function withValuesUnknown(call: BootstrapCall): BootstrapCall {
  const {
    repeatedParameters: _repeated,
    parametersWithoutValue: _withoutValue,
    positional: _positional,
    ...kept
  } = call;
  const unknown = withValuesMapped({ ...kept, unknownParameters: [] }, () => ({
    kind: 'unresolved',
  }));
  return call.machineEnvironment === undefined
    ? unknown
    : { ...unknown, machineEnvironment: call.machineEnvironment };
}

/**
 * A value cmd.exe expands: unresolved when it holds a `%NAME%`, keeping the text around
 * them when given by name, as a PowerShell variable's would.
 */
function cmdExpanded(value: BootstrapValue): BootstrapValue {
  if (value.kind === 'unresolved') return value;
  const texts = value.kind === 'literal' ? [value.value] : value.values;
  let variable: string | undefined;
  for (const text of texts) {
    for (const match of text.matchAll(CMD_EXPANSIONS)) variable ??= match[1];
  }
  if (variable === undefined) return value;
  const byName = value.kind === 'literal' && !value.byPosition && !value.abbreviated;
  const knownParts: string[] = [];
  if (byName) {
    let part = '';
    let from = 0;
    for (const match of value.value.matchAll(CMD_EXPANSIONS)) {
      part += value.value.slice(from, match.index);
      from = match.index + match[0].length;
      if (match[1] === undefined) {
        part += '%';
      } else {
        knownParts.push(part);
        part = '';
      }
    }
    knownParts.push(part + value.value.slice(from));
  }
  return knownParts.some((part) => part !== '')
    ? { kind: 'unresolved', variable: `env:${variable}`, knownParts }
    : { kind: 'unresolved', variable: `env:${variable}` };
}

/** A call cmd.exe makes, or a batch section's: its `%NAME%` variables unknown. */
function withCmdVariablesUnknown(call: BootstrapCall): BootstrapCall {
  return withValuesMapped(call, cmdExpanded);
}

/** Commands whose output is their arguments. */
const OUTPUT_WRITERS = new Set(['write-output', 'write', 'echo']);

/**
 * What a pipe passes to this statement: the value of an expression before it (`"…" | iex`,
 * `$text | Invoke-Expression`), or of Write-Output's arguments. Another command's output is
 * not known.
 */
function pipedValue(statement: SyntaxNode[], scope: Scope): Value | undefined {
  const input = pipedInputOf(statement);
  const first = input?.[0];
  if (input === undefined || first === undefined) return undefined;
  if (first.type !== 'word' || first.start !== 'text') return evaluateExpression(input, scope);
  const command = evaluateOperand(first, scope, 'argument');
  return command.kind === 'text' && OUTPUT_WRITERS.has(command.text.toLowerCase())
    ? evaluateExpression(input, scope, 1)
    : undefined;
}

/** The command's path as far as known (unknown parts as UNKNOWN_TEXT); undefined if not a string. */
function commandPath(command: SyntaxNode, scope: Scope): string | undefined {
  const value = evaluateOperand(command, scope, 'argument');
  if (value.kind !== 'text') return undefined;
  // Its file name is looked for in all of it.
  scope.work.spend(value.text.length);
  return value.text;
}

/**
 * Binds the arguments (`nodes` from `start` on) when the command is the bootstrap script,
 * `name` being the file name of its path (undefined when the command is no string). A
 * command whose path can't be known (`& $file` with `$file` from Join-Path) counts only
 * when it passes -EKSClusterName by its full name, which no other command takes.
 */
function scriptCall(
  commandName: string | undefined,
  nodes: SyntaxNode[],
  start: number,
  scope: Scope,
  run: ScriptRun,
  { file = false }: { file?: boolean } = {},
): BootstrapCall | undefined {
  const name = commandName ?? UNKNOWN_TEXT;
  const namesScript = file
    ? isOneOf(name, BOOTSTRAP_SCRIPT_FILES, BOOTSTRAP_SCRIPT_FILE_LENGTHS)
    : isOneOf(name, BOOTSTRAP_SCRIPTS, BOOTSTRAP_SCRIPT_LENGTHS);
  if (!namesScript && !name.includes(UNKNOWN_TEXT) && !holdsNestedUnknown(name)) return undefined;
  const binding = bindArguments(nodes, start, scope, run);
  return namesScript || binding.namesClusterExplicitly ? binding.call : undefined;
}

/**
 * Whether a known path given to run names the script in a way that can't run it, noted for
 * the reading (the first such path):
 * - `split-at-space`: the path was cut at a space nothing quoted (`& C:\Program Files\…\
 *   Start-EKSBootstrap.ps1`, often a folder variable expanded into a command line, or a
 *   -Command text, unquoted): PowerShell, cmd.exe or the host looks for `C:\Program`.
 * - `variable-not-expanded`: the path holds `$env:` as text. powershell.exe's -File and a
 *   path in single quotes take it as written, and no file name holds a colon.
 */
function unrunnableScriptPath(
  path: string | undefined,
  next: SyntaxNode | undefined,
  run: ScriptRun,
  { file = false }: { file?: boolean } = {},
): boolean {
  if (path === undefined || path.includes(UNKNOWN_TEXT) || holdsNestedUnknown(path)) return false;
  const namesScript = (text: string) =>
    file
      ? isOneOf(fileName(text), BOOTSTRAP_SCRIPT_FILES, BOOTSTRAP_SCRIPT_FILE_LENGTHS)
      : isOneOf(fileName(text), BOOTSTRAP_SCRIPTS, BOOTSTRAP_SCRIPT_LENGTHS);
  let reason: UnrunnablePath | undefined;
  if (namesScript(path)) {
    run.work.spend(path.length);
    if (UNEXPANDED_VARIABLE.test(path)) reason = 'variable-not-expanded';
  } else {
    // The rest of the path: the next word, relative (no drive, no root, no parameter), in a
    // folder, and the path before it a folder's too. Most commands' next word fails the first.
    const rest = next?.type === 'word' && next.start === 'text' ? textOf(next) : undefined;
    if (rest !== undefined && !/^(?:[a-z]:|[\\/-])/i.test(rest)) {
      run.work.spend(rest.length);
      if (namesScript(rest) && /[\\/]/.test(rest) && /[\\/]/.test(path)) reason = 'split-at-space';
    }
  }
  if (reason === undefined) return false;
  run.unrunnablePath ??= reason;
  return true;
}

/** `$env:NAME` or `${env:NAME}` as text in a path. */
const UNEXPANDED_VARIABLE = /\$\{?env:[a-z_]/i;

/**
 * `powershell.exe -File <script> args…` runs the script with the arguments after it;
 * `powershell.exe -Command "<script text>"` runs the text as a new script, and so does
 * `-EncodedCommand <base64 of its UTF-16LE text>`. Several arguments after -Command are
 * joined with spaces into that text. An argument that is no parameter (nor a parameter's
 * value) starts the -Command text for Windows PowerShell, and is the -File script for pwsh.
 */
function hostedCall(
  host: string,
  argumentNodes: SyntaxNode[],
  callerScope: Scope,
  nesting: number,
  run: ScriptRun,
): BootstrapCall | undefined {
  const windowsPowerShell = isWindowsPowerShell(host);
  const nested = { reader: windowsPowerShell ? 'windows-powershell' : 'pwsh' } as const;
  // Windows PowerShell 5.1 quotes an argument holding a space for the host's command line
  // without escaping the quotes inside it (PowerShell/PowerShell#1995): the host splits it
  // where they say. Other callers pass each argument whole.
  // After `--%` PowerShell passes the rest as written, less cmd.exe-style `%NAME%`, which it
  // expands first (about_Parsing), and the host expands its variables in a process of its
  // own: none of their values are known here.
  let stopParsed = false;
  const passed = (text: string) => {
    const split =
      run.reader === 'windows-powershell' && text.includes('"')
        ? argumentAsWindowsPowerShellPasses(text, run.work)
        : text;
    return stopParsed ? withWindowsFoldersExpanded(split, run.work) : split;
  };
  let scope = callerScope;
  const fileCall = (pathAt: number) => {
    const target = argumentNodes[pathAt];
    if (target === undefined) return undefined;
    const afterPath = postfixEnd(argumentNodes, pathAt + 1, scope);
    const path = afterPath === pathAt + 1 ? commandPath(target, scope) : undefined;
    const written = writtenScriptRun(path, nesting, run, nested.reader);
    if (written !== undefined) return written.call;
    if (stopParsed && cutAfterStopParsing(target, run)) return undefined;
    if (unrunnableScriptPath(path, argumentNodes[afterPath], run, { file: true })) return undefined;
    const script = path === undefined ? undefined : fileName(path);
    const call = scriptCall(script, argumentNodes, afterPath, scope, run, { file: true });
    return call === undefined ? undefined : run.attachTo(call);
  };
  const commandCall = (textAt: number) => {
    const target = argumentNodes[textAt];
    if (target === undefined) return undefined;
    const end = postfixEnd(argumentNodes, textAt + 1, scope);
    if (end === textAt + 1 && end < argumentNodes.length) {
      const text = joinedArguments(argumentNodes, textAt, scope, passed);
      return nestedScript({ kind: 'text', text }, nesting, run, nested);
    }
    const value = evaluateOperand(target, scope, 'argument');
    const text = value.kind === 'text' ? { ...value, text: passed(value.text) } : value;
    if (end === textAt + 1) return nestedScript(text, nesting, run, nested);
    // `-Command ("& …\Start-EKSBootstrap.ps1 -EKSClusterName X").Replace('X', $name)`:
    // the text runs, changed in a way not followed: its call is made, its values unknown.
    const call = nestedScript(text, nesting, run, nested);
    return call === undefined ? undefined : withValuesUnknown(call);
  };
  // Whether the node after the last parameter is (or may be) that parameter's value.
  let valueNext = false;
  for (let index = 0; index < argumentNodes.length; index++) {
    const node = argumentNodes[index] as SyntaxNode;
    if (isStopParsing(node)) {
      scope = new Scope(run.work, { knowsEnvironment: false });
      stopParsed = true;
    }
    const parameter = hostParameterOf(node, scope);
    if (parameter === undefined) {
      if (valueNext || node.type === 'redirection') {
        valueNext = false;
        continue;
      }
      // What may be the host's own parameters (a splat, a variable, `--%`, cmd.exe's unset
      // %NAME%) is passed over; a plain word starts the script.
      if (!isPlainWord(node, scope)) continue;
      return windowsPowerShell ? commandCall(index) : fileCall(index);
    }
    const { name, valueNext: takesNext } = parameter;
    if ('file'.startsWith(name)) return fileCall(index + 1);
    if ('command'.startsWith(name) && name !== 'co') return commandCall(index + 1);
    if (isEncodedCommandParameter(name)) {
      const encoded = operandWithPostfix(argumentNodes, index + 1, scope).value;
      const text = encoded.kind === 'text' ? encodedCommandText(encoded.text, run.work) : undefined;
      return text === undefined
        ? undefined
        : nestedScript({ kind: 'text', text }, nesting, run, nested);
    }
    valueNext = takesNext ?? hostParameterKind(name) !== 'switch';
  }
  return undefined;
}

/**
 * `powershell --% -File %ProgramFiles%\…\Start-EKSBootstrap.ps1`: PowerShell expands the
 * folder in the unquoted path it passes on, and the host's command line splits it at the
 * folder's space (as unrunnableScriptPath, `split-at-space`). A quoted path stays whole.
 */
function cutAfterStopParsing(target: SyntaxNode, run: ScriptRun): boolean {
  const path = target.type === 'word' && target.start === 'text' ? textOf(target) : undefined;
  if (path === undefined) return false;
  run.work.spend(path.length);
  if (!isOneOf(fileName(path), BOOTSTRAP_SCRIPT_FILES, BOOTSTRAP_SCRIPT_FILE_LENGTHS)) return false;
  if (!/[ \t]/.test(withWindowsFoldersExpanded(path, run.work))) return false;
  run.unrunnablePath ??= 'split-at-space';
  return true;
}

/**
 * A host parameter: `-Name`, or `/Name`, which Windows PowerShell takes as well. `valueNext`
 * when its form says whether the next argument is its value (`-Name:` it is, `/Name:value`
 * it is not); otherwise its name tells.
 */
function hostParameterOf(
  node: SyntaxNode,
  scope: Scope,
): { name: string; valueNext?: boolean } | undefined {
  if (node.type === 'parameter') {
    const name = node.name.toLowerCase();
    return node.colon ? { name, valueNext: true } : { name };
  }
  const text = node.type === 'word' && node.start === 'text' ? textOf(node) : undefined;
  if (text === undefined || !/^\/[a-z]/i.test(text)) return undefined;
  scope.work.spend(text.length);
  const colon = text.indexOf(':');
  return colon === -1
    ? { name: text.slice(1).toLowerCase() }
    : { name: text.slice(1, colon).toLowerCase(), valueNext: false };
}

/** A word whose text is known, and no parameter, `--%` or cmd.exe `%NAME%` either. */
function isPlainWord(node: SyntaxNode, scope: Scope): boolean {
  if (node.type !== 'word') return false;
  const value = evaluateOperand(node, scope, 'argument');
  if (value.kind !== 'text' || value.text === '' || value.text.includes(UNKNOWN_TEXT)) return false;
  scope.work.spend(value.text.length);
  return (
    !/^[-/]/.test(value.text) && !holdsCmdVariable(value.text) && !holdsNestedUnknown(value.text)
  );
}

/** The host's switches (no value): a prefix of only these names is a switch. */
const HOST_SWITCHES = [
  'help',
  'interactive',
  'login',
  'mta',
  'noexit',
  'nologo',
  'noninteractive',
  'noprofile',
  'noprofileloadtime',
  'sta',
];
/** The host's parameters with a value, besides -File, -Command and -EncodedCommand. */
const HOST_PARAMETERS_WITH_VALUE = [
  'configurationname',
  'custompipename',
  'encodedarguments',
  'ep',
  'executionpolicy',
  'inputformat',
  'outputformat',
  'psconsolefile',
  'settingsfile',
  'version',
  'wd',
  'windowstyle',
  'workingdirectory',
];

/**
 * A host parameter by a prefix of its name, as the hosts take them: a switch, one that takes
 * the next argument as its value, or unknown (ambiguous, or no such name), which may.
 */
function hostParameterKind(name: string): 'switch' | 'value' | 'unknown' {
  const switches = HOST_SWITCHES.some((full) => full.startsWith(name));
  const values = HOST_PARAMETERS_WITH_VALUE.some((full) => full.startsWith(name));
  return switches === values ? 'unknown' : switches ? 'switch' : 'value';
}

/**
 * A host's arguments from `at` on, joined with spaces as it joins those after -Command: each
 * as the host receives it (quotes gone; `passed`), an unknown one as unknown text. A
 * redirection is the caller's, not an argument.
 */
function joinedArguments(
  nodes: SyntaxNode[],
  at: number,
  scope: Scope,
  passed: (text: string) => string,
): string {
  const texts: string[] = [];
  for (let index = at; index < nodes.length; index++) {
    const node = nodes[index] as SyntaxNode;
    scope.work.spend(1);
    if (node.type === 'redirection') {
      if (node.toFile) index++;
      continue;
    }
    if (node.type === 'parameter') {
      texts.push(`-${node.name}${node.colon ? ':' : ''}`);
    } else if (node.type === 'operator' && (node.operator === '&' || node.operator === ',')) {
      texts.push(node.operator);
    } else {
      const value = node.type === 'word' ? evaluateOperand(node, scope, 'argument') : undefined;
      texts.push(value?.kind === 'text' ? passed(value.text) : UNKNOWN_TEXT);
    }
  }
  return texts.join(' ');
}

/**
 * powershell.exe's -EncodedCommand, as it takes it: `-e` and `-ec` too, and any prefix from
 * `-en` (`-ex` is -ExecutionPolicy).
 */
function isEncodedCommandParameter(name: string): boolean {
  return (
    name === 'e' || name === 'ec' || (name.startsWith('en') && 'encodedcommand'.startsWith(name))
  );
}

/** The script text of an -EncodedCommand value: base64 of UTF-16LE; undefined if it is not. */
function encodedCommandText(value: string, work: WorkBudget): string | undefined {
  let bytes: Buffer;
  try {
    bytes = decodeBase64Strictly(value, work, 'an -EncodedCommand');
  } catch (error) {
    // Not base64: no script PowerShell would run. The work budget's own error goes on.
    if (error instanceof UserDataDecodeError) return undefined;
    throw error;
  }
  return bytes.length % 2 === 0 ? bytes.toString('utf16le') : undefined;
}

/**
 * What stands for an unknown part of a nested script's text. A noncharacter the tokenizer
 * keeps as it is (it takes UNKNOWN_TEXT, U+FFFF, for its own marker); in user data it could
 * only come from text decoded wrongly, which is no value to judge either.
 */
const NESTED_UNKNOWN = '\ufffe';

/**
 * The bootstrap call in a script text. A new process (`powershell -Command`, Start-Process)
 * reads it in a scope of its own, once per text and depth; Invoke-Expression in the caller's
 * `scope`, every time (what it finds depends on the variables then).
 */
function nestedScript(
  value: Value,
  nesting: number,
  run: ScriptRun,
  {
    scope,
    prefix = '',
    reader = run.reader,
  }: { scope?: Scope; prefix?: string; reader?: Reader } = {},
): BootstrapCall | undefined {
  // A text with unknown parts ("& '$script' -EKSClusterName prod", the script's path from
  // $env:ProgramFiles) is read as far as known: each run of unknown parts is one
  // NESTED_UNKNOWN character, which can't open or close a string; a value holding one is
  // unresolved, and one unquoted may stand for any arguments (bindArguments).
  if (value.kind !== 'text' || nesting >= MAX_NESTED_SCRIPTS) return undefined;
  const script = prefix + value.text.replace(UNKNOWN_RUNS, NESTED_UNKNOWN);
  // Reading the text to replace, hash or parse it reads it.
  run.work.spend(script.length);
  // Windows PowerShell refuses a text that chains commands with && or || (Invoke-Expression
  // too: it parses the whole text first): none of it runs.
  if (reader === 'windows-powershell' && run.refusesChained(script)) return undefined;
  if (scope !== undefined) {
    // Searched anew at every Invoke-Expression (the caller's variables decide what it
    // finds), but tokenized once: a text that runs itself re-reads only its statements,
    // charged as what that costs (bench/decode.bench.ts: about 4 steps a character).
    run.work.spend(script.length * (SEARCH_STEPS_PER_CHARACTER - 1));
    let statements = run.nestedStatements.get(script);
    if (statements === undefined) {
      statements = splitStatements(parseSyntaxTree(script, run.work), run.work);
      run.nestedStatements.set(script, statements);
    }
    return searchStatements(statements, scope, nesting + 1, run);
  }
  const key = `${nesting + 1}:${reader}:${script}`;
  if (!run.nestedScripts.has(key)) {
    const outer = run.reader;
    run.reader = reader;
    try {
      run.nestedScripts.set(key, searchScript(script, nesting + 1, run));
    } finally {
      run.reader = outer;
    }
  }
  return run.nestedScripts.get(key);
}

const UNKNOWN_RUNS = new RegExp(`${UNKNOWN_TEXT}+`, 'g');
/** Steps per character of an Invoke-Expression text searched again (its tokens are shared). */
const SEARCH_STEPS_PER_CHARACTER = 4;

/** Whether a text holds an unknown part of a nested script's text. */
function holdsNestedUnknown(text: string): boolean {
  return text.includes(NESTED_UNKNOWN);
}

/**
 * The value of the argument given by one of `names` (or a prefix of it, as PowerShell takes
 * them), else of the positional one at `position`; `a, b, c` is one list. Parameters' own
 * values are not counted as positions.
 */
function argumentOf(
  nodes: SyntaxNode[],
  names: readonly string[],
  position: number,
  scope: Scope,
): Value | undefined {
  let positions = 0;
  for (let index = 0; index < nodes.length; index++) {
    const node = nodes[index] as SyntaxNode;
    if (node.type === 'parameter') {
      const name = node.name.toLowerCase();
      const next = nodes[index + 1];
      if (names.some((full) => full.startsWith(name))) {
        return isOperand(next) ? operandAt(nodes, index + 1, scope).value : undefined;
      }
      // Another parameter's value (-WindowStyle Hidden, -Wait:$true) is no position; a
      // switch (-Wait, -NoNew) has none. A wrong guess only misses a call.
      const isSwitch = SWITCHES.some((full) => full.startsWith(name));
      if (isOperand(next) && (node.colon || !isSwitch))
        index = operandAt(nodes, index + 1, scope).next - 1;
      continue;
    }
    if (!isOperand(node)) continue;
    const { value, next } = operandAt(nodes, index, scope);
    if (positions === position) return value;
    positions++;
    index = next - 1;
  }
  return undefined;
}

/** Start-Process's switches (they take no value). */
const SWITCHES = ['wait', 'nonewwindow', 'passthru', 'usenewenvironment', 'loaduserprofile'];

/**
 * `Start-Process powershell.exe -ArgumentList '-File "…\Start-EKSBootstrap.ps1" -EKSClusterName
 * prod' -Wait`: the host's command line, read as the host's arguments. An -ArgumentList of
 * several strings is joined with spaces, as Start-Process joins it.
 */
function startedProcessCall(
  argumentNodes: SyntaxNode[],
  scope: Scope,
  nesting: number,
  run: ScriptRun,
): BootstrapCall | undefined {
  const file = argumentOf(argumentNodes, ['filepath'], 0, scope);
  if (file?.kind !== 'text' || !isPowerShellHost(fileName(file.text))) {
    return undefined;
  }
  const commandLine = argumentOf(argumentNodes, ['argumentlist', 'args'], 1, scope);
  const text =
    commandLine?.kind === 'list'
      ? commandLine.items.map((item) => (item.kind === 'text' ? item.text : UNKNOWN_TEXT)).join(' ')
      : commandLine?.kind === 'text'
        ? commandLine.text
        : undefined;
  if (text === undefined) return undefined;
  // Windows PowerShell refuses a -Command text that chains commands: nothing of it runs.
  const host = fileName(file.text);
  if (isWindowsPowerShell(host) && run.refusesChained(text)) {
    return undefined;
  }
  // No shell reads the command line: its words reach the host as they are written.
  const words = commandLineAsPowerShell(text, run.work);
  return nestedScript({ kind: 'text', text: words }, nesting, run, {
    prefix: `${host} `,
    reader: 'command-line',
  });
}

// --- Machine settings made before the call ------------------------------------------------

/** $EKSCluster in any scope: the script reads the cluster from it when it is set. */
const EKS_CLUSTER_VARIABLE = /^(?:global:|script:)?EKSCluster$/i;

function isEksClusterVariable(name: string): boolean {
  // EKSCluster, global:EKSCluster or script:EKSCluster: no other length matches.
  return (name.length === 10 || name.length === 17) && EKS_CLUSTER_VARIABLE.test(name);
}

function isMachineVariable(name: string): name is MachineEnvironmentVariable {
  return (MACHINE_ENVIRONMENT_VARIABLES as readonly string[]).includes(name);
}

/**
 * `[Environment]::SetEnvironmentVariable(name, value, 'Machine')` (the target also as
 * `[EnvironmentVariableTarget]::Machine` or 2) and `setx name value /M`: the two ways a script
 * sets a machine-scoped variable. Other scopes never reach the bootstrap script.
 */
function recordMachineVariable(statement: SyntaxNode[], scope: Scope, run: ScriptRun): void {
  const assignment = setEnvironmentVariableCall(statement, scope) ?? setxCall(statement, scope);
  if (assignment === undefined) return;
  const name = assignment.name.toUpperCase();
  if (!isMachineVariable(name)) return;
  scope.work.spend(1 + (assignment.value.kind === 'text' ? assignment.value.text.length : 0));
  // A variable holds one string, as a [string] parameter such as -ServiceCIDR receives it.
  const value = toBootstrapValue('ServiceCIDR', assignment.value, scope.work);
  run.environment[name] =
    name === 'EXCLUDED_SNAT_CIDRS' && value.kind === 'literal'
      ? {
          kind: 'list',
          values: value.value
            .split(',')
            .map((entry) => entry.trim())
            .filter(Boolean),
        }
      : value;
}

interface VariableAssignment {
  name: string;
  value: Value;
}

function textOf(node: SyntaxNode | undefined): string | undefined {
  if (node?.type !== 'word' || node.parts.length !== 1) return undefined;
  const [part] = node.parts;
  return part?.kind === 'text' ? part.text : undefined;
}

function setEnvironmentVariableCall(
  statement: SyntaxNode[],
  scope: Scope,
): VariableAssignment | undefined {
  const type = statement[0];
  const method = statement[1];
  const group = statement[2];
  if (type?.type !== 'type' || textOf(method)?.toLowerCase() !== '::setenvironmentvariable') {
    return undefined;
  }
  if (group?.type !== 'group' || group.bracket !== '(') return undefined;
  const argumentsOf: SyntaxNode[][] = [[]];
  for (const node of group.children) {
    if (node.type === 'operator' && node.operator === ',') argumentsOf.push([]);
    else argumentsOf.at(-1)?.push(node);
  }
  const [nameNodes, valueNodes, targetNodes] = argumentsOf;
  if (nameNodes?.length !== 1 || valueNodes?.length !== 1 || !isMachineTarget(targetNodes)) {
    return undefined;
  }
  const name = evaluateOperand(nameNodes[0] as SyntaxNode, scope, 'argument');
  if (name.kind !== 'text' || !isKnown(name)) return undefined;
  return {
    name: name.text,
    value: evaluateOperand(valueNodes[0] as SyntaxNode, scope, 'argument'),
  };
}

function isMachineTarget(nodes: SyntaxNode[] | undefined): boolean {
  if (nodes === undefined) return false;
  const [first, second] = nodes;
  if (nodes.length === 2 && first?.type === 'type') {
    return textOf(second)?.toLowerCase() === '::machine';
  }
  const text = nodes.length === 1 ? textOf(first) : undefined;
  return text?.toLowerCase() === 'machine' || text === '2';
}

const SETX = /^setx(?:\.exe)?$/i;

function setxCall(statement: SyntaxNode[], scope: Scope): VariableAssignment | undefined {
  const command = textOf(statement[0]);
  if (command === undefined || !SETX.test(command)) return undefined;
  // Its words are switches (`/M`, `/S host`'s `/S`) and operands, the name and the value
  // first: one pass, however many words.
  let machine = false;
  let nameNode: SyntaxNode | undefined;
  let valueNode: SyntaxNode | undefined;
  for (let index = 1; index < statement.length; index++) {
    const node = statement[index] as SyntaxNode;
    if (node.type !== 'word') continue;
    const text = textOf(node);
    if (text?.startsWith('/')) machine ||= text.length === 2 && text.toLowerCase() === '/m';
    else if (nameNode === undefined) nameNode = node;
    else valueNode ??= node;
  }
  if (!machine || nameNode === undefined || valueNode === undefined) return undefined;
  const name = evaluateOperand(nameNode, scope, 'argument');
  if (name.kind !== 'text' || !isKnown(name)) return undefined;
  return { name: name.text, value: evaluateOperand(valueNode, scope, 'argument') };
}

// --- Argument binding ------------------------------------------------------------------

interface Binding {
  call: BootstrapCall;
  namesClusterExplicitly: boolean;
}

/** Steps charged for resolving one parameter name (resolveParameter compares ~30 names). */
const NAME_RESOLUTION_STEPS = 32;
/** Steps charged for a parameter name resolved before (a look-up). */
const REMEMBERED_NAME_STEPS = 4;

class ArgumentBinder {
  readonly args: Partial<Record<BootstrapParameter, BootstrapValue>> = {};
  readonly unknownParameters: string[] = [];
  readonly #bound = new Set<ScriptParameter>();
  readonly #repeated: ScriptParameter[] = [];
  readonly #withoutValue: ScriptParameter[] = [];
  readonly #positional: Value[] = [];
  #unresolvedSplat: string | undefined;
  #unknownArguments = false;
  namesClusterExplicitly = false;
  readonly scope: Scope;
  readonly #run: ScriptRun;

  constructor(scope: Scope, run: ScriptRun) {
    this.scope = scope;
    this.#run = run;
  }

  /** A named argument; `value` undefined when the parameter was given no value. */
  named(written: string, value: Value | undefined): void {
    // A name with an unknown part (`-$name` in a nested text) may be any parameter.
    if (holdsNestedUnknown(written)) this.unknownArguments();
    else this.#bind(written, this.#run.resolveParameter(written), value, { onCommandLine: true });
  }

  /**
   * `onCommandLine`: the name was written among the call's words, where another command's flag
   * lands after a stray line continuation (a hashtable's keys are no such accident); a value
   * bound there through an abbreviation is marked (BootstrapValue's `abbreviated`).
   */
  #bind(
    written: string,
    parameter: ResolvedParameter,
    value: Value | undefined,
    { onCommandLine = false } = {},
  ): void {
    if (parameter.kind === 'unknown') {
      if (this.unknownParameters.length < MAX_UNKNOWN_PARAMETERS) {
        if (!this.unknownParameters.includes(written)) this.unknownParameters.push(written);
        this.scope.work.spend(this.unknownParameters.length);
      }
      return;
    }
    if (parameter.kind === 'ignored') {
      if (parameter.name !== 'Endpoint') return;
      if (value === undefined) this.#noteWithoutValue('Endpoint');
      this.#bindOnce('Endpoint');
      return;
    }
    if (parameter.name === 'EKSClusterName' && parameter.exact) this.namesClusterExplicitly = true;
    // Noted even when repeated: each is a reason of its own for PowerShell to refuse the call.
    if (value === undefined) this.#noteWithoutValue(parameter.name);
    // PowerShell rejects a parameter given twice (repeatedParameters says so); the first one
    // is what the author meant.
    if (!this.#bindOnce(parameter.name)) return;
    const bound = toBootstrapValue(parameter.name, value, this.scope.work);
    this.args[parameter.name] = onCommandLine && !parameter.exact ? abbreviated(bound) : bound;
  }

  /** Marks the parameter bound; false, and noted, when it already was. */
  #bindOnce(name: ScriptParameter): boolean {
    if (!this.#bound.has(name)) {
      this.#bound.add(name);
      return true;
    }
    if (!this.#repeated.includes(name)) this.#repeated.push(name);
    return false;
  }

  #noteWithoutValue(name: ScriptParameter): void {
    if (!this.#withoutValue.includes(name)) this.#withoutValue.push(name);
  }

  positional(value: Value): void {
    this.scope.work.spend(1);
    // After arguments of unknown number, no position is known.
    if (this.#unknownArguments) return;
    this.#positional.push(value);
  }

  /**
   * Arguments of unknown number and names (an unknown part of a nested script's text): any
   * parameter not given by name may be among them, and later positions are unknown.
   */
  unknownArguments(): void {
    this.#unknownArguments = true;
  }

  splat(variable: string): void {
    const value = this.scope.get(variable);
    if (value.kind === 'hashtable') {
      const remembered = this.#run.splattedKeys(value);
      const keys: ResolvedParameter[] = remembered ?? [];
      for (let index = 0; index < value.entries.length; index++) {
        const entry = value.entries[index] as { key: string; value: Value };
        let parameter: ResolvedParameter;
        if (remembered === undefined) {
          parameter = this.#run.resolveParameter(entry.key);
          keys.push(parameter);
        } else {
          this.scope.work.spend(REMEMBERED_NAME_STEPS);
          parameter = remembered[index] as ResolvedParameter;
        }
        this.#bind(entry.key, parameter, entry.value);
      }
      if (remembered === undefined) this.#run.rememberSplattedKeys(value, keys);
    } else if (value.kind === 'list' && isKnown(value)) {
      for (const item of value.items) this.positional(item);
    } else {
      this.#unresolvedSplat ??= variable;
    }
  }

  /** Positional arguments take the script's parameters not bound by name, in order. */
  finish(): BootstrapCall {
    const free = SCRIPT_PARAMETERS.filter((parameter) => !this.#bound.has(parameter));
    const positional = this.#positional.map((value, index): PositionalArgument => {
      const parameter = free[index];
      const bound = keptByPosition(toBootstrapValue(parameter, value, this.scope.work));
      if (parameter === undefined) return { value: bound };
      // -Endpoint is accepted, not analysed: only the positional list keeps it.
      if (parameter === 'Endpoint') return { parameter, value: bound };
      this.args[parameter] = boundByPosition(bound);
      return { parameter, value: bound };
    });
    // A splatted variable we can't read may pass any parameter not given otherwise.
    if (this.#unresolvedSplat !== undefined) {
      for (const parameter of BOOTSTRAP_PARAMETERS) {
        this.args[parameter] ??= { kind: 'unresolved', variable: this.#unresolvedSplat };
      }
    }
    if (this.#unknownArguments) {
      for (const parameter of BOOTSTRAP_PARAMETERS) this.args[parameter] ??= { kind: 'unresolved' };
    }
    return {
      args: this.args,
      unknownParameters: this.unknownParameters,
      ...(this.#repeated.length > 0 ? { repeatedParameters: this.#repeated } : {}),
      ...(this.#withoutValue.length > 0 ? { parametersWithoutValue: this.#withoutValue } : {}),
      ...(positional.length > 0 ? { positional } : {}),
    };
  }
}

function isOperand(node: SyntaxNode | undefined): boolean {
  return node?.type === 'word' || node?.type === 'group';
}

function bindArguments(nodes: SyntaxNode[], start: number, scope: Scope, run: ScriptRun): Binding {
  const binder = new ArgumentBinder(scope, run);
  let index = start;
  while (index < nodes.length) {
    const node = nodes[index] as SyntaxNode;
    if (node.type === 'redirection') {
      index += node.toFile ? 2 : 1;
    } else if (node.type === 'parameter') {
      const parameter = run.resolveParameter(node.name);
      const switchOnly = parameter.kind === 'ignored' && !parameter.takesValue && !node.colon;
      if (!switchOnly && isOperand(nodes[index + 1])) {
        const { value, next } = operandAt(nodes, index + 1, scope);
        binder.named(node.name, value);
        index = next;
      } else if (!switchOnly && mayPassValue(nodes[index + 1], scope)) {
        binder.named(node.name, unknownValue());
        index += 1;
      } else {
        binder.named(node.name, undefined);
        index += 1;
      }
    } else if (node.type === 'splat') {
      binder.splat(node.variable);
      index += 1;
    } else if (isOperand(node)) {
      const { value, next } = operandAt(nodes, index, scope);
      // An unquoted unknown part of a nested text may be any number of arguments.
      if (isUnquotedNestedUnknown(node)) binder.unknownArguments();
      else binder.positional(value);
      index = next;
    } else {
      index += 1;
    }
  }
  return { call: binder.finish(), namesClusterExplicitly: binder.namesClusterExplicitly };
}

/**
 * Whether a splat after a parameter name may give it its value: a splatted array's first item
 * binds to it, and a variable we can't read may be one. A hashtable's entries are all named,
 * so the parameter before it still has none.
 */
function mayPassValue(node: SyntaxNode | undefined, scope: Scope): boolean {
  return node?.type === 'splat' && scope.get(node.variable).kind !== 'hashtable';
}

/** An operand and any `, operand` after it: `-ExcludedSnatCIDRs "a","b"` is one array. */
function operandAt(
  nodes: SyntaxNode[],
  start: number,
  scope: Scope,
): { value: Value; next: number } {
  let operand = operandWithPostfix(nodes, start, scope);
  const values = [operand.value];
  let next = operand.next;
  while (isComma(nodes[next]) && isOperand(nodes[next + 1])) {
    operand = operandWithPostfix(nodes, next + 1, scope);
    values.push(operand.value);
    next = operand.next;
  }
  const value = values.length === 1 ? (values[0] as Value) : listValue(values, scope.work);
  return { value, next };
}

/**
 * One operand, with the element and member accesses PowerShell applies to a parenthesised one
 * (`("a","b")[0]`, `("ab").Substring(1)`): what they give is unknown, and their words are no
 * arguments of their own (postfixEnd).
 */
function operandWithPostfix(
  nodes: SyntaxNode[],
  at: number,
  scope: Scope,
): { value: Value; next: number } {
  const next = postfixEnd(nodes, at + 1, scope);
  return {
    value:
      next === at + 1
        ? evaluateOperand(nodes[at] as SyntaxNode, scope, 'argument')
        : unknownValue(),
    next,
  };
}

/**
 * Where the element and member accesses after a parenthesised node (`nodes[after - 1]`)
 * end; `after` when none follows it. The tokens keep no spacing, so an unquoted word after a
 * group that starts with `[` or `.` is read as one, with a method's arguments after it.
 */
function postfixEnd(nodes: SyntaxNode[], after: number, scope: Scope): number {
  if (nodes[after - 1]?.type !== 'group') return after;
  let next = after;
  for (;;) {
    const follower = nodes[next];
    const text =
      follower?.type === 'word' && follower.start === 'text' ? textOf(follower) : undefined;
    if (text === undefined || !(text.startsWith('[') || text.startsWith('.'))) break;
    next += 1;
    const call = nodes[next];
    if (text.startsWith('.') && call?.type === 'group' && call.bracket === '(') next += 1;
  }
  scope.work.spend(next - after);
  return next;
}

/** A word outside quotes that holds an unknown part of a nested script's text. */
function isUnquotedNestedUnknown(node: SyntaxNode): boolean {
  return (
    node.type === 'word' &&
    node.start === 'text' &&
    node.parts.some((part) => part.kind === 'text' && holdsNestedUnknown(part.text))
  );
}

function isComma(node: SyntaxNode | undefined): boolean {
  return node?.type === 'operator' && node.operator === ',';
}

function unresolved(unknown: Unknown | undefined, knownParts?: string[]): BootstrapValue {
  return {
    kind: 'unresolved',
    ...(unknown?.variable === undefined ? {} : { variable: unknown.variable }),
    ...(knownParts === undefined ? {} : { knownParts }),
  };
}

/**
 * A value bound through an abbreviated name, which may be another command's flag pulled into
 * the call (see BootstrapValue): an unresolved one keeps none of its text.
 */
function abbreviated(bound: BootstrapValue): BootstrapValue {
  return bound.kind === 'unresolved' ? withoutKnownParts(bound) : { ...bound, abbreviated: true };
}

/** A value bound by position, which may be another command's words: as for `abbreviated`. */
function boundByPosition(bound: BootstrapValue): BootstrapValue {
  return bound.kind === 'unresolved' ? withoutKnownParts(bound) : { ...bound, byPosition: true };
}

/** As the list of positional arguments keeps a value: unmarked, and as for `abbreviated`. */
function keptByPosition(bound: BootstrapValue): BootstrapValue {
  return bound.kind === 'unresolved' ? withoutKnownParts(bound) : bound;
}

function withoutKnownParts(
  bound: BootstrapValue & { kind: 'unresolved' },
): BootstrapValue & { kind: 'unresolved' } {
  const { knownParts: _, ...rest } = bound;
  return rest;
}

/** The text around a string's unknown parts; undefined when none of it is known. */
function knownPartsOf(text: string): string[] | undefined {
  // A nested script's own unknown parts stay unknown here: its value says nothing.
  if (holdsNestedUnknown(text)) return undefined;
  const parts = text.split(UNKNOWN_RUNS);
  return parts.some((part) => part !== '') ? parts : undefined;
}

/**
 * As the script receives it: -ExcludedSnatCIDRs is declared [string[]], so even one value
 * is an array; the other parameters are [string], so an array joins with spaces.
 */
/** `parameter` undefined: past the script's last one, read as text. */
function toBootstrapValue(
  parameter: ScriptParameter | undefined,
  value: Value | undefined,
  work: WorkBudget,
): BootstrapValue {
  // A parameter without a value makes PowerShell refuse the call (parametersWithoutValue
  // says so); its value is unknowable.
  if (value === undefined) return unresolved(undefined);
  const items = value.kind === 'list' ? value.items : [value];
  const texts = items.flatMap((item) => (item.kind === 'text' ? [item.text] : []));
  let length = items.length;
  for (const text of texts) length += text.length;
  // A hashtable where a string belongs arrives as its type name, which says nothing.
  const strings = texts.length === items.length;
  // An array that would join into a string longer than a value may be (MAX_VALUE_LENGTH)
  // is not joined.
  const oneString = strings && parameter !== 'ExcludedSnatCIDRs';
  if (oneString && length > MAX_VALUE_LENGTH + items.length) {
    work.spend(items.length);
    return unresolved(isKnown(value) ? undefined : unknownOf(value));
  }
  // Reading the value (joining, splitting, searching it) reads all of it, every time it is
  // bound: a long value splatted again and again costs each time.
  work.spend(length);
  if (!isKnown(value)) {
    // Its unknown parts are marked in the text (UNKNOWN_TEXT): the text around them is known.
    return unresolved(unknownOf(value), oneString ? knownPartsOf(texts.join(' ')) : undefined);
  }
  if (!strings) return unresolved(undefined);
  // A nested script's text read with unknown parts holds one: that part is unknown.
  if (texts.some(holdsNestedUnknown)) return unresolved(undefined);
  if (parameter === 'ExcludedSnatCIDRs') return { kind: 'list', values: texts };
  return { kind: 'literal', value: texts.join(' ') };
}
