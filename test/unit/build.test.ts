import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BuildConfigurationError,
  type BuiltCli,
  type BuiltHandler,
  buildCli,
  buildHandler,
  CLI_BUNDLE_PATH,
  CLI_NODE_TARGET,
  CLI_NOTICES_NAME,
  cliEsbuildOptions,
  esbuildFunctionIds,
  esbuildOptions,
  noticesText,
  parseCloudFormationYaml,
  readTemplate,
  samBuildProperties,
} from '../../scripts/build.ts';
import {
  installPolyfills,
  mapGroupBy,
  objectGroupBy,
  promiseWithResolvers,
} from '../../scripts/node20-polyfills.ts';

/** Configuration variables a developer's shell might hold; the import must not see them. */
const CONFIG_VARIABLES = [
  'SCAN_REGIONS',
  'SNS_TOPIC_ARN',
  'SECURITY_HUB_ENABLED',
  'NOTIFY_MINIMUM_SEVERITY',
  'NOTIFY_POLICY',
  'END_OF_SUPPORT_WARNING_DAYS',
  'AMI_EXPIRY_WARNING_DAYS',
  'SUPPRESSIONS',
  'REPORT_BUCKET',
  'SCAN_ACCOUNTS',
  'MEMBER_ROLE_NAME',
  'MEMBER_ROLE_EXTERNAL_ID',
];

function childEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of CONFIG_VARIABLES) delete env[name];
  return { ...env, ...overrides };
}

/** Imports the bundle in a fresh Node.js (the one running these tests: 24) and describes it. */
function importInChild(file: string, env: Record<string, string>) {
  const script = `const m = await import(${JSON.stringify(pathToFileURL(file).href)});
process.stdout.write(JSON.stringify({ handler: typeof m.handler, exports: Object.keys(m) }));`;
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: childEnv(env),
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/** The message a bundle's cold start fails with in a fresh Node.js, or '' when it loads. */
function coldStartError(file: string, env: Record<string, string>): string {
  // Caught and printed alone: Node's own report quotes the minified line, megabytes long.
  const script = `try { await import(${JSON.stringify(pathToFileURL(file).href)}); }
catch (error) { process.stdout.write(error.message); }`;
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: childEnv(env),
    encoding: 'utf8',
    timeout: 60_000,
  }).stdout;
}

function templateWith(buildProperties: string): Record<string, unknown> {
  return parseCloudFormationYaml(`
Resources:
  ScannerFunction:
    Type: AWS::Serverless::Function
    Metadata:
      BuildMethod: esbuild
      BuildProperties:
${buildProperties}
`);
}

describe('Function: esbuildOptions', () => {
  it('turns SAM list options into esbuild key/value options', () => {
    // Prepare
    const properties = samBuildProperties(
      templateWith(`        EntryPoints: [src/handler.ts]
        OutExtension: [.js=.mjs]
        Banner: ["js=const a = 'x=y';"]`),
    );

    // Act
    const options = esbuildOptions(properties, '/out');

    // Assess
    expect(options).toMatchObject({
      entryPoints: ['src/handler.ts'],
      outdir: '/out',
      bundle: true,
      platform: 'node',
      minify: true,
      sourcemap: false,
      outExtension: { '.js': '.mjs' },
      banner: { js: "const a = 'x=y';" },
      external: [],
    });
  });

  it('refuses a build property the script would silently ignore', () => {
    // Prepare
    const template = templateWith(`        EntryPoints: [src/handler.ts]
        MainFields: module,main`);

    // Act
    const act = () => samBuildProperties(template);

    // Assess
    expect(act).toThrow(BuildConfigurationError);
    expect(act).toThrow(/MainFields/);
  });
});

describe('Function: buildHandler', () => {
  let outdir: string;
  let built: BuiltHandler;

  beforeAll(async () => {
    outdir = await mkdtemp(join(tmpdir(), 'eks-windows-scanner-build-'));
    built = await buildHandler(outdir);
  }, 120_000);

  afterAll(async () => {
    await rm(outdir, { recursive: true, force: true });
  });

  it('writes handler.mjs, the file the template names as handler.handler', async () => {
    // Assess
    expect(built.file).toBe(join(outdir, 'handler.mjs'));
    expect(built.bytes).toBe((await readFile(built.file)).length);
    expect(built.bytes).toBeGreaterThan(0);
  });

  it('emits an ES module that starts with the require shim of the template banner', async () => {
    // Act
    const code = await readFile(built.file, 'utf8');

    // Assess
    expect(code.startsWith("import { createRequire } from 'node:module';")).toBe(true);
    expect(code).toMatch(/export\s*\{[^}]*\bhandler\b[^}]*\}/);
    expect(code).not.toMatch(/\bmodule\.exports\s*=/);
  });

  it('imports in a fresh Node.js with only AWS_REGION set and exports the handler function', () => {
    // Act: importing runs the cold start, configuration included.
    const run = importInChild(built.file, { AWS_REGION: 'us-west-2' });

    // Assess
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ handler: 'function', exports: ['handler'] });
  });

  it('fails its cold start on bad configuration, naming the variable', () => {
    // Act: the message alone. Node's own report of the uncaught error quotes the minified
    // line (hundreds of KiB) and, through a pipe, is at times cut short before the message.
    const message = coldStartError(built.file, { AWS_REGION: 'us-west-2', SCAN_REGIONS: 'mars' });

    // Assess
    expect(message).toContain('SCAN_REGIONS');
  });
});

