/**
 * From the base64 text EC2 returns to the analysis rules read: base64, gzip, MIME
 * multipart, EC2Launch sections, and the first Start-EKSBootstrap.ps1 call. Never throws;
 * whatever can't be read becomes `unreadable` with a general reason that quotes nothing.
 */
import { decodeBase64Strictly } from './base64.ts';
import { bytesToText, InflationBudget } from './bytes.ts';
import { ec2LaunchScripts } from './ec2launch.ts';
import { PowerShellParseError, UserDataDecodeError } from './errors.ts';
import { MAX_ENCODED_LENGTH } from './limits.ts';
import { isMultipart, multipartTexts } from './mime.ts';
import { parseFirstBootstrapCall } from './parse-bootstrap-call.ts';
import type { UserDataAnalysis } from './types.ts';

export function decodeUserData(encoded: string | undefined): UserDataAnalysis {
  try {
    return analyse(encoded);
  } catch (error) {
    // Only our own errors carry reasons written for the report; anything else (a bug, a
    // stack overflow) gets a fixed reason, since its message might quote the input.
    if (error instanceof UserDataDecodeError || error instanceof PowerShellParseError) {
      return { status: 'unreadable', reason: error.message };
    }
    return { status: 'unreadable', reason: 'user data could not be decoded' };
  }
}

function analyse(encoded: unknown): UserDataAnalysis {
  if (encoded === undefined || encoded === null) return { status: 'absent' };
  if (typeof encoded !== 'string') throw new UserDataDecodeError('user data is not a string');
  if (encoded.trim() === '') return { status: 'absent' };
  if (encoded.length > MAX_ENCODED_LENGTH) {
    throw new UserDataDecodeError(`encoded user data exceeds ${MAX_ENCODED_LENGTH / 1024} KiB`);
  }
  const budget = new InflationBudget();
  const text = bytesToText(decodeBase64Strictly(encoded), budget);
  const mime = isMultipart(text);
  const documents = mime ? multipartTexts(text, budget) : [text];

  const powershell: string[] = [];
  const batch: string[] = [];
  for (const document of documents) {
    const scripts = ec2LaunchScripts(document);
    powershell.push(...scripts.powershell);
    batch.push(...scripts.batch);
  }
  // EC2Launch runs batch sections before PowerShell ones, whatever their order in the text
  // (EC2 user guide, "User data scripts"); a batch section can start PowerShell with -File.
  // Sections of one kind read as one script, so that a variable assigned in one section
  // (Karpenter puts custom user data in a section of its own) reaches the call.
  const bootstrap = parseFirstBootstrapCall([batch.join('\n'), powershell.join('\n')]);
  return {
    status: 'decoded',
    gzip: budget.gzip,
    mime,
    powershell: powershell.length > 0 || batch.length > 0,
    bootstrap,
  };
}
