/**
 * What every function of the stack shares: Powertools logger, metrics and tracer, wrapped
 * around the handler with middy, and the time kept back from the deadline.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { ConfigurationError } from '../config.ts';
import type { ScanProgress } from '../scan.ts';
import { EventValidationError } from './events.ts';

export const SERVICE = 'eks-windows-scanner';
export const METRICS_NAMESPACE = 'EksWindowsScanner';

export interface Observability {
  logger: Logger;
  metrics: Metrics;
  tracer: Tracer;
}

export function createObservability(): Observability {
  const logger = new Logger({ serviceName: SERVICE });
  return {
    logger,
    // Its own warnings ("No application metrics to publish" after a failed invocation) go
    // through the logger: JSON like every other line, not plain text in the JSON logs.
    metrics: new Metrics({ serviceName: SERVICE, namespace: METRICS_NAMESPACE, logger }),
    tracer: new Tracer({ serviceName: SERVICE }),
  };
}

/** The handler with the request context in its logs, its metrics flushed and a trace. */
export function instrumentHandler<E, R>(
  handler: (event: E, context: Context) => Promise<R>,
  { logger, metrics, tracer }: Observability,
) {
  return middy(handler)
    .use(injectLambdaContext(logger))
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
}

/**
 * The scan's progress (the command line's progress line: phases, clusters done) as DEBUG
 * entries, for an operator following a slow or stuck scan. The messages hold names and
 * counts only, never user data.
 */
export function logScanProgress(logger: Logger): (progress: ScanProgress) => void {
  // `message` is the entry's own key: Powertools would drop the progress's.
  return ({ message, ...where }) => logger.debug('Scan progress', { ...where, step: message });
}

/**
 * What `parse` makes of an event, or its refusal, logged on its own entry naming the field at
 * fault (the event itself is not logged) and counted in RefusedEvents, then rethrown. Every
 * function of the stack refuses alike: without it a malformed event left only Powertools'
 * "No application metrics to publish" in the function's log. A configuration fault that only
 * the invocation reveals (a file's cluster ARN of another account than the function's) is
 * logged too, as the configuration's, not counted: the event was fine.
 */
export function refusedIfMalformed<R>(
  parse: () => R,
  { logger, metrics }: Pick<Observability, 'logger' | 'metrics'>,
): R {
  try {
    return parse();
  } catch (error) {
    if (error instanceof EventValidationError) {
      logger.error('Event refused: nothing scanned or published', {
        field: error.field,
        errorMessage: error.message,
      });
      // A schedule or caller sending bad events is something to alarm on, not to read logs for.
      metrics.addMetric('RefusedEvents', MetricUnit.Count, 1);
    } else if (error instanceof ConfigurationError) {
      logger.error('Configuration refused: nothing scanned or published', {
        errorMessage: error.message,
      });
    }
    throw error;
  }
}

/**
 * Time kept back from the deadline to finish evaluation and publishing once collection
 * stops: a quarter of the time the invocation had, at most two minutes.
 */
export function publishReserveMs(context: Context): number {
  return Math.min(120_000, context.getRemainingTimeInMillis() / 4);
}

/**
 * Fires when collection must end (the publish reserve is all that is left): the calls still
 * waiting then fail at once. Without it a call that never answered held the invocation for its
 * whole request timeout, past the deadline when the function's timeout is short.
 */
export function collectionDeadline(context: Context, reserveMs: number): AbortSignal {
  return firesWhenLeft(context, reserveMs);
}

/** A signal that fires when `leftMs` of the invocation's time are left (at once if fewer are). */
function firesWhenLeft(context: Context, leftMs: number): AbortSignal {
  return AbortSignal.timeout(Math.max(0, Math.floor(context.getRemainingTimeInMillis() - leftMs)));
}

/**
 * Fires when reading Security Hub must end: half the publish reserve is left. Its calls still
 * waiting then fail, the hub counts as unread (its findings as new, nothing written to it),
 * and the notification still has time to go out. Without it a GetFindings that never
 * answered held publishing until the invocation's deadline, and no notification was sent.
 */
export function readingDeadline(context: Context, reserveMs: number): AbortSignal {
  return firesWhenLeft(context, reserveMs / 2);
}

/** What an invocation needs after its last AWS call: to log, flush its metrics and return. */
const FINAL_MARGIN_MS = 1_000;

/**
 * Fires shortly before the invocation's deadline (a second, or a quarter of the publish
 * reserve when that is shorter): publishing calls still waiting then fail, so the invocation
 * ends on its own rather than by Lambda's timeout, and work that outlived an invocation that
 * did time out sees it fired and writes nothing into the next one.
 */
export function invocationDeadline(context: Context, reserveMs: number): AbortSignal {
  return firesWhenLeft(context, Math.min(FINAL_MARGIN_MS, reserveMs / 4));
}

/**
 * True once no Security Hub write should start: half the publish reserve, at most 30 s, is
 * left (one write's request timeout and its retry fit in it). Without it a slow hub ran the
 * writes past the deadline: the invocation failed after notifying, and the writes resumed
 * inside the next invocation.
 */
export function writeDeadline(context: Context, reserveMs: number): () => boolean {
  const marginMs = Math.min(30_000, reserveMs / 2);
  return () => context.getRemainingTimeInMillis() < marginMs;
}

/**
 * A failure's fields for a log entry, its `message` as `errorMessage`: Powertools reserves
 * `message` for the entry's own and would drop the failure's.
 */
export function withErrorMessage<T extends { message: string }>({ message, ...rest }: T) {
  return { ...rest, errorMessage: message };
}