describe.each([
  ['PlannerFunction', 'planner-handler.mjs'],
  ['WorkerFunction', 'worker-handler.mjs'],
  ['AggregatorFunction', 'aggregator-handler.mjs'],
])('Function: buildHandler, organisation-wide %s', (functionId, fileName) => {
  let outdir: string;
  let built: BuiltHandler;

  beforeAll(async () => {
    outdir = await mkdtemp(join(tmpdir(), 'eks-windows-scanner-build-'));
    built = await buildHandler(outdir, functionId);
  }, 120_000);

  afterAll(async () => {
    await rm(outdir, { recursive: true, force: true });
  });

  it('writes the file the template names as its handler', async () => {
    // Prepare
    const template = await readTemplate();
    const handler = (template.Resources as Record<string, { Properties: { Handler: string } }>)[
      functionId
    ]?.Properties.Handler;

    // Assess
    expect(built.file).toBe(join(outdir, fileName));
    expect(`${handler}`).toBe(`${fileName.replace('.mjs', '')}.handler`);
  });

  it('imports with the report bucket set and exports the handler function', () => {
    // Act
    const run = importInChild(built.file, { AWS_REGION: 'us-west-2', REPORT_BUCKET: 'reports' });

    // Assess
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ handler: 'function', exports: ['handler'] });
  });

  it('fails its cold start without the report bucket, naming the variable', () => {
    expect(coldStartError(built.file, { AWS_REGION: 'us-west-2' })).toMatch(
      /^REPORT_BUCKET: not set/,
    );
  });
});

describe('Function: esbuildFunctionIds', () => {
  it('lists every function of the template that sam build bundles', async () => {
    expect(esbuildFunctionIds(await readTemplate())).toEqual([
      'ScannerFunction',
      'PlannerFunction',
      'WorkerFunction',
      'AggregatorFunction',
    ]);
  });
});

describe('Function: cliEsbuildOptions', () => {
  it('bundles src/cli/main.ts into one ES module for the oldest Node.js the package supports', () => {
    // Act
    const options = cliEsbuildOptions('/out/cli.mjs');

    // Assess
    expect(options).toMatchObject({
      entryPoints: ['src/cli/main.ts'],
      inject: ['scripts/node20-polyfills.ts'],
      outfile: '/out/cli.mjs',
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20.12',
    });
    expect(options.external).toBeUndefined();
  });

  it("lowers to the Node.js version package.json's engines promises", async () => {
    // Prepare
    const manifest = JSON.parse(
      await readFile(new URL('../../package.json', import.meta.url), 'utf8'),
    );

    // Assess: `>=20.12.0` and `node20.12` name the same release.
    expect(`node${manifest.engines.node.replace(/^>=/, '').replace(/\.0$/, '')}`).toBe(
      CLI_NODE_TARGET,
    );
  });
});

describe('Package: package.json', () => {
  it('publishes the bin and the bundle the prepack script builds, and no sources', async () => {
    // Prepare
    const manifest = JSON.parse(
      await readFile(new URL('../../package.json', import.meta.url), 'utf8'),
    );

    // Assess
    expect(manifest.bin).toEqual({ 'eks-windows-scanner': 'bin/eks-windows-scanner.js' });
    expect(manifest.files).toEqual([
      'bin/eks-windows-scanner.js',
      'dist/cli/',
      // What --help and the README point an installed user to.
      'deploy/member-role.yaml',
      'docs/configuration.md',
      'examples/.eks-windows-scanner.yaml',
      'schema/eks-windows-scanner-config.schema.json',
    ]);
    // The bundle first, then the packed package.json trimmed of what the bundle replaces
    // (dependencies, scripts), and put back after packing.
    expect(manifest.scripts.prepack).toBe('node scripts/build.ts --cli && clean-package');
    expect(manifest.scripts.postpack).toBe('clean-package restore');
    expect(manifest['clean-package'].remove).toEqual(
      expect.arrayContaining(['dependencies', 'devDependencies']),
    );
    expect(manifest.scripts.prepare).toBe('node scripts/prepare-cli.mjs');
    expect(CLI_BUNDLE_PATH.endsWith(join('dist', 'cli', 'eks-windows-scanner.mjs'))).toBe(true);
    expect(manifest.private).toBeUndefined();
  });
});

