/**
 * The organisation-wide scan's first state: which accounts and regions to scan, written to
 * the report bucket for the Distributed Map to read.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { Context } from 'aws-lambda';
import { awsClientConfig } from '../aws-client-config.ts';
import { loadOrganizationConfig } from '../config.ts';
import { confiningClusterArns } from '../config-file/scan-options.ts';
import {
  listActiveAccounts,
  OrganizationAccountsRefusedError,
  organizationsRefusal,
} from '../organization/accounts.ts';
import {
  AnotherOrganizationRunGoingError,
  earlierRunGoing,
  type GoingRun,
} from '../organization/other-runs.ts';
import { type Plan, planOrganizationScan } from '../organization/planner.ts';
import type { RunExecution } from '../organization/run.ts';
import { assertClusterArnAccountsPlanned, assertClusterArnsScanned } from './cluster-scope.ts';
import { loadColdStartConfig } from './cold-start-config.ts';
import { createObservability, instrumentHandler, refusedIfMalformed } from './observability.ts';
import { parsePlannerEvent } from './organization-events.ts';
import { ReportBucket } from './report-bucket.ts';

const observability = createObservability();
const { logger, metrics, tracer } = observability;
// The environment's configuration and the configuration file's over it (CONFIG_PARAMETER or
// CONFIG_S3_URI): its regions shape the plan, its clusters travel with it to every worker.
// Fails the cold start, naming the variable, rather than every invocation later; so does a
// cluster ARN of a region the run does not plan.
const config = await loadColdStartConfig(
  loadOrganizationConfig,
  observability,
  assertClusterArnsScanned,
);
const bucket = new ReportBucket(config.reportBucket, config.homeRegion, {
  instrument: (client) => tracer.captureAWSv3Client(client),
});

const stepFunctions = tracer.captureAWSv3Client(new SFNClient(awsClientConfig(config.homeRegion)));

async function plan(event: unknown, _context: Context): Promise<Plan> {
  const { runId, targetVersion, execution } = refusedIfMalformed(
    () => parsePlannerEvent(event),
    observability,
  );
  if (execution !== undefined) {
    // Before anything is written: the refused run leaves nothing behind.
    const going = await otherRunGoing(execution);
    if (going !== undefined) throw new AnotherOrganizationRunGoingError(going);
  }
  const run = { id: runId, scannedAt: new Date().toISOString() };
  const listed = config.scanAccounts.length === 0;
  const planned = await planOrganizationScan({
    run,
    regions: config.regions,
    ...(config.clusters ? { clusters: config.clusters } : {}),
    clusterArns: confiningClusterArns(config.clusterArns),
    ...(targetVersion === undefined ? {} : { targetVersion }),
    accounts: async () => {
      const accounts = listed
        ? await listOrganizationAccounts(config.homeRegion)
        : config.scanAccounts;
      // Before anything is written: a cluster ARN of an account the run does not scan.
      refusedIfMalformed(
        () => assertClusterArnAccountsPlanned(config, accounts, listed),
        observability,
      );
      return accounts;
    },
    bucket,
  });
  metrics.addMetric('PlannedScans', MetricUnit.Count, planned.targets);
  logger.info('Scan planned', {
    run,
    accountsFrom: listed ? 'AWS Organizations (active accounts)' : 'SCAN_ACCOUNTS',
    accounts: planned.accounts,
    regions: planned.regions,
    clusters: planned.clusters,
    clusterArns: planned.clusterArns,
    targetVersion: planned.targetVersion,
    targets: planned.targets,
    plan: planned.plan,
  });
  return planned;
}

/**
 * The older run still going, if any. A check that fails (Step Functions not answering, a
 * permission gone) lets the run go on, as before the check existed, rather than stop every
 * scan: it says so in the log and in the metric RunCheckFailures, which an alarm can watch.
 */
async function otherRunGoing(execution: RunExecution): Promise<GoingRun | undefined> {
  try {
    const going = await earlierRunGoing(stepFunctions, execution);
    metrics.addMetric('RunCheckFailures', MetricUnit.Count, 0);
    return going;
  } catch (error) {
    metrics.addMetric('RunCheckFailures', MetricUnit.Count, 1);
    logger.warn('Could not tell whether another run is going; this run goes on', { error });
    return undefined;
  }
}

/** The organisation's active accounts; a refusal says what to change in the deployment. */
async function listOrganizationAccounts(region: string): Promise<string[]> {
  try {
    return await listActiveAccounts(region);
  } catch (error) {
    const refusal = organizationsRefusal(error);
    if (refusal === undefined) throw error;
    throw new OrganizationAccountsRefusedError(refusal, error);
  }
}

export const handler = instrumentHandler(plan, observability);
