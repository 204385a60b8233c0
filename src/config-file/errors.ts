/**
 * A configuration file that cannot be used: the message names the file, the line and the
 * field, e.g. `.eks-windows-scanner.yaml:12: suppressions[2].reason: missing (required)`.
 */
export class ConfigFileError extends Error {
  override name = 'ConfigFileError';
  /** The file as named to the loader (a path, `ssm:<parameter>`, `s3://bucket/key`). */
  readonly source: string;
  /** 1-based line of the fault; 1 when the fault is the file as a whole. */
  readonly line: number;
  /** The field at fault, as `suppressions[2].reason`; absent for a syntax error. */
  readonly field?: string;

  constructor(
    source: string,
    line: number,
    field: string | undefined,
    problem: string,
    options?: ErrorOptions,
  ) {
    super(`${source}:${line}: ${field === undefined ? '' : `${field}: `}${problem}`, options);
    this.source = source;
    this.line = line;
    if (field !== undefined) this.field = field;
  }
}
