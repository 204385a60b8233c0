/**
 * From the base64 text EC2 returns to the analysis rules read: base64, gzip, MIME
 * multipart, EC2Launch sections, and the first Start-EKSBootstrap.ps1 call. Never throws;
 * whatever can't be read becomes `unreadable` with a general reason that quotes nothing.
 */
import { decodeBase64Strictly } from './base64.ts';
import { WorkBudget, type WorkReport } from './budget.ts';
import { bytesToText, InflationBudget } from './bytes.ts';
import { ec2LaunchScripts } from './ec2launch.ts';
import { PowerShellParseError, UserDataDecodeError } from './errors.ts';
import { MAX_ENCODED_LENGTH, MAX_USER_DATA_BYTES } from './limits.ts';
import { isMultipart, multipartTexts } from './mime.ts';
import { parseFirstBootstrapCall, type ReadingNotes } from './parse-bootstrap-call.ts';
import { chainsPipelines } from './powershell/tokenizer.ts';
import type { UserDataAnalysis } from './types.ts';

export function decodeUserData(encoded: string | undefined): UserDataAnalysis {
  return decodeUserDataWithWork(encoded).analysis;
}

export interface DecodeLimits {
  /**
   * Most bytes of user data read (default MAX_USER_DATA_BYTES, what AWS accepts). The tests
   * of the work budget read past it, to show the parser's cost stays linear in any input.
   */
  maxUserDataBytes?: number;
}

/**
 * decodeUserData, also saying how much of its work budget (budget.ts) the reading spent:
 * for tests and the benchmark, which assert and report the budget rather than time.
 */
export function decodeUserDataWithWork(
  encoded: string | undefined,
  { maxUserDataBytes = MAX_USER_DATA_BYTES }: DecodeLimits = {},
): {
  analysis: UserDataAnalysis;
  work: WorkReport;
} {
  const size = typeof encoded === 'string' ? Math.min(encoded.length, MAX_ENCODED_LENGTH) : 0;
  const work = WorkBudget.forInput(size);
  try {
    return { analysis: analyse(encoded, work, maxUserDataBytes), work: work.report() };
  } catch (error) {
    // Only our own errors carry reasons written for the report; anything else (a bug, a
    // stack overflow) gets a fixed reason, since its message might quote the input.
    const reason =
      error instanceof UserDataDecodeError || error instanceof PowerShellParseError
        ? error.message
        : 'user data could not be decoded';
    return { analysis: { status: 'unreadable', reason }, work: work.report() };
  }
}

function analyse(encoded: unknown, work: WorkBudget, maxUserDataBytes: number): UserDataAnalysis {
  if (encoded === undefined || encoded === null) return { status: 'absent' };
  if (typeof encoded !== 'string') throw new UserDataDecodeError('user data is not a string');
  if (encoded.length > MAX_ENCODED_LENGTH) {
    throw new UserDataDecodeError(`encoded user data exceeds ${MAX_ENCODED_LENGTH / 1024} KiB`);
  }
  if (encoded.trim() === '') return { status: 'absent' };
  const inflation = new InflationBudget(work);
  const bytes = decodeBase64Strictly(encoded, work);
  if (bytes.length > maxUserDataBytes) {
    throw new UserDataDecodeError(
      `user data exceeds ${MAX_USER_DATA_BYTES / 1024} KB, more than AWS accepts`,
    );
  }
  const text = bytesToText(bytes, inflation, work);
  const mime = isMultipart(text, work);
  const documents = mime ? multipartTexts(text, inflation, work) : [text];

  const powershell: string[] = [];
  const batch: string[] = [];
  // EC2Launch v1 runs a <powershell> section only when it finds exactly one closed one. It
  // searches the text as it is, so MIME parts are counted together (it would not see into a
  // base64-encoded part; Windows user data in one is rare).
  const powershellTags = { opened: 0, closed: 0 };
  let yaml = false;
  for (const document of documents) {
    const scripts = ec2LaunchScripts(document, work);
    powershell.push(...scripts.powershell);
    batch.push(...scripts.batch);
    powershellTags.opened += scripts.powershellTags.opened;
    powershellTags.closed += scripts.powershellTags.closed;
    yaml ||= scripts.yaml && scripts.powershell.length > 0;
  }
  // EC2Launch runs batch sections before PowerShell ones, whatever their order in the text
  // (EC2 user guide, "User data scripts"); a batch section can start PowerShell with -File.
  // PowerShell sections read as one script, so that a variable assigned in one section
  // reaches the call: EC2Launch v1 runs none of several, but how EC2Launch v2 runs them is
  // not documented. Batch sections read one by one: a `set` in one is not known in the
  // next, which may be another cmd.exe (its machine-wide setx is).
  // A section with a <powershell> tag of its own does not run at all (NESTED_TAG), nor one
  // that chains commands with && or || (Windows PowerShell 5.1 runs the sections).
  const parsable = powershell.filter((section) => !NESTED_TAG.test(section));
  const runnable = parsable.filter((section) => !chainsPipelines(section, work));
  const notes: ReadingNotes = {};
  const bootstrap = parseFirstBootstrapCall(
    [...batch.map((text) => ({ text, batch: true })), { text: runnable.join('\n') }],
    work,
    notes,
  );
  // A text that chained commands was refused, and no call ran elsewhere: the likely reason.
  const refused =
    runnable.length < parsable.length || (bootstrap === undefined && notes.pipelineChain);
  return {
    status: 'decoded',
    gzip: inflation.gzip,
    mime,
    powershell: powershell.length > 0 || batch.length > 0,
    bootstrap,
    ...(parsable.length < powershell.length ? { nestedPowershellTag: true as const } : {}),
    ...(refused ? { pipelineChain: true as const } : {}),
    ...(powershellTags.opened > 0 && powershellTags.closed !== 1
      ? { ec2LaunchV1PowershellSections: powershellTags.closed }
      : {}),
    ...(yaml ? { ec2LaunchV2Yaml: true as const } : {}),
    ...(bootstrap === undefined &&
    [...batch, ...runnable].some((script) => NAMES_SCRIPT.test(script))
      ? { bootstrapScriptNamed: true as const }
      : {}),
    ...(bootstrap === undefined && notes.unrunnableScriptPath !== undefined
      ? { unrunnableScriptPath: notes.unrunnableScriptPath }
      : {}),
  };
}

/**
 * The bootstrap script's name anywhere in a script (with or without its extension, as a
 * command may name it): a call, a comment, a string alike.
 */
const NAMES_SCRIPT = /start-eksbootstrap/i;

/**
 * A `<powershell>` tag opening a line inside a section: custom user data that brings its own
 * tags into a section that has them already (Karpenter wraps custom Windows user data in
 * its own). PowerShell refuses to parse a script holding it ("The '<' operator is reserved
 * for future use"), so nothing in that section runs, a bootstrap call included.
 */
const NESTED_TAG = /^[ \t]*<powershell>/im;
