/**
 * Generates a JSON Schema (draft 2020-12) for one OCSF event class from a checkout of the
 * ocsf/ocsf-schema repository: the class with its `extends` chain and `$include`s, the
 * dictionary's types and enums, and every object the class reaches (each a `$defs` entry).
 * OCSF publishes JSON Schema only through schema.ocsf.io (its server generates it); this
 * does the same for the tests, offline, from the repository's source files.
 *
 * What it enforces: JSON types (timestamps are integers, arrays where `is_array`), `required`
 * attributes, integer enums (`severity_id`, `status_id`, …), `class_uid`/`category_uid` and
 * `type_uid` (class_uid * 100 + activity_id), `at_least_one`/`just_one` constraints, the
 * dictionary's regexes, `max_len` and ranges, and no attributes outside the schema
 * (`additionalProperties: false`, as the OCSF server's export does). Attributes of a profile
 * are part of the schema only when that profile is named with `--profile`.
 *
 * Usage: node scripts/ocsf-json-schema.ts <ocsf-schema-dir> <class-name> [--profile NAME]...
 *   e.g. git -C ocsf-schema archive 1.3.0 | tar -x -C /tmp/ocsf-1.3.0
 *        node scripts/ocsf-json-schema.ts /tmp/ocsf-1.3.0 detection_finding --profile cloud \
 *          > test/fixtures/schemas/ocsf-1.3.0-detection_finding-cloud.schema.json
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface AttributeSpec {
  type?: string;
  is_array?: boolean;
  requirement?: string;
  enum?: Record<string, unknown>;
  profile?: string | null;
  [key: string]: unknown;
}

interface Definition {
  name: string;
  extends?: string;
  uid?: number;
  category?: string;
  caption?: string;
  description?: string;
  attributes: Record<string, AttributeSpec>;
  constraints?: Record<string, string[]>;
}

const [root, className, ...rest] = process.argv.slice(2);
if (root === undefined || className === undefined) {
  process.stderr.write(
    'usage: node scripts/ocsf-json-schema.ts <ocsf-schema-dir> <class-name> [--profile NAME]...\n',
  );
  process.exit(2);
}
const profiles = new Set<string>();
for (let index = 0; index < rest.length; index += 2) {
  const value = rest[index + 1];
  if (rest[index] !== '--profile' || value === undefined) {
    process.stderr.write(`unexpected argument ${rest[index]}\n`);
    process.exit(2);
  }
  profiles.add(value);
}

function readJson(path: string): JsonObject {
  return JSON.parse(readFileSync(path, 'utf8')) as JsonObject;
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return entry.endsWith('.json') ? [path] : [];
  });
}

const version = String(readJson(join(root, 'version.json')).version);
const dictionary = readJson(join(root, 'dictionary.json')) as {
  attributes: Record<string, AttributeSpec>;
  types: { attributes: Record<string, Record<string, unknown>> };
};
const categories = readJson(join(root, 'categories.json')) as {
  attributes: Record<string, { uid: number; caption: string }>;
};

function byName(dir: string): Map<string, Definition> {
  const definitions = new Map<string, Definition>();
  for (const path of jsonFiles(join(root as string, dir))) {
    const definition = readJson(path) as unknown as Definition;
    definitions.set(definition.name, definition);
  }
  return definitions;
}
const events = byName('events');
const objects = byName('objects');

/** Attributes of a definition with its `$include`s merged in, profile attributes tagged. */
function ownAttributes(definition: { attributes: Record<string, unknown> }) {
  const attributes: Record<string, AttributeSpec> = {};
  const includes = (definition.attributes.$include ?? []) as string[];
  for (const include of includes) {
    const included = readJson(join(root as string, include)) as unknown as Definition & {
      meta?: string;
    };
    const profile = included.meta === 'profile' ? included.name : undefined;
    for (const [name, spec] of Object.entries(ownAttributes(included))) {
      attributes[name] = { ...attributes[name], ...spec, ...(profile ? { profile } : {}) };
    }
  }
  for (const [name, spec] of Object.entries(definition.attributes)) {
    if (name === '$include') continue;
    attributes[name] = mergeSpec(attributes[name], spec as AttributeSpec);
  }
  return attributes;
}

/** A child's attribute over its parent's; enums are unions (the child adds values). */
function mergeSpec(parent: AttributeSpec | undefined, child: AttributeSpec): AttributeSpec {
  const merged = { ...parent, ...child };
  if (parent?.enum || child.enum) merged.enum = { ...parent?.enum, ...child.enum };
  return merged;
}

/** A definition with everything it inherits through `extends`. */
function resolve(
  name: string,
  definitions: Map<string, Definition>,
): Definition & { attributes: Record<string, AttributeSpec> } {
  const definition = definitions.get(name);
  if (definition === undefined) throw new Error(`no definition named ${name}`);
  const own = ownAttributes(definition);
  if (definition.extends === undefined || definition.extends === 'object') {
    return { ...definition, attributes: own };
  }
  const parent = resolve(definition.extends, definitions);
  const attributes = { ...parent.attributes };
  for (const [attribute, spec] of Object.entries(own)) {
    attributes[attribute] = mergeSpec(attributes[attribute], spec);
  }
  return {
    ...parent,
    ...definition,
    attributes,
    constraints: definition.constraints ?? parent.constraints,
  };
}

