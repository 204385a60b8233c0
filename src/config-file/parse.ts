/**
 * Reads a configuration file (.eks-windows-scanner.yaml): YAML 1.2, validated against
 * schema/eks-windows-scanner-config.schema.json, then against what the schema cannot say
 * (regions the SDK knows, rule ids of the catalogue). Every fault names the file, the line
 * and the field; an unknown rule id is a warning, since a file may be shared with a newer
 * version of the scanner.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  visit,
  type YAMLError,
  type YAMLMap,
} from 'yaml';
import schema from '../../schema/eks-windows-scanner-config.schema.json' with { type: 'json' };
import { RULES } from '../evaluate/rules/index.ts';
import {
  closestName,
  EVERY_RULE,
  isCalendarDate,
  unknownRuleProblem,
} from '../evaluate/suppressions.ts';
import { SEVERITIES, type Severity } from '../evaluate/types.ts';
import { assertKnownRegion, parseRegionList, RegionListError } from '../regions.ts';
import { ConfigFileError } from './errors.ts';
import type {
  ConfigFile,
  ConfigFileFormat,
  ConfigFileSuppression,
  LoadedConfigFile,
} from './types.ts';

/** Larger than any sensible file, small enough to parse in no time. */
export const MAX_CONFIG_FILE_BYTES = 256 * 1024;

/** The schema's annotation for a readable message of a property's constraints. */
const MESSAGE_KEYWORD = 'x-message';

let validator: ValidateFunction | undefined;

/** Compiled once, on first use. */
function validate(): ValidateFunction {
  if (validator === undefined) {
    const ajv = new Ajv2020({
      allErrors: false,
      strict: true,
      allowUnionTypes: true,
      verbose: true,
    });
    addFormats.default(ajv, ['date']);
    ajv.addKeyword({ keyword: MESSAGE_KEYWORD, schemaType: 'string' });
    validator = ajv.compile(schema);
  }
  return validator;
}

type Path = (string | number)[];

