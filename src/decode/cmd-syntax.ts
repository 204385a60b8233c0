/**
 * cmd.exe's syntax, as far as finding the bootstrap call needs it. A batch section (EC2Launch's
 * `<script>`, a v2 `batch` task) and a command line after `cmd /c` are cmd.exe's, not
 * PowerShell's: they are turned here into text the PowerShell reader reads as cmd.exe runs it.
 *
 * What cmd.exe does that PowerShell does not (`HELP CMD`, `HELP SET`, `HELP REM`):
 * - `&`, `&&`, `||` and `|` end a command, outside double quotes; `^` escapes one character;
 * - `^` at the end of a line continues it on the next; a line's end closes a double quote;
 * - `REM` and `::` (a label, as any `:name`) make the rest of the line no command;
 * - `@` before a command only keeps it from being echoed; `call` and an `if` condition come
 *   before the command they run;
 * - a script named as the command is opened with its file association (Notepad for a .ps1):
 *   it does not run;
 * - `<`, `>`, `>>` and `2>&1` redirect the command, wherever they are written: they and
 *   the file's name are no arguments;
 * - `'`, a backtick, `#`, `$`, `@`, `;`, `,`, `{`, `}` and typographic quotes are plain
 *   characters, and so are `$` and a backtick inside double quotes: a program gets its
 *   arguments as written. A PowerShell host then reads its -Command text as PowerShell, and
 *   gives a -File script its arguments as they are (about_PowerShell_exe); powershell.exe
 *   splits its command line by the C runtime's rules, where `\"` is a quote;
 * - `%NAME%` (and `!NAME!` after `setlocal EnableDelayedExpansion`) is replaced before the
 *   line is parsed.
 */
import type { WorkBudget } from './budget.ts';
import { WINDOWS_FOLDERS } from './windows-folders.ts';

/** Windows PowerShell 5.1's host; pwsh is PowerShell 7's. */
const WINDOWS_POWERSHELL = new Set(['powershell', 'powershell.exe']);
const POWERSHELL_HOSTS = new Set([...WINDOWS_POWERSHELL, 'pwsh', 'pwsh.exe']);
const HOST_LENGTHS = new Set([...POWERSHELL_HOSTS].map((name) => name.length));

/** What follows the last `\` or `/` (without slicing the path into all of its parts). */
export function fileName(path: string): string {
  const trimmed = path.trim();
  return trimmed.slice(Math.max(trimmed.lastIndexOf('\\'), trimmed.lastIndexOf('/')) + 1);
}

/** Whether a program's file name is a PowerShell host (Windows PowerShell or PowerShell 7). */
export function isPowerShellHost(name: string): boolean {
  // Lower-casing keeps the length of a name that becomes ASCII, so another length is no host.
  return HOST_LENGTHS.has(name.length) && POWERSHELL_HOSTS.has(name.toLowerCase());
}

/** Whether a PowerShell host's file name is Windows PowerShell 5.1's. */
export function isWindowsPowerShell(name: string): boolean {
  return isPowerShellHost(name) && WINDOWS_POWERSHELL.has(name.toLowerCase());
}

/**
 * `\"` at `at` of a command line: a quote to a program that splits its command line by the
 * C runtime's rules, as powershell.exe does (an escaped backslash before it excepted).
 */
function isBackslashQuote(line: string, at: number): boolean {
  return line[at] === '\\' && line[at + 1] === '"' && line[at - 1] !== '\\';
}

/** One command of a cmd.exe line. */
export interface CmdCommand {
  /** The command as the PowerShell reader should read it. */
  text: string;
  /** Its program (the first word, quotes and carets removed), or '' when it has none. */
  program: string;
  /** The command as cmd.exe runs it: carets consumed, quotes kept. */
  raw: string;
}

/**
 * Characters PowerShell reads as syntax and a Windows command line as text: escaped for the
 * reader, so that a program's arguments reach it as written.
 */
const PLAIN_TO_CMD = new Set([
  "'",
  '`',
  '#',
  '$',
  '@',
  ';',
  ',',
  '{',
  '}',
  '\u2018',
  '\u2019',
  '\u201a',
  '\u201b',
  '\u201c',
  '\u201d',
  '\u201e',
]);

/** Inside double quotes, what PowerShell would expand and a Windows command line does not. */
const QUOTED_SYNTAX = new Set(['$', '`', '\u201c', '\u201d', '\u201e']);

