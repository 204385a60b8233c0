/**
 * A configuration file that cannot be used: the message names the file, the line and the
 * field, e.g. `.eks-windows-scanner.yaml:12: suppressions[2].reason: missing (required)`, or
 * only the file when the fault is the file as a whole (`missing.yaml: no such file`).
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
    /** Undefined for the file as a whole: it can't be read, or is too large. */
    line: number | undefined,
    field: string | undefined,
    problem: string,
    options?: ErrorOptions,
  ) {
    super(
      `${source}${line === undefined ? '' : `:${line}`}: ${field === undefined ? '' : `${field}: `}${problem}`,
      options,
    );
    this.source = source;
    this.line = line ?? 1;
    if (field !== undefined) this.field = field;
  }
}
