/**
 * `npm run build`: bundles the Lambda handlers (dist/handler.mjs, and the organisation-wide
 * functions' beside it) with the same esbuild options `sam build` uses, read from each
 * function's `Metadata.BuildProperties` in template.yaml, so a local bundle is the bundle
 * that gets deployed.
 *
 * The AWS SDK is bundled (no `External`), as `sam build` does by default: the function then
 * runs the SDK version the tests ran against, not whatever the nodejs24.x runtime ships.
 */
import { readFile, stat } from 'node:fs/promises';
import { join, parse as parsePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build } from 'esbuild';
import { parse, type Tags } from 'yaml';

const root = fileURLToPath(new URL('../', import.meta.url));
export const TEMPLATE_PATH = join(root, 'template.yaml');
const FUNCTION_ID = 'ScannerFunction';

export class BuildConfigurationError extends Error {
  override name = 'BuildConfigurationError';
}

/** CloudFormation's short-form intrinsics, parsed into their long form (`!Ref x` → `{Ref: x}`). */
const INTRINSICS = [
  'Ref',
  'Condition',
  'Base64',
  'Cidr',
  'Equals',
  'FindInMap',
  'GetAtt',
  'GetAZs',
  'If',
  'ImportValue',
  'Join',
  'Length',
  'Not',
  'And',
  'Or',
  'Select',
  'Split',
  'Sub',
  'ToJsonString',
  'Transform',
] as const;

function longForm(name: string): string {
  return name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
}

function cloudFormationTags(): Tags {
  return INTRINSICS.flatMap((name) => {
    const tag = `!${name}`;
    const key = longForm(name);
    return [
      {
        tag,
        resolve: (value: string) =>
          // `!GetAtt Resource.Attribute` is the scalar form of ['Resource', 'Attribute'].
          name === 'GetAtt'
            ? { [key]: [value.slice(0, value.indexOf('.')), value.slice(value.indexOf('.') + 1)] }
            : { [key]: value },
      },
      {
        tag,
        collection: 'seq' as const,
        resolve: (value: { toJSON(): unknown }) => ({ [key]: value.toJSON() }),
      },
      {
        tag,
        collection: 'map' as const,
        resolve: (value: { toJSON(): unknown }) => ({ [key]: value.toJSON() }),
      },
    ];
  });
}

/** A CloudFormation template's YAML as plain data, intrinsics in their long form. */
export function parseCloudFormationYaml(text: string): Record<string, unknown> {
  const template: unknown = parse(text, { customTags: cloudFormationTags() });
  if (typeof template !== 'object' || template === null || Array.isArray(template)) {
    throw new BuildConfigurationError('template.yaml is not a YAML mapping');
  }
  return template as Record<string, unknown>;
}

export async function readTemplate(path = TEMPLATE_PATH): Promise<Record<string, unknown>> {
  return parseCloudFormationYaml(await readFile(path, 'utf8'));
}

/** SAM's esbuild BuildProperties this script reproduces; others are refused, not ignored. */
const SUPPORTED_PROPERTIES = [
  'Format',
  'Minify',
  'Target',
  'Sourcemap',
  'EntryPoints',
  'OutExtension',
  'Banner',
  'External',
];

interface SamBuildProperties {
  Format?: 'esm' | 'cjs';
  Minify?: boolean;
  Target?: string;
  Sourcemap?: boolean;
  EntryPoints?: string[];
  OutExtension?: string[];
  Banner?: string[];
  External?: string[];
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BuildConfigurationError(`template.yaml: ${what} is missing or not a mapping`);
  }
  return value as Record<string, unknown>;
}

/** `['.js=.mjs']` → `{'.js': '.mjs'}`: SAM's list form of esbuild's key=value options. */
function keyValues(entries: string[] | undefined, property: string): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const entry of entries ?? []) {
    const separator = entry.indexOf('=');
    if (separator <= 0) {
      throw new BuildConfigurationError(`BuildProperties.${property}: "${entry}" is not key=value`);
    }
    pairs[entry.slice(0, separator)] = entry.slice(separator + 1);
  }
  return pairs;
}

export function samBuildProperties(
  template: Record<string, unknown>,
  functionId: string = FUNCTION_ID,
): SamBuildProperties {
  const resources = record(template.Resources, 'Resources');
  const fn = record(resources[functionId], `Resources.${functionId}`);
  const metadata = record(fn.Metadata, `${functionId}.Metadata`);
  if (metadata.BuildMethod !== 'esbuild') {
    throw new BuildConfigurationError(`${functionId}.Metadata.BuildMethod must be esbuild`);
  }
  const properties = record(metadata.BuildProperties, `${functionId}.Metadata.BuildProperties`);
  const unsupported = Object.keys(properties).filter((key) => !SUPPORTED_PROPERTIES.includes(key));
  if (unsupported.length > 0) {
    throw new BuildConfigurationError(
      `BuildProperties.${unsupported.join(', ')}: not reproduced by scripts/build.ts; add it there`,
    );
  }
  return properties;
}

/** The logical ids of the template's functions that `sam build` bundles with esbuild. */
export function esbuildFunctionIds(template: Record<string, unknown>): string[] {
  const resources = record(template.Resources, 'Resources');
  return Object.entries(resources)
    .filter(([, resource]) => {
      const { Type, Metadata } = (resource ?? {}) as { Type?: unknown; Metadata?: unknown };
      return (
        Type === 'AWS::Serverless::Function' &&
        (Metadata as { BuildMethod?: unknown } | undefined)?.BuildMethod === 'esbuild'
      );
    })
    .map(([id]) => id);
}

/**
 * The esbuild options `sam build` derives from BuildProperties, writing into `outdir`.
 * Absent properties take SAM's defaults (minified, no source map).
 */
export function esbuildOptions(properties: SamBuildProperties, outdir: string): BuildOptions {
  if (!properties.EntryPoints?.length) {
    throw new BuildConfigurationError('BuildProperties.EntryPoints is empty');
  }
  return {
    absWorkingDir: root,
    entryPoints: properties.EntryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    format: properties.Format ?? 'cjs',
    minify: properties.Minify ?? true,
    sourcemap: properties.Sourcemap ?? false,
    ...(properties.Target ? { target: properties.Target } : {}),
    outExtension: keyValues(properties.OutExtension, 'OutExtension'),
    banner: keyValues(properties.Banner, 'Banner'),
    external: properties.External ?? [],
    logLevel: 'warning',
  };
}

export interface BuiltHandler {
  /** Absolute path of the bundle, e.g. dist/handler.mjs. */
  file: string;
  bytes: number;
}

/** Bundles a function's handler into `outdir` exactly as template.yaml tells `sam build` to. */
export async function buildHandler(
  outdir: string,
  functionId: string = FUNCTION_ID,
): Promise<BuiltHandler> {
  const properties = samBuildProperties(await readTemplate(), functionId);
  const options = esbuildOptions(properties, outdir);
  await build(options);
  const entry = properties.EntryPoints?.[0] ?? '';
  const extension = options.outExtension?.['.js'] ?? '.js';
  const file = join(outdir, `${parsePath(entry).name}${extension}`);
  return { file, bytes: (await stat(file)).size };
}

if (import.meta.main) {
  for (const functionId of esbuildFunctionIds(await readTemplate())) {
    const { file, bytes } = await buildHandler(join(root, 'dist'), functionId);
    console.log(`${file}: ${(bytes / 1024).toFixed(1)} KiB`);
  }
}