/** A file's name after `<`: quoted, or up to a space or the next operator. */
const FILE_NAME_AT = /"[^"]*"?|[^\s&|<>]*/y;

const isBlank = (char: string | undefined) => char === ' ' || char === '\t';

/**
 * The commands of one cmd.exe line (no line breaks in it), in order. A comment or label ends
 * the line. What PowerShell reads as syntax is escaped for PowerShell's reader, so that each
 * word stays the text the program gets; after a PowerShell host, `\"` and `^"` still quote,
 * as the host splits its command line.
 */
export function cmdLineCommands(line: string, work: WorkBudget): CmdCommand[] {
  work.spend(line.length);
  const commands: CmdCommand[] = [];
  let text = '';
  let raw = '';
  let program: string | undefined;
  let word = '';
  let inWord = false;
  let quotedWord = false;
  let powershell = false;
  let inQuote = false;
  let prefix: PrefixState = 'begin';
  const endWord = () => {
    if (!inWord) return;
    inWord = false;
    const finished = word;
    word = '';
    if (program === undefined) {
      prefix = afterPrefixWord(prefix, finished, quotedWord);
      if (prefix !== 'command') {
        // `call`, an `if` condition, `start …` or `for … do`: the command is what follows.
        text = '';
        return;
      }
      program = finished;
      // PowerShell reads a quoted string first as a value, cmd.exe as the program to run.
      if (quotedWord) text = `& ${text}`;
    }
    if (isPowerShellHost(fileName(finished))) powershell = true;
  };
  const endCommand = () => {
    endWord();
    if (inQuote) text += '"';
    inQuote = false;
    if (raw.trim() !== '') commands.push({ text, program: program ?? '', raw });
    text = '';
    raw = '';
    program = undefined;
    powershell = false;
    prefix = 'begin';
  };
  for (let at = 0; at < line.length; ) {
    const char = line[at] as string;
    if (powershell && isBackslashQuote(line, at)) {
      // `\"` in the -Command text: a quote to powershell.exe, which splits its command line
      // by the C runtime's rules; to cmd.exe, a quote that opens or closes.
      text += '`"';
      raw += '\\"';
      inQuote = !inQuote;
      inWord = true;
      at += 2;
      continue;
    }
    if (inQuote) {
      text += QUOTED_SYNTAX.has(char) ? `\`${char}` : char;
      raw += char;
      if (char === '"') inQuote = false;
      else word += char;
      at++;
      continue;
    }
    if (!inWord && program === undefined) {
      // A command's start: `@` hides it from the echo; REM, `::` and labels are no commands.
      if (char === '@' || isBlank(char)) {
        at++;
        continue;
      }
      if (char === ':' || /^rem(?:[\s]|$)/i.test(line.slice(at, at + 4))) break;
    }
    if (char === '&' || char === '|') {
      endCommand();
      at += line[at + 1] === char ? 2 : 1;
      continue;
    }
    if (isBlank(char)) {
      endWord();
      text += char;
      raw += char;
      at++;
      continue;
    }
    if (char === '<' || char === '>') {
      // A redirection, anywhere in the command (`>>log 2>&1 powershell …`): neither it nor
      // its file reaches the program. A digit alone before it is the handle redirected.
      if (inWord && /^[0-9]$/.test(word) && /[0-9]$/.test(raw)) {
        text = text.slice(0, -1);
        raw = raw.slice(0, -1);
        inWord = false;
        word = '';
      }
      endWord();
      at += line[at + 1] === char ? 2 : 1;
      if (char === '>' && line[at] === '&' && /[0-9]/.test(line[at + 1] ?? '')) {
        at += 2;
        continue;
      }
      while (isBlank(line[at])) at++;
      FILE_NAME_AT.lastIndex = at;
      at += FILE_NAME_AT.exec(line)?.[0].length ?? 0;
      continue;
    }
    if (!inWord) quotedWord = char === '"';
    inWord = true;
    if (char === '"') {
      inQuote = true;
      text += char;
      raw += char;
      at++;
      continue;
    }
    let taken = char;
    if (char === '^') {
      // The next character as text (a quote that opens nothing); a caret ending the line is dropped.
      taken = line[at + 1] ?? '';
      at++;
    }
    at++;
    if (taken === '') continue;
    word += taken;
    raw += taken;
    // `^"` is a quote cmd.exe passes on: to a PowerShell host it still quotes (`-Command ^"…^"`).
    const escaped = PLAIN_TO_CMD.has(taken) || (taken === '"' && !powershell);
    text += escaped ? `\`${taken}` : taken;
  }
  endCommand();
  return commands;
}

