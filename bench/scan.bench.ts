/**
 * Benchmark of the pure stages at organisation scale: decode and evaluate a synthetic
 * inventory of many clusters and node sources. Figures are ratios to a baseline measured
 * in the same run (a JSON round trip of the same inventory), so they compare across
 * machines. Run with `npm run bench`, or alone with `node bench/scan.bench.ts [options]`
 * (`--help` lists them).
 */

import { gzipSync } from 'node:zlib';
import { decodeInventory } from '../src/decode/index.ts';
import { evaluateInventory } from '../src/evaluate/index.ts';
import type { Inventory, NodeSource } from '../src/inventory/types.ts';
import { buildReport } from '../src/report/build.ts';
import { benchOptions, wholeNumberOption } from './options.ts';

const USAGE = `
Usage: node bench/scan.bench.ts [options]

Decode and evaluate a synthetic inventory, as ratios to a JSON round trip of it.

  --clusters N   clusters of the inventory (default 200)
  --sources N    node sources per cluster (default 15)
  --rounds N     rounds, the best kept (default 5)
  --help         this text
`;
const SCRIPT = 'scan.bench';

const values = benchOptions(
  { script: SCRIPT, usage: USAGE },
  {
    clusters: { type: 'string', default: '200' },
    sources: { type: 'string', default: '15' },
    rounds: { type: 'string', default: '5' },
  },
);
const clusterCount = wholeNumberOption(SCRIPT, 'clusters', values.clusters, 1);
const sourcesPerCluster = wholeNumberOption(SCRIPT, 'sources', values.sources, 1);
const rounds = wholeNumberOption(SCRIPT, 'rounds', values.rounds, 1);

function userDataFor(cluster: string, index: number): string {
  const script = `<powershell>
[string]$EKSBinDir = "$env:ProgramFiles\\Amazon\\EKS"
[string]$EKSBootstrapScriptName = 'Start-EKSBootstrap.ps1'
[string]$EKSBootstrapScriptFile = "$EKSBinDir\\$EKSBootstrapScriptName"
$AdminPassword = 'bench-secret-${index}'
& $EKSBootstrapScriptFile -EKSClusterName "${cluster}" \`
  -KubeletExtraArgs "--node-labels=team=t${index} --register-with-taints=os=windows:NoSchedule" \`
  -DNSClusterIP "172.20.0.10" -ContainerRuntime "${index % 7 === 0 ? 'docker' : 'containerd'}" 3>&1 4>&1 5>&1 6>&1
</powershell>
<persist>true</persist>`;
  // Every third template is gzip-compressed, as Terraform users often do.
  const bytes = index % 3 === 0 ? gzipSync(script) : Buffer.from(script);
  return bytes.toString('base64');
}

function syntheticInventory(): Inventory {
  const images: Inventory['images'] = {};
  const nodeSources: NodeSource[] = [];
  const clusters: Inventory['clusters'] = [];
  for (let c = 0; c < clusterCount; c++) {
    const name = `cluster-${c}`;
    clusters.push({
      name,
      version: `1.${28 + (c % 8)}`,
      serviceIpv4Cidr: '172.20.0.0/16',
      tags: {},
    });
    for (let s = 0; s < sourcesPerCluster; s++) {
      const index = c * sourcesPerCluster + s;
      const imageId = `ami-${index.toString(16).padStart(17, '0')}`;
      images[imageId] =
        index % 11 === 0
          ? { status: 'unavailable' }
          : {
              status: 'available',
              image: {
                imageId,
                name: `Windows_Server-${index % 2 ? '2019' : '2022'}-English-Core-EKS_Optimized-1.${28 + (c % 8)}-2026.0${1 + (index % 9)}.10`,
                ownerId: '801119661308',
                platform: 'windows',
                creationDate: `2026-0${1 + (index % 9)}-10T00:00:00.000Z`,
              },
            };
      nodeSources.push({
        kind: 'auto-scaling-group',
        ref: { type: 'AwsAutoScalingAutoScalingGroup', id: `asg-${index}`, name: `asg-${index}` },
        cluster: name,
        sites: [
          {
            ref: { type: 'AwsEc2LaunchTemplate', id: `lt-${index}`, name: `lt-${index}` },
            launchTemplateVersion: '1',
            imageId,
            userData: userDataFor(name, index),
          },
        ],
        instanceIds: [],
        tags: {},
      });
    }
  }
  return {
    accountId: '123456789012',
    region: 'us-west-2',
    clusters,
    nodeSources,
    images,
    latestImageIds: {},
    instanceOs: {},
    errors: [],
    complete: true,
  };
}

function measure<T>(run: () => T): { ms: number; result: T } {
  let result = run(); // warm-up
  const started = performance.now();
  for (let round = 0; round < rounds; round++) result = run();
  return { ms: (performance.now() - started) / rounds, result };
}

const inventory = syntheticInventory();
const encoded = inventory.nodeSources.flatMap((source) =>
  source.sites.map((site) => site.userData ?? ''),
);
const heapBefore = process.memoryUsage().heapUsed;

// Baseline: touching the whole inventory once (a JSON round trip), the floor of any pass over it.
const baseline = measure(() => JSON.parse(JSON.stringify(inventory)) as Inventory);
const decoded = measure(() => decodeInventory(inventory));
const now = new Date('2026-11-25T12:00:00Z');
const windows = { now, endOfSupportWarningDays: 180, amiExpiryWarningDays: 30 };
// Each round evaluates a copy of its own (made before the clock starts): evaluation derives
// facts once per inventory and source, so evaluating one object again would time its caches.
const copies = Array.from({ length: rounds + 1 }, () => structuredClone(decoded.result));
const evaluated = measure(() => evaluateInventory(copies.pop() ?? decoded.result, windows));
const reported = measure(() =>
  buildReport({
    scannedAt: now,
    accountIds: ['123456789012'],
    regions: ['us-west-2'],
    evaluated: [evaluated.result],
  }),
);
const heapAfter = process.memoryUsage().heapUsed;

const ratio = (ms: number) => `${(ms / baseline.ms).toFixed(1)}× baseline`;
console.log(
  `eks-windows-scanner bench: ${clusterCount} clusters × ${sourcesPerCluster} sources = ${encoded.length} node sources, ${rounds} rounds`,
);
console.log(`baseline (JSON round trip of it all)   ${baseline.ms.toFixed(2)} ms`);
console.log(
  `decode (gzip, sections, bootstrap)     ${decoded.ms.toFixed(2)} ms  ${ratio(decoded.ms)}`,
);
console.log(
  `evaluate (all rules)                   ${evaluated.ms.toFixed(2)} ms  ${ratio(evaluated.ms)}  → ${evaluated.result.findings.length} findings`,
);
console.log(
  `report                                 ${reported.ms.toFixed(2)} ms  ${ratio(reported.ms)}`,
);
console.log(
  `per node source, end to end            ${(((decoded.ms + evaluated.ms + reported.ms) / encoded.length) * 1000).toFixed(1)} µs`,
);
console.log(
  `heap growth over the run               ${((heapAfter - heapBefore) / 1024 / 1024).toFixed(1)} MiB`,
);
