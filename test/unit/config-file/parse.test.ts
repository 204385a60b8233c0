import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import schema from '../../../schema/eks-windows-scanner-config.schema.json' with { type: 'json' };
import { ConfigFileError, parseConfigText } from '../../../src/config-file/index.ts';
import { RULES } from '../../../src/evaluate/rules/index.ts';

const FILE = '.eks-windows-scanner.yaml';
const EXAMPLE = new URL('../../../examples/.eks-windows-scanner.yaml', import.meta.url);

/** The ConfigFileError parsing `text` throws. */
function faultOf(text: string): ConfigFileError {
  try {
    parseConfigText(text, FILE);
  } catch (error) {
    if (error instanceof ConfigFileError) return error;
    throw error;
  }
  throw new Error('parsed without a fault');
}

describe('File: schema/eks-windows-scanner-config.schema.json', () => {
  it('is a valid draft 2020-12 schema under strict compilation', () => {
    // Prepare
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
    addFormats.default(ajv);
    ajv.addKeyword({ keyword: 'x-message', schemaType: 'string' });

    // Act & Assess
    expect(() => ajv.compile(schema)).not.toThrow();
  });

  it('accepts the example file of examples/ as editors see it (plain YAML, no scanner code)', () => {
    // Prepare
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
    addFormats.default(ajv);
    ajv.addKeyword({ keyword: 'x-message', schemaType: 'string' });
    const validate = ajv.compile(schema);

    // Act
    const valid = validate(parse(readFileSync(EXAMPLE, 'utf8')));

    // Assess
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });
});

