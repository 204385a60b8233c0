/**
 * The deployed artefact end to end: the bundle built with the template's esbuild settings,
 * loaded as Lambda would load it, invoked with the sample events against a seeded local
 * emulator. Delivery is real too: an SNS topic with an SQS subscription, and Security Hub.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  EnableSecurityHubCommand,
  GetFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildHandler } from '../../scripts/build.ts';
import type { Report } from '../../src/report/types.ts';
import { type Emulator, startEmulator } from '../support/emulator.ts';
import { lambdaContext } from '../support/lambda-context.ts';
import { type SeededEstate, seedEstate } from '../support/seed-estate.ts';

type Handler = (event: unknown, context: Context) => Promise<Report>;

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
let emulator: Emulator;
let estate: SeededEstate;
let outdir: string;
let handler: Handler;
let queueUrl: string;
let sqs: SQSClient;
let securityHub: SecurityHubClient;
const logged: string[] = [];

async function sampleEvent(name: string): Promise<unknown> {
  return JSON.parse(await readFile(new URL(`../../events/${name}`, import.meta.url), 'utf8'));
}

/** Every message the SQS subscription holds now, as the SNS envelopes SQS received. */
async function drainQueue(): Promise<Array<{ Subject?: string; Message: string }>> {
  const envelopes = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
      }),
    );
    if (Messages.length === 0) return envelopes;
    envelopes.push(...Messages.map((message) => JSON.parse(message.Body ?? '{}')));
  }
}

beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), 'eks-windows-scanner-bundle-'));
  const [{ file }, started] = await Promise.all([buildHandler(outdir), startEmulator()]);
  emulator = started;
  estate = await seedEstate(emulator.endpoint);
  const client = { endpoint: emulator.endpoint, region: estate.region, credentials };
  sqs = new SQSClient(client);
  securityHub = new SecurityHubClient(client);
  const sns = new SNSClient(client);

  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'eks-windows-scanner' }));
  ({ QueueUrl: queueUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: 'findings' })));
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  await sns.send(
    new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: Attributes?.QueueArn }),
  );
  await securityHub.send(new EnableSecurityHubCommand({}));

  // The function's environment, as template.yaml sets it.
  vi.stubEnv('AWS_ENDPOINT_URL', emulator.endpoint);
  vi.stubEnv('AWS_REGION', estate.region);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
  vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'eks-windows-scanner');
  vi.stubEnv('POWERTOOLS_TRACE_ENABLED', 'false');
  vi.stubEnv('SNS_TOPIC_ARN', TopicArn ?? '');
  vi.stubEnv('SECURITY_HUB_ENABLED', 'true');
  vi.stubEnv('NOTIFY_POLICY', 'always');
  vi.stubEnv('NOTIFY_MINIMUM_SEVERITY', 'LOW');
  // Logs and metrics go to stdout, warnings and errors (console.warn, console.error) to
  // stderr, as in Lambda: keep them all to check what they hold.
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      logged.push(chunk.toString());
      return true;
    });
  }
  ({ handler } = (await import(pathToFileURL(file).href)) as { handler: Handler });
}, 240_000);

afterAll(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  await emulator?.stop();
  if (outdir) await rm(outdir, { recursive: true, force: true });
});

