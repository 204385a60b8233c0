/**
 * The scanner's own compute on an estate: decoding every region's user data, evaluating the
 * rules and building the report, as `runScan` does once collection is done. Measured in the
 * replay's process, after the replay (the scanner's code still cold there, as in the scan), on
 * the inventory the collector makes of the same estate (collected untimed, with no latency).
 *
 * Not a term of the lower bound: it is this scanner's work, not a floor any scanner must pay.
 * It tells how much of the gap between a scan and its CPU floor is computing rather than
 * waiting (what is left is collection's own code, scheduling and waiting).
 */
import { collectRegion } from '../../src/collect/index.ts';
import { decodeInventory } from '../../src/decode/index.ts';
import { evaluateInventory } from '../../src/evaluate/index.ts';
import { buildReport } from '../../src/report/build.ts';
import { evaluationOptionsOf } from '../../src/scan.ts';
import type { Estate } from './estate.ts';
import { FakeAws } from './transport.ts';

export interface OwnCompute {
  /** Decode, evaluate and report of every region, in milliseconds. */
  ms: number;
  findings: number;
}

export async function measureOwnCompute(estate: Estate): Promise<OwnCompute> {
  const fake = new FakeAws(estate, { latencyMs: 0 });
  const inventories = await Promise.all(
    estate.regions.map(({ region }) =>
      collectRegion({
        clients: fake.clientsFor(region),
        accountId: estate.accountId,
        region,
        clusterNames: [],
        shouldStop: () => false,
        onProgress: () => {},
      }),
    ),
  );
  // As the benchmark's runScan evaluates: its defaults.
  const evaluation = evaluationOptionsOf({ regions: estate.regions.map(({ region }) => region) });
  const started = performance.now();
  const report = buildReport({
    scannedAt: evaluation.now,
    accountIds: [estate.accountId],
    regions: estate.regions.map(({ region }) => region),
    evaluated: inventories.map((inventory) =>
      evaluateInventory(decodeInventory(inventory), evaluation),
    ),
  });
  return { ms: Math.round(performance.now() - started), findings: report.findings.length };
}