/**
 * Where a command's start is in the words cmd.exe reads before the program: `call` runs the
 * command after it; `if [/i] [not] exist|defined|errorlevel|cmdextversion X`, `if A==B` and
 * `if A EQU B` (NEQ, LSS, …) run it when the condition holds; `start ["title"] [/switches]`
 * starts it; `for … do` runs it for each item. `command` once the program is reached.
 */
type PrefixState =
  | 'begin'
  | 'if'
  | 'comparison'
  | 'operand'
  | 'start'
  | 'start-switches'
  | 'start-value'
  | 'for'
  | 'command';

const IF_TESTS = new Set(['exist', 'defined', 'errorlevel', 'cmdextversion']);
const COMPARISONS = new Set(['==', 'equ', 'neq', 'lss', 'leq', 'gtr', 'geq']);
/** `start`'s switches that take a value of their own (`/D C:\dir`, `/NODE 1`, `/AFFINITY 3`). */
export const START_SWITCHES_WITH_VALUE = new Set(['/d', '/node', '/affinity']);

function afterPrefixWord(state: PrefixState, word: string, quoted: boolean): PrefixState {
  const lower = word.toLowerCase();
  switch (state) {
    case 'begin':
      if (lower === 'call') return 'begin';
      if (lower === 'if' || lower === 'start' || lower === 'for') return lower;
      return 'command';
    case 'if':
      if (lower === '/i' || lower === 'not') return 'if';
      if (IF_TESTS.has(lower)) return 'operand';
      if (word.includes('==')) return word.endsWith('==') ? 'operand' : 'begin';
      return 'comparison';
    case 'comparison':
      if (COMPARISONS.has(lower)) return 'operand';
      return word.startsWith('==') ? 'begin' : 'command';
    case 'operand':
      return 'begin';
    case 'start':
    case 'start-switches':
      // A quoted first word is the window's title.
      if (state === 'start' && quoted) return 'start-switches';
      if (!lower.startsWith('/')) return 'command';
      return START_SWITCHES_WITH_VALUE.has(lower) ? 'start-value' : 'start-switches';
    case 'start-value':
      return 'start-switches';
    case 'for':
      return lower === 'do' ? 'begin' : 'for';
    default:
      return 'command';
  }
}

/** Also text on a command line that no cmd.exe reads (Start-Process's). */
const COMMAND_LINE_OPERATORS = new Set(['&', '|', '<', '>', '(', ')']);

/**
 * A program's command line as no shell reads it (Start-Process -ArgumentList), as the
 * PowerShell reader should read it: every word as written, double quotes grouping them, and
 * `\"` a quote, as powershell.exe splits its command line by the C runtime's rules.
 */
export function commandLineAsPowerShell(line: string, work: WorkBudget): string {
  work.spend(line.length);
  let text = '';
  let inQuote = false;
  for (let at = 0; at < line.length; at++) {
    const char = line[at] as string;
    if (isBackslashQuote(line, at)) {
      text += '`"';
      at++;
    } else if (char === '"') {
      inQuote = !inQuote;
      text += char;
    } else {
      const syntax = inQuote
        ? QUOTED_SYNTAX.has(char)
        : PLAIN_TO_CMD.has(char) || COMMAND_LINE_OPERATORS.has(char);
      text += syntax ? `\`${char}` : char;
    }
  }
  return inQuote ? `${text}"` : text;
}

/**
 * What a program Windows PowerShell 5.1 starts gets of one argument that holds double quotes,
 * its words joined with spaces (as powershell.exe joins those after -Command). 5.1 wraps an
 * argument in quotes when it holds a space outside its own quotes, and escapes none inside
 * (PowerShell/PowerShell#1995, mended only in PowerShell 7.3): the program's C runtime then
 * splits it where those quotes say. `& "C:\Program Files\x.ps1" -A b` reaches the host as
 * `"& "C:\Program Files\x.ps1" -A b"`, which it splits into `& C:\Program` and
 * `Files\x.ps1 -A b`.
 */
export function argumentAsWindowsPowerShellPasses(argument: string, work: WorkBudget): string {
  work.spend(argument.length);
  return commandLineWords(needsQuotes(argument) ? `"${argument}"` : argument).join(' ');
}

