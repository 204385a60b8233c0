/**
 * A function's configuration at cold start: the environment's (`load`), and the configuration
 * file's over it when CONFIG_PARAMETER or CONFIG_S3_URI names one (src/config-file/remote.ts).
 * The scanner function, and the organisation-wide planner and worker, load it alike; the
 * file's warnings (unknown rule ids) are logged once here.
 */
import type { ScannerConfig } from '../config.ts';
import { ConfigurationError } from '../config.ts';
import { loadLambdaConfig } from '../config-file/remote.ts';
import type { Observability } from './observability.ts';

/**
 * Fails the cold start, naming the variable (and the file's line), rather than every
 * invocation later.
 */
export async function loadColdStartConfig<C extends ScannerConfig>(
  load: () => C,
  { logger, tracer }: Pick<Observability, 'logger' | 'tracer'>,
  /** The function's own checks of the whole configuration (a ConfigurationError fails it). */
  check: (config: C) => void = () => {},
): Promise<C> {
  let loaded: { config: C; warnings: string[] };
  try {
    loaded = await loadLambdaConfig(load(), {
      region: process.env.AWS_REGION ?? '',
      instrument: (client) => tracer.captureAWSv3Client(client),
    });
    check(loaded.config);
  } catch (error) {
    // Thrown anew from here: Node quotes the source line of an uncaught error's throw, and in
    // the bundle the libraries' line is hundreds of kilobytes, which would bury the message.
    throw error instanceof ConfigurationError
      ? new ConfigurationError(error.message, { cause: error })
      : error;
  }
  for (const warning of loaded.warnings) logger.warn('Configuration file warning', { warning });
  return loaded.config;
}
