import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BuildConfigurationError,
  type BuiltHandler,
  buildHandler,
  esbuildFunctionIds,
  esbuildOptions,
  parseCloudFormationYaml,
  readTemplate,
  samBuildProperties,
} from '../../scripts/build.ts';

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
    // Act
    const run = importInChild(built.file, { AWS_REGION: 'us-west-2', SCAN_REGIONS: 'mars' });

    // Assess
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('SCAN_REGIONS');
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
