/**
 * The configuration and mute file (.eks-windows-scanner.yaml): what to scan, how to report,
 * which findings are accepted. Its JSON Schema is schema/eks-windows-scanner-config.schema.json;
 * docs/configuration.md describes it. The Lambda's reader (SSM parameter, S3 object) is
 * remote.ts, kept apart so that only the function that needs it loads the SDK clients.
 */
export { ConfigFileError } from './errors.ts';
export { DEFAULT_CONFIG_FILE, DEFAULT_CONFIG_FILE_YML, loadConfigFile } from './load.ts';
export { MAX_CONFIG_FILE_BYTES, parseConfigText } from './parse.ts';
export {
  type ConfigFileScanOptions,
  clusterNameOf,
  scanOptionsOf,
  suppressionRulesOf,
} from './scan-options.ts';
export {
  CONFIG_FILE_FORMATS,
  type ConfigFile,
  type ConfigFileFormat,
  type ConfigFileSuppression,
  type LoadedConfigFile,
} from './types.ts';
