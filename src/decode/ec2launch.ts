/**
 * What EC2Launch (v1 and v2) and EC2Config run from user data: `<powershell>` and `<script>`
 * sections, or, with EC2Launch v2, `executeScript` tasks of a YAML document. Other tags
 * (`<persist>`, `<detach>`, `<runAsLocalSystem>`) only change how a section runs.
 */
import {
  type DocumentOptions,
  Lexer,
  type ParseOptions,
  parseDocument,
  type SchemaOptions,
  visit,
} from 'yaml';
import type { WorkBudget } from './budget.ts';
import { UserDataDecodeError } from './errors.ts';
import { MAX_YAML_ALIASES, MAX_YAML_SCRIPT_LENGTH, MAX_YAML_TOKENS } from './limits.ts';

export interface Ec2LaunchScripts {
  /** PowerShell scripts, in document order. */
  powershell: string[];
  /** Batch (cmd.exe) scripts, in document order. */
  batch: string[];
  /**
   * The `<powershell>` sections as EC2Launch v1 counts them: opened, and closed by
   * `</powershell>` (it runs no other).
   */
  powershellTags: { opened: number; closed: number };
  /** The scripts are the executeScript tasks of EC2Launch v2 YAML, which EC2Launch v1 never reads. */
  yaml: boolean;
}

/**
 * Throws UserDataDecodeError (a fixed reason) when the text looks like EC2Launch v2 YAML but
 * can't be parsed within the decoder's limits.
 */
export function ec2LaunchScripts(text: string, work: WorkBudget): Ec2LaunchScripts {
  // The section searches and the two YAML tests: native passes, one step a character.
  work.spend(text.length);
  const { sections: powershell, closed } = sectionsOf(text, 'powershell');
  const powershellTags = { opened: powershell.length, closed };
  const { sections: batch } = sectionsOf(text, 'script');
  const yaml = powershell.length === 0 && batch.length === 0 && isEc2LaunchV2Yaml(text);
  if (yaml) {
    for (const task of executeScriptTasks(text, work)) {
      if (task.type === 'powershell') powershell.push(task.content);
      if (task.type === 'batch') batch.push(task.content);
    }
  }
  return { powershell, batch, powershellTags, yaml };
}

/**
 * The contents of every `<tag>…</tag>` section, and how many were closed. A section left
 * open runs to the end of the text. Two regular expressions that only ever move forward
 * keep this linear.
 */
function sectionsOf(text: string, tag: string): { sections: string[]; closed: number } {
  const open = new RegExp(`<${tag}>`, 'gi');
  const close = new RegExp(`</${tag}>`, 'gi');
  const sections: string[] = [];
  let closed = 0;
  let position = 0;
  while (position < text.length) {
    open.lastIndex = position;
    const start = open.exec(text);
    if (start === null) break;
    close.lastIndex = start.index + start[0].length;
    const end = close.exec(text);
    sections.push(text.slice(start.index + start[0].length, end?.index ?? text.length));
    if (end === null) break;
    closed += 1;
    position = end.index + end[0].length;
  }
  return { sections, closed };
}

// --- EC2Launch v2 YAML -----------------------------------------------------------------
//
//   version: 1.0
//   tasks:
//   - task: executeScript
//     inputs:
//     - frequency: always
//       type: powershell
//       runAs: localSystem
//       content: |-
//         & 'C:\Program Files\Amazon\EKS\Start-EKSBootstrap.ps1' -EKSClusterName prod
//
// Read with a real YAML parser: people write every form of YAML here (folded scalars, whose
// lines EC2Launch runs joined by spaces; flow style; quoted scalars; anchors, aliases and
// merge keys), and only a parser reads them all as EC2Launch does.

interface ScriptTask {
  type: string;
  content: string;
}

const UNPARSABLE = 'EC2Launch v2 YAML could not be parsed';
const TOO_MANY_TOKENS = `EC2Launch v2 YAML holds more than ${MAX_YAML_TOKENS} tokens`;

/**
 * Steps charged per YAML token: the parser and composer spend one to two microseconds on
 * each, some fifty times a tokenizer step.
 */
const YAML_STEPS_PER_TOKEN = 64;

/**
 * How many tokens the YAML package's lexer reads in the text, counting no further than one
 * past the limit: lexing is cheap and stops there, parsing is what costs.
 */