/** Windows PowerShell 5.1's test: a space outside the argument's own quotes (`\"` is none). */
function needsQuotes(argument: string): boolean {
  let quotes = 0;
  for (let at = 0; at < argument.length; at++) {
    const char = argument[at];
    if (char === '"' && argument[at - 1] !== '\\') quotes++;
    else if ((char === ' ' || char === '\t') && quotes % 2 === 0) return true;
  }
  return false;
}

/**
 * A command line split into the words a program's C runtime gives it: blanks separate words
 * outside quotes; a quote opens or closes (`""` inside quotes is one); backslashes are text
 * unless a quote follows, when each pair is one backslash and an odd one makes the quote text.
 */
export function commandLineWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let inQuote = false;
  for (let at = 0; at < line.length; at++) {
    const char = line[at] as string;
    if (char === '\\') {
      let end = at;
      while (line[end] === '\\') end++;
      const slashes = end - at;
      if (line[end] === '"') {
        word += '\\'.repeat(Math.floor(slashes / 2));
        if (slashes % 2 === 1) word += '"';
        else inQuote = !inQuote;
        at = end;
      } else {
        word += '\\'.repeat(slashes);
        at = end - 1;
      }
      inWord = true;
    } else if (char === '"') {
      if (inQuote && line[at + 1] === '"') {
        word += '"';
        at++;
      } else {
        inQuote = !inQuote;
      }
      inWord = true;
    } else if (isBlank(char) && !inQuote) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** A command of a batch section that sets a variable as plainly as `set NAME=value`. */
function plainSet(raw: string): { name: string; value: string } | undefined {
  const match = /^set[ \t]+(.*)$/is.exec(raw.trimStart());
  if (match === undefined || match === null) return undefined;
  let assignment = match[1] as string;
  if (assignment.startsWith('/')) return undefined;
  if (assignment.startsWith('"')) {
    // `set "NAME=value"`: the value ends at the last quote; what follows it is dropped.
    const last = assignment.lastIndexOf('"');
    assignment = assignment.slice(1, last > 0 ? last : undefined);
  }
  const equals = assignment.indexOf('=');
  if (equals <= 0) return undefined;
  return { name: assignment.slice(0, equals).toLowerCase(), value: assignment.slice(equals + 1) };
}

/** Every variable a command may set, however it does it (`if …`, `for … do set`, `set /a`). */
const ANY_SET = /\bset(?:[ \t]*\/[a-z])?[ \t]+"?[ \t]*([^=\s"]+)[ \t]*=/gi;

/**
 * cmd.exe's `%NAME%`, an environment variable it expands (a batch file drops one it lacks),
 * and `%%`, a batch file's escaped percent sign.
 */
