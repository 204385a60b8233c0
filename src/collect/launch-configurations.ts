import { paginateDescribeLaunchConfigurations } from '@aws-sdk/client-auto-scaling';
import type { CollectContext } from './context.ts';
import { describeFailure, type FailureDetail, LaunchConfigurationNotFoundError } from './errors.ts';
import { chunk, collectPages } from './pagination.ts';

/** DescribeLaunchConfigurations takes up to 50 names per call. */
const NAMES_PER_CALL = 50;
const PAGE_SIZE = 50;

export interface ResolvedLaunchConfiguration {
  name: string;
  arn?: string;
  imageId?: string;
  /** Base64, exactly as Auto Scaling returns it. */
  userData?: string;
}

export type LaunchConfigurationResolution =
  | { ok: true; configuration: ResolvedLaunchConfiguration }
  | { ok: false; failure: FailureDetail };

/**
 * Launch configurations by name, in batches. Names left out because the deadline came are
 * absent from the result; names that do not exist or whose batch failed say why.
 */
export async function describeLaunchConfigurations(
  context: CollectContext,
  names: readonly string[],
): Promise<Map<string, LaunchConfigurationResolution>> {
  const resolutions = new Map<string, LaunchConfigurationResolution>();
  const { autoScaling } = context.clients;
  await Promise.all(
    chunk([...new Set(names)], NAMES_PER_CALL).map(async (batch) => {
      if (context.stop.requested) return;
      try {
        const configurations = await context.limits.autoScaling(() =>
          collectPages(
            paginateDescribeLaunchConfigurations(
              { client: autoScaling, pageSize: PAGE_SIZE },
              { LaunchConfigurationNames: batch },
            ),
            (page) => page.LaunchConfigurations,
            context.stop,
          ),
        );
        for (const configuration of configurations) {
          const name = configuration.LaunchConfigurationName;
          if (name === undefined) continue;
          const resolved: ResolvedLaunchConfiguration = { name };
          if (configuration.LaunchConfigurationARN !== undefined) {
            resolved.arn = configuration.LaunchConfigurationARN;
          }
          if (configuration.ImageId !== undefined) resolved.imageId = configuration.ImageId;
          if (configuration.UserData) resolved.userData = configuration.UserData;
          resolutions.set(name, { ok: true, configuration: resolved });
        }
        if (context.stop.requested) return;
        for (const name of batch) {
          if (resolutions.has(name)) continue;
          resolutions.set(name, {
            ok: false,
            failure: describeFailure(
              new LaunchConfigurationNotFoundError(`Launch configuration ${name} does not exist`),
            ),
          });
        }
      } catch (error) {
        const failure: LaunchConfigurationResolution = {
          ok: false,
          failure: describeFailure(error),
        };
        for (const name of batch) resolutions.set(name, failure);
      }
    }),
  );
  return resolutions;
}
