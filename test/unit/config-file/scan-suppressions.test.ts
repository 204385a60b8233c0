import {
  DescribeClusterCommand,
  ListClustersCommand,
  ListNodegroupsCommand,
} from '@aws-sdk/client-eks';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/config.ts';
import { parseConfigText, scanOptionsOf } from '../../../src/config-file/index.ts';
import { SUPPRESS_TAG } from '../../../src/evaluate/suppressions.ts';
import { mergeReports } from '../../../src/report/merge.ts';
import schema from '../../../src/report/report.schema.json' with { type: 'json' };
import { runScan } from '../../../src/scan.ts';
import {
  clients,
  eksCluster,
  type MockedAws,
  mockAws,
  REGION,
  restoreAws,
} from '../collect/aws-responses.ts';

const NOW = new Date('2026-11-25T12:00:00Z');

function validReport(report: unknown): boolean {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);
  const valid = validate(report);
  expect(validate.errors ?? []).toEqual([]);
  return valid;
}

describe('Function: runScan, suppressions', () => {
  let aws: MockedAws;
  const sts = mockClient(STSClient);

  /** Cluster prod on Kubernetes 1.22 with a Windows node group: eks-version-unsupported fires. */
  function scan(options: Partial<Parameters<typeof runScan>[0]> = {}) {
    return runScan({ regions: [REGION], now: NOW, clientsFor: () => clients(), ...options });
  }

  beforeEach(() => {
    aws = mockAws();
    sts.reset();
    sts.on(GetCallerIdentityCommand).resolves({ Account: '111122223333' });
    aws.eks.on(ListClustersCommand).resolves({ clusters: ['prod'] });
    aws.eks.on(ListNodegroupsCommand).resolves({ nodegroups: ['win'] });
  });

  afterEach(() => {
    restoreAws(aws);
  });

  function withCluster(tags: Record<string, string> = {}) {
    aws.eks
      .on(DescribeClusterCommand)
      .resolves({ cluster: eksCluster('prod', { version: '1.22', tags }) });
  }

  it('applies SUPPRESSIONS of the environment when no suppressions are passed (the command line without --publish)', async () => {
    // Prepare
    withCluster();

    // Act
    const report = await scan({ env: { SUPPRESSIONS: 'eks-version-unsupported' } });

    // Assess
    const finding = report.findings.find((found) => found.ruleId === 'eks-version-unsupported');
    expect(finding).toMatchObject({
      suppressed: true,
      suppression: { source: 'environment', origin: 'configuration' },
    });
  });

  it('refuses an invalid SUPPRESSIONS naming the variable before any AWS call', async () => {
    // Act
    const scanning = scan({ env: { SUPPRESSIONS: 'eks-version-unsuported' } });

    // Assess
    await expect(scanning).rejects.toThrow(ConfigurationError);
    await expect(scanning).rejects.toThrow(/^SUPPRESSIONS: "eks-version-unsuported"/);
    expect(sts).not.toHaveReceivedAnyCommand();
  });

  it("applies a configuration file's suppressions with their reason, and reports its unknown rule ids and a tag's typo as warnings", async () => {
    // Prepare
    withCluster({ [SUPPRESS_TAG]: 'eks-version-unsuported' });
    const { config } = parseConfigText(
      [
        'suppressions:',
        '  - rule: eks-version-unsupported',
        '    cluster: prod',
        '    reason: upgrade booked for 2027-01',
        '  - rule: ami-outdatd',
        '    reason: typo',
      ].join('\n'),
      'team.yaml',
    );

    // Act
    const report = await scan({ env: {}, ...scanOptionsOf(config) });

    // Assess
    const finding = report.findings.find((found) => found.ruleId === 'eks-version-unsupported');
    expect(finding).toMatchObject({
      suppressed: true,
      suppression: {
        source: 'file',
        origin: 'team.yaml line 2',
        reason: 'upgrade booked for 2027-01',
      },
    });
    expect(report.warnings).toEqual(
      expect.arrayContaining([
        {
          code: 'suppression-unknown-rule',
          message:
            'team.yaml line 5: rule "ami-outdatd" has an unknown rule id (did you mean ami-outdated?); it suppresses nothing',
        },
        {
          code: 'suppression-tag-unreadable',
          message:
            'tag on cluster prod: "eks-version-unsuported" has an unknown rule id (did you mean eks-version-unsupported?); the entry suppresses nothing',
          accountId: '111122223333',
          region: REGION,
          cluster: 'prod',
        },
      ]),
    );
    expect(validReport(report)).toBe(true);
  });

  it('lists each warning once in a merged report', async () => {
    // Prepare
    withCluster({ [SUPPRESS_TAG]: 'typo' });
    const report = await scan({ env: {} });

    // Act
    const merged = mergeReports([report, report], { scannedAt: NOW });

    // Assess
    expect(merged.warnings).toEqual(report.warnings);
    expect(report.warnings).toHaveLength(1);
  });
});