/** `suppressions[2].reason` for ['suppressions', 2, 'reason']. */
function fieldName(path: Path): string {
  return path
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`,
    )
    .join('');
}

/** An ajv instance path as segments: array indices as numbers. */
function pathOf(instancePath: string): Path {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

class Locator {
  readonly #document: Document;
  readonly #lines: LineCounter;

  constructor(document: Document, lines: LineCounter) {
    this.#document = document;
    this.#lines = lines;
  }

  lineAt(offset: number): number {
    return this.#lines.linePos(offset).line;
  }

  /** The node at `path`, or the nearest one above it that exists. */
  node(path: Path): Node | undefined {
    for (let length = path.length; length >= 0; length -= 1) {
      const node =
        length === 0 ? this.#document.contents : this.#document.getIn(path.slice(0, length), true);
      if (node !== undefined && node !== null && typeof node === 'object' && 'range' in node) {
        return node as Node;
      }
    }
    return undefined;
  }

  /** The line of the value at `path` (or of the nearest node above it). */
  line(path: Path): number {
    const range = this.node(path)?.range;
    return range ? this.lineAt(range[0]) : 1;
  }

  /** The line of the key `key` in the mapping at `path`. */
  keyLine(path: Path, key: string): number {
    const map = this.node(path);
    if (isMap(map)) {
      const pair = (map as YAMLMap).items.find(
        (item) => isScalar(item.key) && String(item.key.value) === key,
      );
      const range = isScalar(pair?.key) ? pair.key.range : undefined;
      if (range) return this.lineAt(range[0]);
    }
    return this.line(path);
  }
}

/** The keys an object of the schema allows at `path`. */
function allowedKeys(path: Path): string[] {
  const properties =
    path.length === 0
      ? schema.properties
      : path[0] === 'suppressions'
        ? schema.$defs.suppression.properties
        : {};
  return Object.keys(properties);
}

/** A key the schema does not allow at `path`, with the allowed key it is closest to. */
function unknownKeyFault(
  path: Path,
  key: string,
  locate: Locator,
): { line: number; field: string; problem: string } {
  const allowed = allowedKeys(path);
  const closest = closestName(key, allowed);
  return {
    line: locate.keyLine(path, key),
    field: fieldName([...path, key]),
    problem: `unknown key${closest === undefined ? '' : ` (did you mean ${closest}?)`}; the keys are ${allowed.join(', ')}`,
  };
}

/** A key of `data` that is not allowed and is closest to the missing key `missing`. */
function misspeltKeyFor(
  missing: string,
  data: unknown,
  allowed: readonly string[],
): string | undefined {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  return Object.keys(data).find(
    (key) => !allowed.includes(key) && closestName(key, allowed) === missing,
  );
}

/** A message for one ajv error: the schema's own words where it has them. */
function faultOf(
  error: ErrorObject,
  locate: Locator,
): { line: number; field: string; problem: string } {
  const path = pathOf(error.instancePath);
  if (error.keyword === 'required') {
    const missing = String(error.params.missingProperty);
    // `reasn: …` leaves `reason` missing: the misspelt key is the fault to name, not the
    // absence of the one it was meant to be (ajv checks `required` first).
    const misspelt = misspeltKeyFor(missing, error.data, allowedKeys(path));
    if (misspelt !== undefined) return unknownKeyFault(path, misspelt, locate);
    return {
      line: locate.line(path),
      field: fieldName([...path, missing]),
      problem: 'missing (required)',
    };
  }
  if (error.keyword === 'additionalProperties') {
    return unknownKeyFault(path, String(error.params.additionalProperty), locate);
  }
  const parent = error.parentSchema as Record<string, unknown> | undefined;
  const message = parent?.[MESSAGE_KEYWORD];
  return {
    line: locate.line(path),
    field: path.length === 0 ? '(file)' : fieldName(path),
    problem:
      typeof message === 'string' &&
      !['maxItems', 'minItems', 'uniqueItems'].includes(error.keyword)
        ? message
        : (plainProblem(error) ?? error.message ?? 'is invalid'),
  };
}

/**
 * The validator's words for a list or a mapping ("must be array", "must NOT have fewer than
 * 1 items") in the file's own terms: `regions: us-east-1` is YAML for one string.
 */
function plainProblem(error: ErrorObject): string | undefined {
  const { keyword, params } = error;
  if (keyword === 'type' && params.type === 'array') {
    return 'must be a list: `[a, b]`, or one `- item` per line below the key';
  }
  if (keyword === 'type' && params.type === 'object') {
    return 'must be a mapping of keys to values (`key: value`, one per line)';
  }
  const limit = Number(params.limit);
  const entries = `${limit} ${limit === 1 ? 'entry' : 'entries'}`;
  if (keyword === 'uniqueItems' && Array.isArray(error.data)) {
    return `lists ${String(error.data[Number(params.i)])} twice: keep one`;
  }
  if (keyword === 'minItems') return `must list at least ${entries} (or leave the key out)`;
  if (keyword === 'maxItems') return `must list at most ${entries}`;
  return undefined;
}

/**
 * An account id written without quotes is a YAML integer, which would lose a leading zero:
 * read it as the text it was written as.
 */
function accountsAsWritten(document: Document): void {
  const suppressions = document.get('suppressions', true);
  if (!isSeq(suppressions)) return;
  for (const item of suppressions.items) {
    if (!isMap(item)) continue;
    const account = item.get('account', true);
    if (isScalar(account) && typeof account.value === 'number' && account.source !== undefined) {
      account.value = account.source;
    }
  }
}

/**
 * YAML's errors whose own words address a programmer ("please use YAML.parseAllDocuments()"),
 * in the file's terms.
 */
const SYNTAX_PROBLEMS: Partial<Record<YAMLError['code'], string>> = {
  MULTIPLE_DOCS:
    'a second YAML document starts here (after a `---` line): the file is one document; put every key in it',
  DUPLICATE_KEY: 'a key given twice in one mapping: keep one',
};

/** YAML's complaints about an alias (`*name`), which an unquoted glob such as `*` or `*-batch` is. */
const ALIAS_PROBLEM = /^(Alias cannot be an empty string|Unresolved alias)/;

/** The first line of a YAML error without its own position (the line is said already). */
function yamlProblem(message: string): string {
  const [first = message] = message.split('\n');
  const problem = first.replace(/ at line \d+, column \d+:?$/, '');
  return ALIAS_PROBLEM.test(problem)
    ? `${problem}; a value that starts with * (a rule '*' or a resource glob such as '*-batch') must be quoted: YAML reads *name as an alias`
    : problem;
}

/** The line of the first alias whose anchor is not set before it (toJS names no position). */
function unresolvedAliasLine(document: Document, locate: Locator): number | undefined {
  const anchors = new Set<string>();
  let line: number | undefined;
  visit(document, (_key, node) => {
    if (isAlias(node)) {
      if (anchors.has(node.source)) return undefined;
      if (node.range) line = locate.lineAt(node.range[0]);
      return visit.BREAK;
    }
    const { anchor } = node as { anchor?: unknown };
    if (typeof anchor === 'string') anchors.add(anchor);
    return undefined;
  });
  return line;
}

/** An entry as the schema lets it through: the file's fields, before lines are attached. */
type RawSuppression = Omit<ConfigFileSuppression, 'line'>;

interface RawConfig {
  regions?: string[];
  clusters?: string[];
  failOn?: string;
  formats?: ConfigFileFormat[];
  endOfSupportWarningDays?: number;
  amiExpiryWarningDays?: number;
  suppressions?: RawSuppression[];
}

/**
 * Parses and validates the text of a configuration file. `sourceName` is how messages and
 * reports name it (a path, `ssm:<parameter>`, `s3://bucket/key`). Throws ConfigFileError
 * naming the line and field of the first fault; returns the file and its warnings (rule ids
 * the catalogue does not know: the entry is kept but suppresses nothing).
 */
export function parseConfigText(text: string, sourceName: string): LoadedConfigFile {
  const fail = (
    line: number | undefined,
    field: string | undefined,
    problem: string,
    cause?: unknown,
  ) => new ConfigFileError(sourceName, line, field, problem, cause === undefined ? {} : { cause });
  if (Buffer.byteLength(text, 'utf8') > MAX_CONFIG_FILE_BYTES) {
    throw fail(undefined, undefined, `larger than ${MAX_CONFIG_FILE_BYTES / 1024} KiB`);
  }
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const locate = new Locator(document, lines);
  const [syntax] = document.errors;
  if (syntax !== undefined) {
    const problem = SYNTAX_PROBLEMS[syntax.code] ?? yamlProblem(syntax.message);
    throw fail(locate.lineAt(syntax.pos[0]), undefined, problem, syntax);
  }
  if (document.contents === null)
    return { config: { source: sourceName, suppressions: [] }, warnings: [] };
  if (!isMap(document.contents)) {
    throw fail(
      locate.line([]),
      '(file)',
      `must be a mapping of keys (${allowedKeys([]).join(', ')})`,
    );
  }
  accountsAsWritten(document);
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw fail(
      unresolvedAliasLine(document, locate) ?? 1,
      undefined,
      yamlProblem((error as Error).message),
      error,
    );
  }
  const check = validate();
  if (!check(data)) {
    const [error] = check.errors ?? [];
    if (error === undefined) throw fail(1, undefined, 'does not match the schema');
    const fault = faultOf(error, locate);
    throw fail(fault.line, fault.field, fault.problem);
  }
  const raw = data as RawConfig;
  const warnings: string[] = [];
  const config: ConfigFile = { source: sourceName, suppressions: [] };

  if (raw.regions !== undefined) {
    raw.regions.forEach((region, index) => {
      knownRegion(region, ['regions', index]);
    });
    config.regions = parseRegionList(raw.regions, 'regions');
  }
  if (raw.clusters !== undefined) config.clusters = [...new Set(raw.clusters)];
  if (raw.failOn !== undefined) {
    config.failOn = SEVERITIES.find(
      (severity) => severity === raw.failOn?.toUpperCase(),
    ) as Severity;
  }
  if (raw.formats !== undefined) config.formats = raw.formats;
  if (raw.endOfSupportWarningDays !== undefined) {
    config.endOfSupportWarningDays = raw.endOfSupportWarningDays;
  }
  if (raw.amiExpiryWarningDays !== undefined) {
    config.amiExpiryWarningDays = raw.amiExpiryWarningDays;
  }

  const knownRuleIds = new Set(RULES.map((rule) => rule.id));
  (raw.suppressions ?? []).forEach((entry, index) => {
    const at = (field: string) => ['suppressions', index, field];
    const line = locate.line(['suppressions', index]);
    const rule = entry.rule === 'all' ? EVERY_RULE : entry.rule;
    if (rule !== EVERY_RULE && !knownRuleIds.has(rule)) {
      warnings.push(
        `${sourceName}:${locate.line(at('rule'))}: ${fieldName(at('rule'))}: "${rule}" ${unknownRuleProblem(rule, knownRuleIds)}; the entry suppresses nothing`,
      );
    }
    if (entry.region !== undefined) knownRegion(entry.region, at('region'));
    if (entry.until !== undefined && !isCalendarDate(entry.until)) {
      throw fail(
        locate.line(at('until')),
        fieldName(at('until')),
        'must be a calendar date YYYY-MM-DD',
      );
    }
    config.suppressions.push({
      rule,
      ...(entry.account === undefined ? {} : { account: String(entry.account) }),
      ...(entry.region === undefined ? {} : { region: entry.region }),
      ...(entry.cluster === undefined ? {} : { cluster: entry.cluster }),
      ...(entry.resource === undefined ? {} : { resource: entry.resource }),
      ...(entry.until === undefined ? {} : { until: entry.until }),
      reason: entry.reason.trim(),
      line,
    } satisfies ConfigFileSuppression);
  });
  return { config, warnings };

  function knownRegion(region: string, path: Path): void {
    try {
      assertKnownRegion(region, fieldName(path));
    } catch (error) {
      if (!(error instanceof RegionListError)) throw error;
      const problem = error.message.slice(fieldName(path).length + 2);
      throw fail(locate.line(path), fieldName(path), problem, error);
    }
  }
}
