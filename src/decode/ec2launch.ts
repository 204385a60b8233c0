/**
 * What EC2Launch (v1 and v2) and EC2Config run from user data: `<powershell>` and `<script>`
 * sections, or, with EC2Launch v2, `executeScript` tasks of a YAML document. Other tags
 * (`<persist>`, `<detach>`, `<runAsLocalSystem>`) only change how a section runs.
 */

export interface Ec2LaunchScripts {
  /** PowerShell scripts, in document order. */
  powershell: string[];
  /** Batch (cmd.exe) scripts, in document order. */
  batch: string[];
}

export function ec2LaunchScripts(text: string): Ec2LaunchScripts {
  const powershell = sectionsOf(text, 'powershell');
  const batch = sectionsOf(text, 'script');
  if (powershell.length === 0 && batch.length === 0 && isEc2LaunchV2Yaml(text)) {
    for (const task of executeScriptTasks(text)) {
      if (task.type === 'powershell') powershell.push(task.content);
      if (task.type === 'batch') batch.push(task.content);
    }
  }
  return { powershell, batch };
}

/**
 * The contents of every `<tag>…</tag>` section. A section left open runs to the end of the
 * text. Two regular expressions that only ever move forward keep this linear.
 */
function sectionsOf(text: string, tag: string): string[] {
  const open = new RegExp(`<${tag}>`, 'gi');
  const close = new RegExp(`</${tag}>`, 'gi');
  const sections: string[] = [];
  let position = 0;
  while (position < text.length) {
    open.lastIndex = position;
    const start = open.exec(text);
    if (start === null) break;
    close.lastIndex = start.index + start[0].length;
    const end = close.exec(text);
    sections.push(text.slice(start.index + start[0].length, end?.index ?? text.length));
    if (end === null) break;
    position = end.index + end[0].length;
  }
  return sections;
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
// A full YAML parser is not needed for this one shape: find each `content:` key, read its
// value (a block scalar or a single-line scalar), and find `type:` among its sibling keys.

interface ScriptTask {
  type: string;
  content: string;
}

function isEc2LaunchV2Yaml(text: string): boolean {
  return /^version:\s*["']?1\.\d+["']?\s*$/m.test(text) && /^tasks:\s*$/m.test(text);
}

interface YamlLine {
  /** Column of the first character after indentation and any `- ` list markers. */
  keyIndent: number;
  /** Column of the `-` starting a list item on this line, if it starts one. */
  itemIndent: number | undefined;
  rest: string;
  blank: boolean;
  raw: string;
}

function yamlLine(raw: string): YamlLine {
  const match = /^(\s*)((?:-\s+)*)(.*)$/.exec(raw) ?? [raw, '', '', raw];
  const indent = match[1]?.length ?? 0;
  const marker = match[2] ?? '';
  const rest = match[3] ?? '';
  return {
    keyIndent: indent + marker.length,
    itemIndent: marker === '' ? undefined : indent,
    rest,
    blank: rest.trim() === '' || rest.trimStart().startsWith('#'),
    raw,
  };
}

function executeScriptTasks(text: string): ScriptTask[] {
  const lines = text.split(/\r?\n/).map(yamlLine);
  const tasks: ScriptTask[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as YamlLine;
    const content = /^content:\s*(.*)$/.exec(line.rest);
    if (content === null) continue;
    const { value, nextIndex } = scalarValue(lines, index, (content[1] ?? '').trim());
    const type = siblingValue(lines, index, 'type');
    if (type !== undefined) tasks.push({ type: type.toLowerCase(), content: value });
    index = nextIndex - 1;
  }
  return tasks;
}

/** The value of the key on `lines[index]`, and the index of the first line after it. */
function scalarValue(
  lines: YamlLine[],
  index: number,
  inline: string,
): { value: string; nextIndex: number } {
  if (!/^[|>]/.test(inline)) return { value: unquote(inline), nextIndex: index + 1 };
  const keyIndent = (lines[index] as YamlLine).keyIndent;
  const body: string[] = [];
  let next = index + 1;
  let blockIndent: number | undefined;
  for (; next < lines.length; next++) {
    const raw = (lines[next] as YamlLine).raw;
    const indent = raw.length - raw.trimStart().length;
    if (raw.trim() === '') {
      body.push('');
      continue;
    }
    if (indent <= keyIndent) break;
    blockIndent ??= indent;
    body.push(raw.slice(Math.min(indent, blockIndent)));
  }
  return { value: body.join('\n'), nextIndex: next };
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) {
    return value.slice(1, -1).replaceAll("''", "'");
  }
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replaceAll('\\"', '"').replaceAll('\\\\', '\\');
  }
  return value;
}

/** How far to look for a sibling key; real task items are a handful of lines. */
const SIBLING_SEARCH_LINES = 200;

/**
 * The value of `key` in the same mapping as the key on `lines[index]`: keys at the same
 * indentation, between the start of the list item holding it and the next item.
 */
function siblingValue(lines: YamlLine[], index: number, key: string): string | undefined {
  const keyIndent = (lines[index] as YamlLine).keyIndent;
  const pattern = new RegExp(`^${key}:\\s*(.*)$`);
  const valueAt = (line: YamlLine): string | undefined => {
    if (line.keyIndent !== keyIndent) return undefined;
    const match = pattern.exec(line.rest);
    return match === null ? undefined : unquote((match[1] ?? '').trim());
  };
  for (let up = index; up >= Math.max(0, index - SIBLING_SEARCH_LINES); up--) {
    const line = lines[up] as YamlLine;
    if (line.blank) continue;
    if (line.keyIndent < keyIndent) break;
    const value = valueAt(line);
    if (value !== undefined) return value;
    if (line.keyIndent === keyIndent && line.itemIndent !== undefined) break;
  }
  const last = Math.min(lines.length, index + SIBLING_SEARCH_LINES);
  for (let down = index + 1; down < last; down++) {
    const line = lines[down] as YamlLine;
    if (line.blank || line.keyIndent > keyIndent) continue;
    if (line.keyIndent < keyIndent || line.itemIndent !== undefined) break;
    const value = valueAt(line);
    if (value !== undefined) return value;
  }
  return undefined;
}
