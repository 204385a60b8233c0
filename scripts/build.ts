/**
 * `npm run build`: bundles the Lambda handlers (dist/handler.mjs, and the organisation-wide
 * functions' beside it) with the same esbuild options `sam build` uses, read from each
 * function's `Metadata.BuildProperties` in template.yaml, so a local bundle is the bundle
 * that gets deployed; and the command line of the published package (dist/cli/).
 *
 * The AWS SDK is bundled (no `External`), as `sam build` does by default: the function then
 * runs the SDK version the tests ran against, not whatever the nodejs24.x runtime ships.
 *
 * `node scripts/build.ts --cli` (the `prepack` script) builds the command line only.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, parse as parsePath, relative, sep } from 'node:path';
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

/** Where the published package's command line lives; `bin/eks-windows-scanner.js` runs it. */
export const CLI_BUNDLE_PATH = join(root, 'dist', 'cli', 'eks-windows-scanner.mjs');
/** The licences of the third-party code inside the bundle, shipped beside it. */
export const CLI_NOTICES_NAME = 'THIRD-PARTY-LICENSES.txt';
/**
 * The oldest Node.js the published command line supports (package.json `engines`): the bundle
 * is lowered to it, and scripts/node20-polyfills.ts adds the ES2024 built-ins it lacks.
 * 20.12 is the first Node.js 20 with `util.styleText` (the coloured table).
 */
export const CLI_NODE_TARGET = 'node20.12';
const CLI_ENTRY_POINT = 'src/cli/main.ts';
const CLI_POLYFILLS = 'scripts/node20-polyfills.ts';

/**
 * The command line as one ES module: everything bundled (the AWS SDK included), so that an
 * installed package runs the code the tests ran, needs no TypeScript support from Node.js
 * (which refuses to strip types under node_modules) and loads no file but itself.
 */
export function cliEsbuildOptions(outfile: string): BuildOptions & { metafile: true } {
  return {
    absWorkingDir: root,
    entryPoints: [CLI_ENTRY_POINT],
    // Evaluated before the entry point: the built-ins Node.js 20 lacks, where they are missing.
    inject: [CLI_POLYFILLS],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: CLI_NODE_TARGET,
    minify: true,
    sourcemap: false,
    // The SDK and others are CommonJS inside: give them `require` for Node.js built-ins.
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    // The licences go into a file of their own (writeNotices), whole, not as scattered comments.
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  };
}

interface BundledPackage {
  name: string;
  version: string;
  license: string;
  /** The package's licence file, when it ships one. */
  text?: string;
}

/** The npm packages (below node_modules) whose files esbuild put into a bundle. */
async function bundledPackages(inputs: readonly string[]): Promise<BundledPackage[]> {
  const roots = new Set<string>();
  for (const input of inputs) {
    const parts = input.split(/[\\/]/);
    const at = parts.lastIndexOf('node_modules');
    if (at < 0) continue;
    const scoped = parts[at + 1]?.startsWith('@') === true;
    roots.add(parts.slice(0, at + (scoped ? 3 : 2)).join(sep));
  }
  const packages: BundledPackage[] = [];
  for (const packageRoot of [...roots].sort()) {
    const manifest = JSON.parse(
      await readFile(join(root, packageRoot, 'package.json'), 'utf8'),
    ) as { name: string; version: string; license?: unknown };
    packages.push({
      name: manifest.name,
      version: manifest.version,
      license: typeof manifest.license === 'string' ? manifest.license : 'see the licence text',
      text: await licenceText(join(root, packageRoot)),
    });
  }
  return packages.sort(
    (a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version),
  );
}

async function licenceText(packageRoot: string): Promise<string | undefined> {
  for (const name of ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'LICENCE', 'license', 'license.md']) {
    try {
      return (await readFile(join(packageRoot, name), 'utf8')).trim();
    } catch {
      // Not under this name.
    }
  }
  return undefined;
}

/**
 * THIRD-PARTY-LICENSES.txt: every bundled package with its version and licence, then each
 * distinct licence text once, after the packages it covers (most share Apache-2.0's).
 */
export function noticesText(packages: readonly BundledPackage[]): string {
  const byText = new Map<string, BundledPackage[]>();
  for (const pkg of packages) {
    const text = pkg.text ?? `(the package ships no licence file; its licence is ${pkg.license})`;
    byText.set(text, [...(byText.get(text) ?? []), pkg]);
  }
  const sections = [...byText].map(([text, covered]) =>
    [...covered.map((pkg) => `${pkg.name}@${pkg.version} (${pkg.license})`), '', text].join('\n'),
  );
  return `The command line of eks-windows-scanner bundles the following packages.\n\n${sections.join(
    `\n\n${'-'.repeat(72)}\n\n`,
  )}\n`;
}

export interface BuiltCli extends BuiltHandler {
  /** The third-party licences beside the bundle. */
  notices: string;
  /** The npm packages inside the bundle, `name@version`. */
  packages: string[];
}

/** Bundles the command line into `outfile`, with its third-party licences beside it. */
export async function buildCli(outfile: string = CLI_BUNDLE_PATH): Promise<BuiltCli> {
  await mkdir(dirname(outfile), { recursive: true });
  const result = await build(cliEsbuildOptions(outfile));
  const output = Object.entries(result.metafile.outputs).find(
    ([path]) => join(root, path) === outfile,
  )?.[1];
  if (!output) throw new BuildConfigurationError(`esbuild did not report ${outfile}`);
  const packages = await bundledPackages(Object.keys(output.inputs));
  const notices = join(dirname(outfile), CLI_NOTICES_NAME);
  await writeFile(notices, noticesText(packages));
  return {
    file: outfile,
    bytes: (await stat(outfile)).size,
    notices,
    packages: packages.map((pkg) => `${pkg.name}@${pkg.version}`),
  };
}

if (import.meta.main) {
  const cliOnly = process.argv.includes('--cli');
  if (!cliOnly) {
    for (const functionId of esbuildFunctionIds(await readTemplate())) {
      const { file, bytes } = await buildHandler(join(root, 'dist'), functionId);
      console.error(`${relative(root, file)}: ${(bytes / 1024).toFixed(1)} KiB`);
    }
  }
  const { file, bytes } = await buildCli();
  // Sizes go to stderr: `npm pack --json` runs this as its prepack script and owns stdout.
  console.error(`${relative(root, file)}: ${(bytes / 1024).toFixed(1)} KiB`);
}