export const CMD_EXPANSIONS = /%%|%([^%\s"]+)%/g;

/**
 * A command line with the `%NAME%` of Windows' folders (`%ProgramFiles%`) replaced by their
 * values, as the cmd.exe that runs it expands them before it splits it; other variables stay.
 */
export function withWindowsFoldersExpanded(line: string, work: WorkBudget): string {
  work.spend(line.length);
  return line.replace(CMD_EXPANSIONS, (match, name?: string) =>
    name === undefined ? match : (WINDOWS_FOLDERS.get(name.toLowerCase()) ?? match),
  );
}

/** Whether a text holds a cmd.exe `%NAME%` (not `%%`). */
export function holdsCmdVariable(text: string): boolean {
  for (const match of text.matchAll(CMD_EXPANSIONS)) if (match[1] !== undefined) return true;
  return false;
}
const DELAYED_EXPANSIONS = /!([^!\s"]+)!/g;
const FOR_VARIABLES = /%%([A-Za-z])/g;

/**
 * A batch section as the PowerShell reader should read it: each command on a line of its
 * own, in cmd.exe's terms (see above).
 *
 * Variables a plain `set` gives earlier in the section replace their `%NAME%`, as cmd.exe
 * expands a line before it runs it, and so do Windows' folders that it never sets
 * (`%ProgramFiles%`); the others stay `%NAME%`, read as unknown. A section that
 * jumps (`goto`, `call :label`) is not read top to bottom, so none is replaced there; a variable set
 * in a block, after `if` or `for`, with `/a` or `/p`, or before an `endlocal` or a `call` of
 * another batch file, is unknown after.
 */
export function batchAsPowerShell(section: string, work: WorkBudget): string {
  work.spend(section.length);
  const follows = !/(?:^|[\s&|(@])(?:goto\b|call\s+:)/im.test(section);
  const delayed = /enabledelayedexpansion/i.test(section);
  const loops = /(?:^|[\s&|(@])for\s/im.test(section);
  // Lower-cased name → its value; undefined once it may have been changed unseen.
  const variables = new Map<string, string | undefined>();
  // Windows' folders (%ProgramFiles%) hold their values, unless the section sets them.
  const setAnywhere = new Set(
    Array.from(section.matchAll(ANY_SET), ([, name]) => (name as string).toLowerCase()),
  );
  // A variable not followed stays `%NAME%`, which the reading of the call takes as unknown.
  // What is put in is charged: a long value named many times must not grow without bound.
  const expand = (name: string) => {
    const key = name.toLowerCase();
    const folder = setAnywhere.has(key) ? undefined : WINDOWS_FOLDERS.get(key);
    const value = folder ?? (follows ? variables.get(key) : undefined) ?? `%${name}%`;
    work.spend(value.length);
    return value;
  };
  let depth = 0;
  const out: string[] = [];
  for (const physical of logicalLines(section)) {
    let line = physical.replace(CMD_EXPANSIONS, (match, name?: string) =>
      name === undefined ? match : expand(name),
    );
    if (delayed) line = line.replace(DELAYED_EXPANSIONS, (_match, name: string) => expand(name));
    // `%%a`, a `for` loop's variable: a value of each pass, unknown here.
    if (loops) line = line.replace(FOR_VARIABLES, '%$1%');
    for (const command of cmdLineCommands(line, work)) {
      const quoted = quotedShellLine(command);
      const runs = quoted === undefined ? [command] : cmdLineCommands(quoted, work);
      // cmd.exe opens a script it is given to run with its file association: nothing runs.
      for (const { program, text } of runs) if (!namesBootstrapScript(program)) out.push(text);
      const set = depth === 0 ? plainSet(command.raw) : undefined;
      for (const [, name] of command.raw.matchAll(ANY_SET)) {
        variables.set((name as string).toLowerCase(), undefined);
      }
      if (set !== undefined) variables.set(set.name, set.value);
      // endlocal restores the variables; a batch file called runs in this cmd.exe and may set any.
      const callsBatch =
        /^call\s/i.test(command.raw) && !isPowerShellHost(fileName(command.program));
      if (callsBatch || /^endlocal\b/i.test(command.program)) variables.clear();
      depth = Math.max(0, depth + parenthesesBalance(command.raw));
    }
    out.push('');
  }
  return out.join('\n');
}

/**
 * The command line a batch command `cmd /c "…"` (or `/k`) runs, as cmd.exe takes it: when the
 * line after the switch starts with a quote, it drops that quote and the last one on the line
 * (`cmd /?`), so `cmd /c "powershell -File "C:\Program Files\x.ps1" -A b"` runs
 * `powershell -File "C:\Program Files\x.ps1" -A b`. Undefined for any other command.
 */
function quotedShellLine(command: CmdCommand): string | undefined {
  if (!/^cmd(?:\.exe)?$/i.test(fileName(command.program))) return undefined;
  const shellSwitch = /\s\/[ck]\s*"/i.exec(command.raw);
  if (shellSwitch === null) return undefined;
  const rest = command.raw.slice(shellSwitch.index + shellSwitch[0].length - 1);
  const last = rest.lastIndexOf('"');
  return last > 0 ? rest.slice(1, last) + rest.slice(last + 1) : undefined;
}

function namesBootstrapScript(program: string): boolean {
  return /^start-eksbootstrap(?:\.ps1)?$/i.test(fileName(program));
}

/** Opened less closed parentheses outside quotes: a block the next lines run in, or may. */
function parenthesesBalance(raw: string): number {
  let balance = 0;
  let inQuote = false;
  for (const char of raw) {
    if (char === '"') inQuote = !inQuote;
    else if (!inQuote && char === '(') balance++;
    else if (!inQuote && char === ')') balance--;
  }
  return balance;
}

/** The lines of a section, a line that ends in a caret (outside quotes) joined to the next. */
function logicalLines(section: string): string[] {
  const lines: string[] = [];
  let pending = '';
  let inQuote = false;
  for (const line of section.split(/\r\n|\n|\r/)) {
    let escaped = false;
    for (const char of line) {
      if (escaped) escaped = false;
      else if (char === '"') inQuote = !inQuote;
      else if (char === '^' && !inQuote) escaped = true;
    }
    if (escaped) {
      pending += line.slice(0, -1);
      continue;
    }
    lines.push(pending + line);
    pending = '';
    inQuote = false;
  }
  if (pending !== '') lines.push(pending);
  return lines;
}
