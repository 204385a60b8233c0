/** Function configuration from the environment (SPEC 2.4), validated once at cold start. */

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

export interface ScannerConfig {
  regions: string[];
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ScannerConfig {
  const ownRegion = env.AWS_REGION;
  const listed = (env.SCAN_REGIONS ?? '')
    .split(',')
    .map((region) => region.trim())
    .filter((region) => region.length > 0);
  const invalid = listed.find((region) => !REGION.test(region));
  if (invalid !== undefined) {
    throw new ConfigurationError(
      `SCAN_REGIONS: "${invalid}" is not a region name such as us-west-2`,
    );
  }
  const regions = listed.length > 0 ? listed : ownRegion ? [ownRegion] : [];
  if (regions.length === 0) {
    throw new ConfigurationError('SCAN_REGIONS: empty, and AWS_REGION is not set to fall back on');
  }
  return { regions };
}