describe('Bundle: dist/handler.mjs', () => {
  describe('given events/scheduled.json', () => {
    let report: Report;
    let delivered: Array<{ Subject?: string; Message: string }>;

    beforeAll(async () => {
      report = await handler(await sampleEvent('scheduled.json'), lambdaContext());
      delivered = await drainQueue();
    }, 120_000);

    it('scans the seeded estate completely', () => {
      expect(report.complete).toBe(true);
      expect(report.summary.clusters).toBe(Object.keys(estate.clusters).length);
      const rules = new Set(report.findings.map((finding) => finding.ruleId));
      expect(rules).toContain('ami-unavailable');
      expect(rules).toContain('bootstrap-cluster-mismatch');
      expect(rules).toContain('docker-runtime-unsupported');
    });

    it('sends one SNS message whose subscription receives the email text and the Slack card', () => {
      // Assess: one message, a short subject, and the readable text for email and SQS.
      expect(delivered).toHaveLength(1);
      const [envelope] = delivered;
      expect(envelope?.Subject?.length).toBeLessThan(100);
      const payload = JSON.parse(envelope?.Message ?? '{}');
      expect(payload.email).toContain('Bootstrap joins Windows nodes to a different cluster');
      expect(payload.chatbot).toMatchObject({ version: '1.0', source: 'custom' });
      expect(payload.chatbot.content.title).toEqual(expect.any(String));
    });

    it('imports every finding into Security Hub', async () => {
      const { Findings = [] } = await securityHub.send(new GetFindingsCommand({ MaxResults: 100 }));
      const ours = Findings.filter((finding) =>
        finding.GeneratorId?.startsWith('eks-windows-scanner/'),
      );
      expect(ours.map((finding) => finding.Id).sort()).toEqual(
        report.findings.map((finding) => finding.id).sort(),
      );
    });

    it('never logs, notifies or reports the secret held in user data', () => {
      expect(JSON.stringify(report)).not.toContain(estate.secret);
      expect(JSON.stringify(delivered)).not.toContain(estate.secret);
      expect(logged.join('')).not.toContain(estate.secret);
    });

    it('writes structured logs and embedded metrics', () => {
      const lines = logged
        .join('')
        .split('\n')
        .filter((line) => line.startsWith('{'));
      const records = lines.map((line) => JSON.parse(line));
      expect(records).toContainEqual(
        expect.objectContaining({ message: 'Scan finished', level: 'INFO' }),
      );
      expect(records).toContainEqual(
        expect.objectContaining({
          _aws: expect.objectContaining({ CloudWatchMetrics: expect.any(Array) }),
          ScanDuration: expect.any(Number),
        }),
      );
    });
  });

  describe('given a deadline that arrives during the scan', () => {
    it('stops collecting, marks the report incomplete and archives nothing', async () => {
      // Prepare: plenty of time at the start, then suddenly not enough to go on collecting.
      const context = lambdaContext();
      let asked = 0;
      context.getRemainingTimeInMillis = () => (asked++ === 0 ? 400_000 : 30_000);
      const before = await securityHub.send(new GetFindingsCommand({ MaxResults: 100 }));
      const activeBefore = (before.Findings ?? []).filter(
        (finding) => finding.RecordState === 'ACTIVE',
      );

      // Act
      const report = await handler(await sampleEvent('scheduled.json'), context);

      // Assess
      expect(report.complete).toBe(false);
      const after = await securityHub.send(new GetFindingsCommand({ MaxResults: 100 }));
      const activeAfter = (after.Findings ?? []).filter(
        (finding) => finding.RecordState === 'ACTIVE',
      );
      expect(activeAfter.map((finding) => finding.Id).sort()).toEqual(
        activeBefore.map((finding) => finding.Id).sort(),
      );
      await drainQueue();
    });
  });

  describe('given events/audit.json', () => {
    it('returns the report and publishes nothing', async () => {
      // Act
      const report = await handler(await sampleEvent('audit.json'), lambdaContext());

      // Assess
      expect(report.schemaVersion).toBe('1');
      expect(report.summary.clusters).toBe(Object.keys(estate.clusters).length);
      expect(await drainQueue()).toEqual([]);
    });
  });

  describe('given a malformed event', () => {
    it('refuses it naming the field, and publishes nothing', async () => {
      await expect(
        handler({ action: 'audit', regions: 'us-west-2' }, lambdaContext()),
      ).rejects.toThrow(/Invalid event: regions/);
      expect(await drainQueue()).toEqual([]);
    });
  });
});
