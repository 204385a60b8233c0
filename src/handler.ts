/**
 * The Lambda function: a thin shell over `runScan` for the scheduled scan and on-demand
 * audits (SPEC 2.2). Delivery to SNS and Security Hub is added on top of this shell.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { loadConfig } from './lambda/config.ts';
import { parseScannerEvent } from './lambda/events.ts';
import type { Report } from './report/types.ts';
import { runScan } from './scan.ts';

const logger = new Logger({ serviceName: 'eks-windows-scanner' });
// Fails the cold start, naming the variable, rather than every invocation later.
const config = loadConfig();

/** Time kept back from the deadline to finish the report once collection stops. */
const PUBLISH_RESERVE_MS = 60_000;

async function scan(event: unknown, context: Context): Promise<Report> {
  const request = parseScannerEvent(event);
  const regions = request.kind === 'audit' && request.regions ? request.regions : config.regions;
  const clusters = request.kind === 'audit' ? request.clusters : undefined;
  logger.info('Scan started', { trigger: request.kind, regions, clusters });
  const report = await runScan({
    regions,
    ...(clusters ? { clusters } : {}),
    shouldStop: () => context.getRemainingTimeInMillis() < PUBLISH_RESERVE_MS,
  });
  logger.info('Scan finished', {
    complete: report.complete,
    summary: report.summary,
    errors: report.errors.length,
  });
  return report;
}

export const handler = middy(scan).use(injectLambdaContext(logger));
