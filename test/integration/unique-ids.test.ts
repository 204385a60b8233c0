/**
 * Finding ids are unique in every report, over every fixture estate the tests have: the
 * estate seeded in the emulator (test/support/seed-estate.ts), the benchmark's estate behind
 * the fake AWS (bench/api/estate.ts) and the unit builders' inventories
 * (test/builders/inventory.ts); also when a region or an account is named twice, and when
 * the parts of one scope are merged twice. One id is one finding: two findings with one id
 * would be the same finding reported (and counted, and notified) twice.
 */
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EKSClient } from '@aws-sdk/client-eks';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildEstate, REGIONS } from '../../bench/api/estate.ts';
import { FakeAws } from '../../bench/api/transport.ts';
import type { AwsClients } from '../../src/collect/clients.ts';
import { evaluateInventory } from '../../src/evaluate/index.ts';
import type { DecodedInventory } from '../../src/inventory/types.ts';
import { buildReport } from '../../src/report/build.ts';
import { mergeReports } from '../../src/report/merge.ts';
import type { Report } from '../../src/report/types.ts';
import { runScan } from '../../src/scan.ts';
import { scanAccounts } from '../../src/scan-accounts.ts';
import {
  aCluster,
  aCustomManagedSource,
  aLaunchConfigurationSite,
  aLinuxOnlyInventory,
  aManagedWindowsSource,
  anInstanceSource,
  anInventory,
  anInventoryBootstrapping,
  anInventoryOnKubernetes,
  aSelfManagedSource,
  NOW,
} from '../builders/inventory.ts';
import { type Emulator, startEmulator } from '../support/emulator.ts';
import { type SeededEstate, seedEstate } from '../support/seed-estate.ts';

const REGION = 'us-west-2';
const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };
const SCAN_NOW = new Date('2026-11-25T12:00:00Z');

/** The ids of the report's findings that appear more than once. */
function repeatedIds(report: Report): string[] {
  const ids = report.findings.map((finding) => finding.id);
  return ids.filter((id, index) => ids.indexOf(id) !== index);
}

/** Unique ids, and the summary counting each finding once. */
function expectUniqueIds(report: Report): void {
  expect(repeatedIds(report)).toEqual([]);
  const counted = Object.values(report.summary.findings).reduce((sum, count) => sum + count, 0);
  expect(counted).toBe(report.findings.filter((finding) => !finding.suppressed).length);
}

describe('Estate: seeded in the emulator, scanned by runScan', () => {
  let emulator: Emulator;
  let estate: SeededEstate;
  let once: Report;

  function clientsFor(region: string): AwsClients {
    const config = { region, endpoint: emulator.endpoint, credentials: CREDENTIALS };
    return {
      eks: new EKSClient(config),
      ec2: new EC2Client(config),
      autoScaling: new AutoScalingClient(config),
      ssm: new SSMClient(config),
      sts: new STSClient(config),
    };
  }

  beforeAll(async () => {
    emulator = await startEmulator();
    estate = await seedEstate(emulator.endpoint, REGION);
    once = await runScan({ regions: [REGION], now: SCAN_NOW, clientsFor });
  }, 180_000);

  afterAll(async () => {
    await emulator?.stop();
  });

  it('reports each finding of the estate once', () => {
    expect(once.complete).toBe(true);
    expect(once.findings.length).toBeGreaterThan(10);
    expectUniqueIds(once);
  });

  it('reports the same findings once when the region is named twice, beside another', async () => {
    // Act
    const twice = await runScan({
      regions: [REGION, 'eu-west-1', REGION],
      now: SCAN_NOW,
      clientsFor,
    });

    // Assess
    expectUniqueIds(twice);
    expect(twice.findings.map((finding) => finding.id)).toEqual(
      once.findings.map((finding) => finding.id),
    );
    expect(twice.summary).toEqual(once.summary);
  });

  it('reports the same findings once when the account is named twice', async () => {
    // Act
    const report = await scanAccounts(
      [
        {
          accountId: estate.accountId,
          credentials: async () => CREDENTIALS,
          stsRegion: REGION,
          clientsFor,
        },
        {
          accountId: estate.accountId,
          credentials: async () => CREDENTIALS,
          stsRegion: REGION,
          clientsFor,
        },
      ],
      { regions: [REGION, REGION], now: SCAN_NOW },
    );

    // Assess
    expectUniqueIds(report);
    expect(report.findings).toEqual(once.findings);
    expect(report.summary).toEqual(once.summary);
  });

  it('reports the same findings once when the parts of one scope are merged twice', () => {
    // Act: as the aggregator would, had the plan named one account and region twice.
    const merged = mergeReports([once, structuredClone(once)], { scannedAt: SCAN_NOW });

    // Assess
    expectUniqueIds(merged);
    expect(merged.findings).toEqual(once.findings);
    expect(merged.summary).toEqual(once.summary);
  });
});

describe('Estate: the benchmark estate behind the fake AWS, scanned by runScan', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('reports each finding once, a region named twice too', async () => {
    // Prepare: the fake answers every region; the SDK only needs credentials to sign.
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAIOSFODNN7EXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'bench');
    vi.stubEnv('AWS_SESSION_TOKEN', '');
    vi.stubEnv('AWS_PROFILE', '');
    vi.stubEnv('AWS_ENDPOINT_URL', '');
    const fake = new FakeAws(buildEstate('small'), { latencyMs: 0 });

    // Act
    const report = await runScan({
      regions: [...REGIONS, ...REGIONS],
      now: SCAN_NOW,
      clientsFor: fake.clientsFor,
    });

    // Assess
    expect(report.complete).toBe(true);
    expect(report.findings.length).toBeGreaterThan(0);
    expectUniqueIds(report);
  });
});

describe('Estate: the unit builders, evaluated and reported', () => {
  /** Inventories the rule tests start from, and one that holds every kind of node source. */
  const inventories: Record<string, () => DecodedInventory> = {
    anInventory: () => anInventory(),
    aLinuxOnlyInventory: () => aLinuxOnlyInventory(),
    'anInventoryOnKubernetes(1.23)': () => anInventoryOnKubernetes('1.23'),
    'anInventoryBootstrapping(docker)': () =>
      anInventoryBootstrapping({ ContainerRuntime: { kind: 'literal', value: 'docker' } }),
    'every kind of node source, two clusters': () =>
      anInventory({
        clusters: [aCluster(), aCluster({ name: 'legacy', version: '1.23' })],
        nodeSources: [
          aSelfManagedSource(),
          aSelfManagedSource({
            ref: { type: 'AwsAutoScalingAutoScalingGroup', id: 'asg-b', name: 'asg-b' },
          }),
          aSelfManagedSource({ cluster: 'legacy', sites: [aLaunchConfigurationSite()] }),
          aManagedWindowsSource(),
          aCustomManagedSource(),
          anInstanceSource(),
        ],
      }),
  };

  it.each(Object.keys(inventories))('%s: each finding once, the region twice too', (name) => {
    // Prepare
    const inventory = inventories[name]?.() as DecodedInventory;
    const options = { now: NOW, endOfSupportWarningDays: 180, amiExpiryWarningDays: 30 };
    const evaluated = evaluateInventory(inventory, options);

    // Act
    const report = buildReport({
      scannedAt: NOW,
      accountIds: [inventory.accountId],
      regions: [inventory.region, inventory.region],
      evaluated: [evaluated, evaluateInventory(inventory, options)],
    });

    // Assess
    expectUniqueIds(report);
    expect(report.findings.length).toBe(evaluated.findings.length);
  });
});
