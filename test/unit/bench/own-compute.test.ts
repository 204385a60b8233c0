import { beforeAll, describe, expect, it } from 'vitest';
import { buildEstate, type Estate, REGIONS } from '../../../bench/api/estate.ts';
import { measureOwnCompute } from '../../../bench/api/own-compute.ts';
import { useFakeCredentials } from '../../../bench/api/scan-run.ts';
import { FakeAws } from '../../../bench/api/transport.ts';
import { runScan } from '../../../src/scan.ts';

let estate: Estate;

beforeAll(() => {
  useFakeCredentials();
  estate = buildEstate('small');
});

describe("Benchmark: the scanner's own compute", () => {
  it('times the evaluation runScan makes of the same estate: the same findings', async () => {
    // Prepare
    const fake = new FakeAws(estate, { latencyMs: 0 });
    const report = await runScan({ regions: [...REGIONS], clientsFor: fake.clientsFor });

    // Act
    const own = await measureOwnCompute(estate);

    // Assess
    expect(report.findings.length).toBeGreaterThan(0);
    expect(own.findings).toBe(report.findings.length);
    expect(own.ms).toBeGreaterThan(0);
  });
});
