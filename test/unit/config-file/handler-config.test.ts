import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../support/lambda-context.ts';
import { expectConfigurationRefused } from '../../support/lambda-output.ts';
import { makeReport } from '../report/fixtures.ts';

// The scan itself is tested elsewhere: here, what the handler asks of it.
const { runScan } = vi.hoisted(() => ({ runScan: vi.fn() }));
vi.mock('../../../src/scan.ts', () => ({ runScan }));

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const FILE = [
  'regions: [eu-west-1]',
  'clusters: [prod]',
  'amiExpiryWarningDays: 7',
  'suppressions:',
  '  - rule: ami-outdated',
  '    resource: lt-0*',
  '    reason: monthly rollout',
].join('\n');

describe('Lambda handler, with a configuration file', () => {
  const ssm = mockClient(SSMClient);

  async function loadHandler(env: Record<string, string>): Promise<Handler> {
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    vi.resetModules();
    return ((await import('../../../src/handler.ts')) as { handler: Handler }).handler;
  }

  beforeEach(() => {
    ssm.reset();
    runScan.mockReset();
    runScan.mockResolvedValue(makeReport({ findings: [] }));
    vi.stubEnv('AWS_REGION', 'us-west-2');
    vi.stubEnv('POWERTOOLS_TRACE_ENABLED', 'false');
    vi.stubEnv('POWERTOOLS_DEV', 'false');
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, 'write').mockImplementation(() => true);
    }
  });

  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it("scans with the file's regions, clusters, windows and suppressions", async () => {
    // Prepare
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: FILE } });
    const handler = await loadHandler({
      CONFIG_PARAMETER: '/eks-windows-scanner/config',
      SUPPRESSIONS: 'windows-server-mainstream-ended',
    });

    // Act
    await handler({ action: 'audit', publish: false }, lambdaContext());

    // Assess
    expect(runScan).toHaveBeenCalledWith(
      expect.objectContaining({
        regions: ['eu-west-1'],
        clusters: ['prod'],
        amiExpiryWarningDays: 7,
        suppressions: [{ ruleId: 'windows-server-mainstream-ended' }],
        suppressionRules: [
          {
            ruleId: 'ami-outdated',
            resource: 'lt-0*',
            reason: 'monthly rollout',
            origin: 'ssm:/eks-windows-scanner/config line 5',
          },
        ],
      }),
    );
  });

  it("lets an audit event's regions and clusters win over the file's", async () => {
    // Prepare
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: FILE } });
    const handler = await loadHandler({ CONFIG_PARAMETER: '/eks-windows-scanner/config' });

    // Act
    await handler(
      { action: 'audit', regions: ['us-east-1'], clusters: ['staging'], publish: false },
      lambdaContext(),
    );

    // Assess
    expect(runScan).toHaveBeenCalledWith(
      expect.objectContaining({ regions: ['us-east-1'], clusters: ['staging'] }),
    );
  });

  it("looks for a cluster the file names by ARN in that ARN's region only, and its plain names everywhere", async () => {
    // Prepare
    ssm.on(GetParameterCommand).resolves({
      Parameter: {
        Value: [
          'regions: [us-east-1, us-west-2]',
          'clusters: [edge, "arn:aws:eks:us-west-2:123456789012:cluster/prod"]',
        ].join('\n'),
      },
    });
    const handler = await loadHandler({ CONFIG_PARAMETER: '/eks-windows-scanner/config' });

    // Act
    await handler({ action: 'audit', publish: false }, lambdaContext());

    // Assess
    expect(runScan).toHaveBeenCalledWith(
      expect.objectContaining({
        regions: ['us-east-1', 'us-west-2'],
        clustersByRegion: { 'us-east-1': ['edge'], 'us-west-2': ['edge', 'prod'] },
      }),
    );
  });

  it('fails the cold start on a cluster ARN of a region the function does not scan', async () => {
    // Prepare
    ssm.on(GetParameterCommand).resolves({
      Parameter: {
        Value:
          'regions: [us-east-1]\nclusters: ["arn:aws:eks:eu-west-1:123456789012:cluster/prod"]\n',
      },
    });

    // Act
    const load = loadHandler({ CONFIG_PARAMETER: '/eks-windows-scanner/config' });

    // Assess
    await expect(load).rejects.toThrow(
      /^CONFIG_PARAMETER: ssm:\/eks-windows-scanner\/config: clusters: arn:aws:eks:eu-west-1:123456789012:cluster\/prod is in eu-west-1, which this function does not scan/,
    );
  });

  it("scans nothing when the file names a cluster by an ARN of another account than the function's", async () => {
    // Prepare
    ssm.on(GetParameterCommand).resolves({
      Parameter: {
        Value:
          'regions: [us-west-2]\nclusters: ["arn:aws:eks:us-west-2:210987654321:cluster/prod"]\n',
      },
    });
    const handler = await loadHandler({ CONFIG_PARAMETER: '/eks-windows-scanner/config' });

    // Act
    const invocation = handler({ action: 'audit', publish: false }, lambdaContext());

    // Assess
    await expect(invocation).rejects.toThrow(
      /is in account 210987654321, and this function scans its own account 123456789012 only/,
    );
    expect(runScan).not.toHaveBeenCalled();
    // On a log line of its own, as JSON like every other, for a query of the function's logs.
    expectConfigurationRefused(/^CONFIG_PARAMETER: .* is in account 210987654321,/);
  });

  it('fails the cold start naming the variable and the line of a bad file', async () => {
    // Prepare
    ssm.on(GetParameterCommand).resolves({
      Parameter: { Value: 'regions: [eu-west-1]\nsupressions: []\n' },
    });

    // Act
    const load = loadHandler({ CONFIG_PARAMETER: '/eks-windows-scanner/config' });

    // Assess
    await expect(load).rejects.toThrow(
      /^CONFIG_PARAMETER: ssm:\/eks-windows-scanner\/config:2: supressions: unknown key \(did you mean suppressions\?\)/,
    );
  });
});