const defs: Record<string, JsonObject> = {};

function scalarSchema(typeName: string): JsonObject {
  const type = dictionary.types.attributes[typeName];
  if (type === undefined) throw new Error(`unknown type ${typeName}`);
  const base = typeof type.type === 'string' ? scalarSchema(type.type) : primitiveSchema(typeName);
  const schema: JsonObject = { ...base };
  if (typeof type.regex === 'string') schema.pattern = type.regex;
  if (typeof type.max_len === 'number') schema.maxLength = type.max_len;
  if (Array.isArray(type.range)) {
    schema.minimum = type.range[0] as number;
    schema.maximum = type.range[1] as number;
  }
  return schema;
}

function primitiveSchema(typeName: string): JsonObject {
  switch (typeName) {
    case 'string_t':
      return { type: 'string' };
    case 'integer_t':
    case 'long_t':
      return { type: 'integer' };
    case 'float_t':
      return { type: 'number' };
    case 'boolean_t':
      return { type: 'boolean' };
    case 'json_t':
      return {};
    default:
      throw new Error(`no JSON type for ${typeName}`);
  }
}

function attributeSchema(name: string, spec: AttributeSpec): JsonObject {
  const entry = dictionary.attributes[name];
  const type = spec.type ?? entry?.type;
  if (type === undefined) throw new Error(`attribute ${name} has no type`);
  let schema: JsonObject;
  if (type === 'object') schema = { type: 'object' };
  else if (type.endsWith('_t')) schema = scalarSchema(type);
  else schema = { $ref: `#/$defs/${objectDef(type)}` };
  const values = Object.keys(spec.enum ?? {});
  if (values.length > 0 && (schema.type === 'integer' || schema.type === 'string')) {
    schema.enum = values.map((value) => (schema.type === 'integer' ? Number(value) : value));
  }
  const isArray = spec.is_array ?? entry?.is_array ?? false;
  return isArray ? { type: 'array', items: schema } : schema;
}

/** The dictionary's spec under the definition's (caption, type, enum). */
function fullSpec(name: string, spec: AttributeSpec): AttributeSpec {
  const entry = dictionary.attributes[name];
  if (entry === undefined) throw new Error(`attribute ${name} is not in the dictionary`);
  return mergeSpec(entry, spec);
}

function applies(spec: AttributeSpec): boolean {
  return spec.profile === undefined || spec.profile === null || profiles.has(spec.profile);
}

function shape(definition: Definition): JsonObject {
  const properties: JsonObject = {};
  const required: string[] = [];
  for (const [name, own] of Object.entries(definition.attributes).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    if (!applies(own)) continue;
    const spec = fullSpec(name, own);
    properties[name] = attributeSchema(name, spec);
    if (spec.requirement === 'required') required.push(name);
  }
  const schema: JsonObject = {
    type: 'object',
    properties,
    required,
    additionalProperties: false,
  };
  const constraints = definition.constraints ?? {};
  if (constraints.at_least_one) {
    schema.anyOf = constraints.at_least_one.map((name) => ({ required: [name] }));
  }
  if (constraints.just_one) {
    schema.oneOf = constraints.just_one.map((name) => ({ required: [name] }));
  }
  return schema;
}

function objectDef(name: string): string {
  if (defs[name] !== undefined) return name;
  defs[name] = {}; // reserve: objects refer to themselves (process.parent_process)
  const definition = resolve(name, objects);
  defs[name] = { title: definition.caption ?? name, ...shape(definition) };
  return name;
}

const eventClass = resolve(className, events);
const category = eventClass.category ? categories.attributes[eventClass.category] : undefined;
if (category === undefined || eventClass.uid === undefined) {
  throw new Error(`class ${className} has no category or uid`);
}
const classUid = category.uid * 1000 + eventClass.uid;
const schema = shape(eventClass);
const properties = schema.properties as JsonObject;
const activities = Object.keys(eventClass.attributes.activity_id?.enum ?? {}).map(Number);
properties.class_uid = { type: 'integer', const: classUid };
properties.category_uid = { type: 'integer', const: category.uid };
properties.type_uid = {
  type: 'integer',
  enum: activities.map((activity) => classUid * 100 + activity),
};

const output = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: `urn:ocsf:${version}:${className}${[...profiles].map((profile) => `+${profile}`).join('')}`,
  title: `OCSF ${version} ${eventClass.caption ?? className} (class_uid ${classUid})`,
  description:
    `Generated by scripts/ocsf-json-schema.ts from ocsf/ocsf-schema ${version}, ` +
    `class ${className}, profiles: ${[...profiles].join(', ') || 'none'}.`,
  ...schema,
  $defs: Object.fromEntries(Object.entries(defs).sort(([a], [b]) => a.localeCompare(b))),
};
process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
