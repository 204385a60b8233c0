/** Names shared by the help text and the parser, in a module that imports nothing. */
export const PROGRAM = 'eks-windows-scanner';

/** The longest warning window, as for END_OF_SUPPORT_WARNING_DAYS (src/config.ts): ten years. */
export const MAX_WARNING_DAYS = 3650;

/**
 * The configuration file read without --config: the config-file module's DEFAULT_CONFIG_FILE,
 * repeated here so that the help text does not load the YAML parser and the schema validator.
 */
export const DEFAULT_CONFIG_FILE = '.eks-windows-scanner.yaml';
/** The same file under YAML's other extension, read when DEFAULT_CONFIG_FILE is absent. */
export const DEFAULT_CONFIG_FILE_YML = '.eks-windows-scanner.yml';