describe('Function: parseConfigText', () => {
  it('reads the example file of examples/ without a warning', () => {
    // Act
    const { config, warnings } = parseConfigText(readFileSync(EXAMPLE, 'utf8'), 'example.yaml');

    // Assess
    expect(warnings).toEqual([]);
    expect(config).toMatchObject({
      source: 'example.yaml',
      regions: ['us-west-2', 'eu-west-1'],
      clusters: ['prod', 'staging'],
      failOn: 'HIGH',
      formats: ['table'],
      endOfSupportWarningDays: 180,
      amiExpiryWarningDays: 30,
    });
    expect(config.suppressions).toEqual([
      expect.objectContaining({
        rule: 'windows-server-mainstream-ended',
        until: '2027-01-31',
        line: 19,
      }),
      expect.objectContaining({
        rule: 'ami-outdated',
        account: '123456789012',
        region: 'us-west-2',
        cluster: 'prod',
        resource: 'win-batch-*',
        line: 25,
      }),
      expect.objectContaining({ rule: '*', until: '2026-12-31', line: 33 }),
    ]);
  });

  it('reads an empty file as no settings', () => {
    expect(parseConfigText('# nothing yet\n', FILE)).toEqual({
      config: { source: FILE, suppressions: [] },
      warnings: [],
    });
  });

  it('keeps the leading zero of an account id written without quotes', () => {
    // Act
    const { config } = parseConfigText(
      'suppressions:\n  - rule: ami-outdated\n    account: 012345678901\n    reason: shared AMI account\n',
      FILE,
    );

    // Assess
    expect(config.suppressions[0]?.account).toBe('012345678901');
  });

  it('reads all as every rule and fail-on in any case', () => {
    // Act
    const { config } = parseConfigText(
      'failOn: medium\nsuppressions:\n  - rule: all\n    reason: sandbox account\n',
      FILE,
    );

    // Assess
    expect(config.failOn).toBe('MEDIUM');
    expect(config.suppressions[0]?.rule).toBe('*');
  });

  it('warns of an unknown rule id, with the likely one, and keeps the entry', () => {
    // Act
    const { config, warnings } = parseConfigText(
      'suppressions:\n  - rule: ami-outdatd\n    reason: monthly rollout\n',
      FILE,
    );

    // Assess
    expect(warnings).toEqual([
      `${FILE}:2: suppressions[0].rule: "ami-outdatd" has an unknown rule id (did you mean ami-outdated?); the entry suppresses nothing`,
    ]);
    expect(config.suppressions).toHaveLength(1);
  });

  it('knows every rule id of the catalogue', () => {
    // Prepare
    const text = `suppressions:\n${RULES.map((rule) => `  - rule: ${rule.id}\n    reason: r\n`).join('')}`;

    // Act & Assess
    expect(parseConfigText(text, FILE).warnings).toEqual([]);
  });

  it.each([
    [
      'regoins: [us-west-2]\n',
      1,
      'regoins',
      'unknown key (did you mean regions?); the keys are regions, clusters,',
    ],
    ['regions: [us-west-2]\n\nfail-on: HIGH\n', 3, 'fail-on', 'unknown key'],
    [
      'suppressions:\n  - rule: ami-outdated\n    reason: x\n    expires: 2026-01-01\n',
      4,
      'suppressions[0].expires',
      'unknown key; the keys are rule, account, region, cluster, resource, until, reason',
    ],
    ['suppressions:\n  - rule: ami-outdated\n', 2, 'suppressions[0].reason', 'missing (required)'],
    ['suppressions:\n  - reason: because\n', 2, 'suppressions[0].rule', 'missing (required)'],
    // A misspelt required key is named as such, not as the key it left missing.
    [
      'suppressions:\n  - rule: ami-outdated\n    reasn: monthly rollout\n',
      3,
      'suppressions[0].reasn',
      'unknown key (did you mean reason?); the keys are rule, account, region, cluster, resource, until, reason',
    ],
    [
      'suppressions:\n  - rules: ami-outdated\n    reason: monthly rollout\n',
      2,
      'suppressions[0].rules',
      'unknown key (did you mean rule?)',
    ],
    [
      'suppressions:\n  - reason: because\n    cluster: prod\n',
      2,
      'suppressions[0].rule',
      'missing (required)',
    ],
    [
      'suppressions:\n  - rule: ami-outdated\n    reason: "  "\n',
      3,
      'suppressions[0].reason',
      'must say why the findings are accepted',
    ],
    [
      'suppressions:\n  - rule: ami-outdated\n    until: 2026-02-30\n    reason: x\n',
      3,
      'suppressions[0].until',
      'must be a calendar date YYYY-MM-DD',
    ],
    [
      'suppressions:\n  - rule: ami-outdated\n    until: 31.12.2026\n    reason: x\n',
      3,
      'suppressions[0].until',
      'must be a calendar date YYYY-MM-DD',
    ],
    [
      'suppressions:\n  - rule: ami-outdated\n    account: 1234\n    reason: x\n',
      3,
      'suppressions[0].account',
      'must be a 12-digit account id',
    ],
    [
      'suppressions:\n  - rule: Ami Outdated\n    reason: x\n',
      2,
      'suppressions[0].rule',
      'must be a rule id such as ami-outdated',
    ],
    [
      'suppressions:\n  - rule: ami-outdated\n    region: xx-fake-9\n    reason: x\n',
      3,
      'suppressions[0].region',
      '"xx-fake-9" is not an AWS region the SDK knows',
    ],
    [
      'regions:\n  - us-west-2\n  - mars-1\n',
      3,
      'regions[1]',
      '"mars-1" is not an AWS region the SDK knows',
    ],
    [
      'endOfSupportWarningDays: 99999\n',
      1,
      'endOfSupportWarningDays',
      'must be a whole number of days from 0 to 3650',
    ],
    [
      'amiExpiryWarningDays: soon\n',
      1,
      'amiExpiryWarningDays',
      'must be a whole number of days from 0 to 3650',
    ],
    ['failOn: urgent\n', 1, 'failOn', 'must be one of CRITICAL, HIGH'],
    ['formats: [json, pdf]\n', 1, 'formats[1]', 'must be one of table, json'],
    ['clusters: ["prod cluster"]\n', 1, 'clusters[0]', 'must be an EKS cluster name'],
    [
      'suppressions: ami-outdated\n',
      1,
      'suppressions',
      'must be a list: `[a, b]`, or one `- item`',
    ],
    ['regions: us-west-2\n', 1, 'regions', 'must be a list: `[a, b]`'],
    ['regions: []\n', 1, 'regions', 'must list at least 1 entry (or leave the key out)'],
    [
      `clusters: [${Array.from({ length: 1001 }, (_, index) => `c${index}`).join(', ')}]\n`,
      1,
      'clusters',
      'must list at most 1000 entries',
    ],
    [
      'suppressions:\n  - ami-outdated\n',
      2,
      'suppressions[0]',
      'must be a mapping of keys to values (`key: value`, one per line)',
    ],
    ['- us-west-2\n', 1, '(file)', 'must be a mapping of keys'],
  ])('refuses %j naming line %i and field %s', (text, line, field, problem) => {
    // Act
    const fault = faultOf(text);

    // Assess
    expect(fault).toMatchObject({ name: 'ConfigFileError', source: FILE, line, field });
    expect(fault.message).toContain(`${FILE}:${line}: ${field}: ${problem}`);
  });

  it('refuses a syntax error naming its line', () => {
    // Act
    const fault = faultOf('regions: [us-west-2]\nclusters: [prod\nfailOn: HIGH\n');

    // Assess
    expect(fault.line).toBeGreaterThanOrEqual(2);
    expect(fault.message).toMatch(/^\.eks-windows-scanner\.yaml:\d+: /);
  });

  it.each([
    ['a rule * left unquoted', 'suppressions:\n  - rule: *\n    reason: mute it all\n', 2],
    [
      'a resource glob starting with * left unquoted',
      'suppressions:\n  - rule: ami-outdated\n    resource: *-batch\n    reason: batch nodes\n',
      3,
    ],
  ])('refuses %s on its own line, saying to quote it', (_case, text, line) => {
    // Act
    const fault = faultOf(text);

    // Assess: YAML reads *name as an alias; the message says what to write instead
    expect(fault.line).toBe(line);
    expect(fault.message).toMatch(new RegExp(`^\\.eks-windows-scanner\\.yaml:${line}: `));
    expect(fault.message).toContain(
      "a value that starts with * (a rule '*' or a resource glob such as '*-batch') must be quoted",
    );
  });

  it('still reads an alias whose anchor is set before it', () => {
    // Prepare
    const text =
      'suppressions:\n  - rule: ami-outdated\n    reason: &why Monthly rollout\n  - rule: ami-expiring\n    reason: *why\n';

    // Act
    const { config } = parseConfigText(text, FILE);

    // Assess
    expect(config.suppressions.map((entry) => entry.reason)).toEqual([
      'Monthly rollout',
      'Monthly rollout',
    ]);
  });

  it('refuses a key given twice', () => {
    expect(faultOf('failOn: HIGH\nfailOn: LOW\n').message).toBe(
      `${FILE}:2: a key given twice in one mapping: keep one`,
    );
  });

  it("refuses a second YAML document in its own words, not the YAML library's", () => {
    expect(faultOf('failOn: high\n---\nfailOn: low\n').message).toBe(
      `${FILE}:2: a second YAML document starts here (after a \`---\` line): the file is one document; put every key in it`,
    );
  });

  it('names the format listed twice', () => {
    expect(faultOf('formats: [json, sarif, json]\n').message).toBe(
      `${FILE}:1: formats: lists json twice: keep one`,
    );
  });

  it('refuses a file larger than 256 KiB', () => {
    expect(faultOf(`# ${'x'.repeat(300 * 1024)}\n`).message).toBe(`${FILE}: larger than 256 KiB`);
  });

  it('refuses an alias bomb', () => {
    // Prepare: each line doubles the previous one's size when expanded.
    const lines = ['a0: &a0 [x, x]'];
    for (let index = 1; index < 30; index += 1) {
      lines.push(`a${index}: &a${index} [*a${index - 1}, *a${index - 1}]`);
    }

    // Act & Assess
    expect(() => parseConfigText(lines.join('\n'), FILE)).toThrow(ConfigFileError);
  });
});