function yamlTokenCount(text: string): number {
  let tokens = 0;
  for (const _token of new Lexer().lex(text)) {
    tokens += 1;
    if (tokens > MAX_YAML_TOKENS) break;
  }
  return tokens;
}

const PARSE_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  // The YAML 1.2 core schema and no custom tags: a tag never runs anything, and an unknown
  // one (`!!js/function`, `!!binary`) leaves its value a plain string.
  schema: 'core',
  customTags: [],
  resolveKnownTags: false,
  // `<<` merge keys, which common YAML readers honour.
  merge: true,
  // A repeated key is not worth refusing the document: the last one wins.
  uniqueKeys: false,
  // The package's warnings quote the input (user data holds secrets): never emit them.
  logLevel: 'silent',
  prettyErrors: false,
};

/**
 * A cheap test that decides whether to parse the text at all: a `version: 1.x` key and a
 * `tasks` key, each at the start of a line or after `{` or `,` (flow style).
 */
function isEc2LaunchV2Yaml(text: string): boolean {
  return (
    /(?:^|[{,])[ \t]*["']?version["']?[ \t]*:[ \t]*["']?1\.\d/m.test(text) &&
    /(?:^|[{,])[ \t]*["']?tasks["']?[ \t]*:/m.test(text)
  );
}

/**
 * The inputs of the `executeScript` tasks, in document order. Text that looks like
 * EC2Launch v2 YAML but can't be parsed within the limits is unreadable: EC2Launch would not
 * run it as the scanner guesses, so no guess is made. Parser messages quote the input: they
 * never become the reason, nor its cause.
 */
function executeScriptTasks(text: string, work: WorkBudget): ScriptTask[] {
  const tokens = yamlTokenCount(text);
  if (tokens > MAX_YAML_TOKENS) throw new UserDataDecodeError(TOO_MANY_TOKENS);
  // The parser's work: a pass over the text, and microseconds per token.
  work.spend(text.length + YAML_STEPS_PER_TOKEN * tokens);
  let root: unknown;
  try {
    const document = parseDocument(text, PARSE_OPTIONS);
    // Read the first document of a stream, as a reader that expects one document does.
    if (document.errors.some((error) => error.code !== 'MULTIPLE_DOCS')) {
      throw new UserDataDecodeError(UNPARSABLE);
    }
    // Counting alias nodes first keeps resolving them cheap; maxAliasCount then bounds
    // their expansion (a billion-laughs document fails here).
    let aliases = 0;
    visit(document, {
      Alias: () => {
        aliases += 1;
        return aliases > MAX_YAML_ALIASES ? visit.BREAK : undefined;
      },
    });
    if (aliases > MAX_YAML_ALIASES) throw new UserDataDecodeError(UNPARSABLE);
    root = document.toJS({ mapAsMap: true, maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    // Anything else (an unresolved alias, a stack overflow on deep nesting) says the same.
    if (error instanceof UserDataDecodeError) throw error;
    throw new UserDataDecodeError(UNPARSABLE);
  }

  const tasks: ScriptTask[] = [];
  let length = 0;
  for (const task of listAt(root, 'tasks')) {
    if (valueAt(task, 'task') !== 'executeScript') continue;
    for (const input of listAt(task, 'inputs')) {
      const type = valueAt(input, 'type');
      const content = valueAt(input, 'content');
      if (typeof type !== 'string' || typeof content !== 'string') continue;
      const kind = type.toLowerCase();
      if (kind !== 'powershell' && kind !== 'batch') continue;
      // Aliases can repeat one script many times over; the text alone never exceeds this.
      length += content.length + 1;
      if (length > MAX_YAML_SCRIPT_LENGTH) {
        throw new UserDataDecodeError(
          `EC2Launch v2 YAML scripts exceed ${MAX_YAML_SCRIPT_LENGTH / 1024} KiB`,
        );
      }
      tasks.push({ type: kind, content });
    }
  }
  return tasks;
}

/** The value of `key` in a mapping (parsed with mapAsMap, so no key can reach a prototype). */
function valueAt(node: unknown, key: string): unknown {
  return node instanceof Map ? node.get(key) : undefined;
}

function listAt(node: unknown, key: string): unknown[] {
  const value = valueAt(node, key);
  return Array.isArray(value) ? value : [];
}