describe('Script: scripts/prepare-cli.mjs', () => {
  let copy: string;

  beforeAll(async () => {
    // A copy of the sources without node_modules, as `sam build` installs them (--production).
    copy = await mkdtemp(join(tmpdir(), 'eks-windows-scanner-prepare-'));
    await mkdir(join(copy, 'scripts'));
    await copyFile(
      new URL('../../scripts/prepare-cli.mjs', import.meta.url),
      join(copy, 'scripts', 'prepare-cli.mjs'),
    );
  });

  afterAll(async () => {
    await rm(copy, { recursive: true, force: true });
  });

  it('skips the bundle, without failing the install, where the dev dependencies are missing', () => {
    // Act
    const run = spawnSync(process.execPath, [join(copy, 'scripts', 'prepare-cli.mjs')], {
      env: { ...process.env, npm_command: 'install' },
      encoding: 'utf8',
      timeout: 60_000,
    });

    // Assess
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('dev dependencies not installed');
    expect(existsSync(join(copy, 'dist'))).toBe(false);
  });

  it('leaves npm pack to the prepack script', () => {
    // Act
    const run = spawnSync(process.execPath, [join(copy, 'scripts', 'prepare-cli.mjs')], {
      env: { ...process.env, npm_command: 'pack' },
      encoding: 'utf8',
      timeout: 60_000,
    });

    // Assess
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
  });
});

describe('Function: buildCli', () => {
  let outdir: string;
  let built: BuiltCli;

  beforeAll(async () => {
    outdir = await mkdtemp(join(tmpdir(), 'eks-windows-scanner-build-'));
    built = await buildCli(join(outdir, 'cli', 'eks-windows-scanner.mjs'));
  }, 120_000);

  afterAll(async () => {
    await rm(outdir, { recursive: true, force: true });
  });

  it('writes one self-contained module that prints the version in a fresh Node.js', () => {
    // Act
    const run = spawnSync(process.execPath, [built.file, '--version'], {
      cwd: outdir,
      encoding: 'utf8',
      timeout: 60_000,
    });

    // Assess
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(built.bytes).toBeGreaterThan(0);
  });

  it('lists every bundled npm package with its licence in THIRD-PARTY-LICENSES.txt', async () => {
    // Act
    const notices = await readFile(built.notices, 'utf8');

    // Assess
    expect(built.notices).toBe(join(outdir, 'cli', CLI_NOTICES_NAME));
    expect(built.packages).toEqual(
      expect.arrayContaining([expect.stringMatching(/^@aws-sdk\/client-ec2@/)]),
    );
    for (const pkg of built.packages) expect(notices).toContain(`${pkg} (`);
    expect(notices).toContain('Apache License');
  });
});

describe('Function: noticesText', () => {
  it('writes a licence text shared by several packages once, after all of them', () => {
    // Act
    const text = noticesText([
      { name: 'a', version: '1.0.0', license: 'MIT', text: 'MIT text' },
      { name: 'b', version: '2.0.0', license: 'MIT', text: 'MIT text' },
      { name: 'c', version: '3.0.0', license: 'ISC' },
    ]);

    // Assess
    expect(text.match(/MIT text/g)).toHaveLength(1);
    expect(text).toContain('a@1.0.0 (MIT)\nb@2.0.0 (MIT)\n\nMIT text');
    expect(text).toContain(
      'c@3.0.0 (ISC)\n\n(the package ships no licence file; its licence is ISC)',
    );
  });
});

describe('Module: scripts/node20-polyfills', () => {
  const items = [
    { kind: 'a', n: 1 },
    { kind: 'b', n: 2 },
    { kind: 'a', n: 3 },
  ];

  it('groups like the built-in Object.groupBy and Map.groupBy', () => {
    expect(objectGroupBy(items, (item) => item.kind)).toEqual(
      Object.groupBy(items, (item) => item.kind),
    );
    expect(Object.getPrototypeOf(objectGroupBy(items, (item) => item.kind))).toBeNull();
    expect([...mapGroupBy(items, (item, index) => `${item.kind}${index % 2}`)]).toEqual([
      ...Map.groupBy(items, (item, index) => `${item.kind}${index % 2}`),
    ]);
  });

  it('resolves and rejects like the built-in Promise.withResolvers', async () => {
    const resolved = promiseWithResolvers<number>();
    resolved.resolve(7);
    const rejected = promiseWithResolvers<number>();
    rejected.reject(new Error('no'));

    await expect(resolved.promise).resolves.toBe(7);
    await expect(rejected.promise).rejects.toThrow('no');
  });

  it('installs only what is missing, as non-enumerable properties', () => {
    // Prepare: globals as Node.js 20 has them, and as Node.js 24 has them.
    const node20 = { Object: {}, Map: {}, Promise: {} };
    const node24 = { Object, Map, Promise };

    // Act
    const installed = installPolyfills(node20);

    // Assess
    expect(installed).toEqual(['Object.groupBy', 'Map.groupBy', 'Promise.withResolvers']);
    expect((node20.Map as { groupBy?: unknown }).groupBy).toBe(mapGroupBy);
    expect(Object.keys(node20.Map)).toEqual([]);
    expect(installPolyfills(node24)).toEqual([]);
    expect(Map.groupBy).not.toBe(mapGroupBy);
  });
});
