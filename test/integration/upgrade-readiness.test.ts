/**
 * Upgrade readiness end to end: the real CLI process against the seeded emulator with
 * --target-version 1.34. The emulator serves the EKS Windows "latest" parameters of its AMI
 * list, which has 2022 Core and Full AMIs for 1.34 but no 2019 Full one. Asserts exactly which
 * sources block which cluster, that the upgrade findings are told apart from today's (which
 * stay as they are), and that clusters already past the target are noted, not judged.
 */
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/types.ts';
import { type CliRun, runScanProcess } from '../support/cli-process.ts';
import { type Emulator, startEmulator } from '../support/emulator.ts';
import { type SeededEstate, seedEstate } from '../support/seed-estate.ts';

const NOW = '2026-11-25T12:00:00Z';

let emulator: Emulator;
let estate: SeededEstate;

function runCli(args: string[]): Promise<CliRun> {
  return runScanProcess(args, {
    AWS_ENDPOINT_URL: emulator.endpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: estate.region,
  });
}

const pair = (finding: Report['findings'][number]) =>
  `${finding.cluster} ${finding.ruleId} ${finding.resource.type} ${finding.resource.id}`;

beforeAll(async () => {
  emulator = await startEmulator();
  estate = await seedEstate(emulator.endpoint);
});

afterAll(async () => {
  await emulator?.stop();
});

describe('Command: eks-windows-scanner scan --target-version 1.34', () => {
  let run: CliRun;
  let report: Report;
  let today: Report;

  beforeAll(async () => {
    run = await runCli(['--format', 'json', '--now', NOW, '--target-version', '1.34']);
    report = JSON.parse(run.stdout) as Report;
    today = JSON.parse((await runCli(['--format', 'json', '--now', NOW])).stdout) as Report;
  });

  it('writes a complete report that validates against the report JSON Schema', () => {
    // Prepare
    const schema = JSON.parse(
      readFileSync(new URL('../../src/report/report.schema.json', import.meta.url), 'utf8'),
    );
    const ajv = new Ajv2020.default({ allErrors: true, strict: true });
    addFormats.default(ajv);

    // Act
    const valid = ajv.validate(schema, report);

    // Assess
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(run.code).toBe(0);
    expect(report.complete).toBe(true);
  });

  it('blocks exactly the clusters and sources whose nodes break at 1.34', () => {
    // Prepare
    const { launchTemplates: lt, instances } = estate;
    const blockers = (cluster: string) =>
      (report.readiness ?? [])
        .find((entry) => entry.cluster === cluster)
        ?.blockers.map((blocker) => `${blocker.ruleId} ${blocker.resource.id}`)
        .sort();

    // Assess
    expect(report.readiness?.map((entry) => [entry.cluster, entry.status])).toEqual([
      ['edge', 'not-applicable'],
      ['legacy', 'blocked'],
      ['payments', 'blocked'],
      ['prod', 'blocked'],
      ['staging', 'not-applicable'],
    ]);
    // No 2019 Full AMI for 1.34; the override's 1.35 AMI is newer than the control plane.
    expect(blockers('prod')).toEqual(
      [
        `windows-ami-not-published-for-version ${lt.win2019Full.id}`,
        `ami-kubernetes-version-mismatch ${lt.mixedOverride.id}`,
      ].sort(),
    );
    // --network-plugin went in 1.24: the kubelet of a 1.34 node refuses it.
    expect(blockers('payments')).toEqual([`kubelet-flag-removed ${lt.payments.id}`]);
    expect(blockers('legacy')).toEqual(
      [
        `docker-runtime-unsupported ${lt.legacyDocker.id}`,
        `docker-runtime-unsupported ${instances.legacyWindows2004}`,
        `ami-kubernetes-version-mismatch ${lt.legacyDocker.id}`,
        `ami-kubernetes-version-mismatch ${instances.legacyWindows2004}`,
        `windows-ami-not-published-for-version ${lt.legacyDocker.id}`,
        `windows-ami-not-published-for-version ${instances.legacyWindows2004}`,
      ].sort(),
    );
  });

  it('reports the upgrade findings with upgrade, each blocker linked to one', () => {
    // Prepare
    const upgrade = report.findings.filter((finding) => finding.upgrade !== undefined);
    const ids = new Set(upgrade.map((finding) => finding.id));

    // Assess
    expect(upgrade.every((finding) => finding.upgrade?.to === '1.34')).toBe(true);
    expect(upgrade.map((finding) => finding.upgrade?.from).sort()).toEqual(
      upgrade
        .map((finding) =>
          finding.cluster === 'prod' ? '1.31' : finding.cluster === 'legacy' ? '1.24' : '1.33',
        )
        .sort(),
    );
    for (const entry of report.readiness ?? []) {
      for (const blocker of entry.blockers) expect(ids.has(blocker.findingId ?? '')).toBe(true);
    }
    // The control plane's own support is no upgrade finding: 1.34 leaving standard support on
    // 2026-12-02 is a note of each verdict, and blocks nothing.
    expect(
      upgrade
        .filter((finding) => /^(eks-version-.*|kubernetes-version-unknown)$/.test(finding.ruleId))
        .map(pair),
    ).toEqual([]);
    expect(
      (report.readiness ?? [])
        .filter((entry) => entry.status !== 'not-applicable')
        .map((entry) => [entry.cluster, entry.note]),
    ).toEqual(
      ['legacy', 'payments', 'prod'].map((cluster) => [
        cluster,
        expect.stringContaining(
          'Kubernetes 1.34 leaves EKS standard support on 2026-12-02, in 7 days; from then until 2027-12-02 the cluster is in extended support, billed at a higher rate.',
        ),
      ]),
    );
  });

  it("leaves today's findings exactly as a scan without a target reports them", () => {
    // Act
    const withTarget = report.findings.filter((finding) => finding.upgrade === undefined);

    // Assess
    expect(withTarget.map((finding) => finding.id).sort()).toEqual(
      today.findings.map((finding) => finding.id).sort(),
    );
    expect(today.findings.some((finding) => finding.upgrade !== undefined)).toBe(false);
  });

  it('notes the clusters already past the target in warnings, naming them', () => {
    expect(
      (report.warnings ?? [])
        .filter((warning) => warning.code === 'upgrade-target-below-cluster-version')
        .map((warning) => warning.cluster)
        .sort(),
    ).toEqual(['edge', 'staging']);
  });

  it('judges each cluster against its next minor version without a target, listing no upgrade finding', () => {
    expect(today.readiness?.map((entry) => [entry.cluster, entry.to, entry.assumed])).toEqual([
      ['edge', '1.36', true],
      ['legacy', '1.25', true],
      ['payments', '1.34', true],
      ['prod', '1.32', true],
      ['staging', '1.36', true],
    ]);
    expect(today.readiness?.find((entry) => entry.cluster === 'staging')?.status).toBe('ready');
  });

  it('fails a --fail-on high gate on a blocker of the upgrade, which a scan without a target passes', async () => {
    // Prepare: a rule that only judges upgrades, so that today's findings cannot fail the gate.
    const gate = ['--format', 'json', '--now', NOW, '--cluster', 'prod', '--fail-on', 'high'];
    const onlyUpgradeRule = ['--rule', 'windows-ami-not-published-for-version'];

    // Act
    const withTarget = await runCli([...gate, ...onlyUpgradeRule, '--target-version', '1.34']);
    const without = await runCli([...gate, ...onlyUpgradeRule]);

    // Assess
    expect([withTarget.code, without.code]).toEqual([1, 0]);
  });
});
