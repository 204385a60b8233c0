/**
 * Launch templates whose ImageId is `resolve:ssm:<parameter>` (a name or path, an ARN, with
 * an optional `:version` or `:label`): EC2 reads the parameter at every launch. The scanner
 * reads it once per scan with GetParameters, never decrypting, and never quotes its value
 * unless it is an AMI id.
 */
import type { ImageParameter } from '../inventory/types.ts';
import type { CollectContext } from './context.ts';
import { getParameters } from './parameters.ts';

const PREFIX = 'resolve:ssm:';
const AMI_ID = /^ami-[0-9a-f]+$/;

/** What one `resolve:ssm:` parameter gave; `imageId` only when `resolved`. */
export type ImageParameterResolution =
  | { status: 'resolved'; imageId: string }
  | { status: Exclude<ImageParameter['status'], 'resolved'> };

/** The parameter an image id names after `resolve:ssm:`; undefined for anything else. */
export function imageParameterName(imageId: string | undefined): string | undefined {
  return imageId?.startsWith(PREFIX) ? imageId.slice(PREFIX.length) : undefined;
}

/**
 * Each distinct parameter name → what it resolves to: `resolved` with the AMI id, `missing`
 * when SSM says it does not exist (nor its version or label), `unknown` when the lookup
 * failed (recorded as `GetParameters`), the deadline came first, or the value is not an AMI id.
 */
export async function resolveImageParameters(
  context: CollectContext,
  names: Iterable<string>,
): Promise<Map<string, ImageParameterResolution>> {
  const wanted = [...new Set(names)];
  const resolutions = new Map<string, ImageParameterResolution>();
  if (wanted.length === 0) return resolutions;
  // An empty name is no parameter SSM could be asked for (it would fail the whole batch).
  const { values, invalid } = await getParameters(
    context,
    wanted.filter((name) => name !== ''),
    { isolateRefusals: true },
  );
  for (const name of wanted) {
    const value = values.get(name);
    resolutions.set(
      name,
      value !== undefined && AMI_ID.test(value)
        ? { status: 'resolved', imageId: value }
        : invalid.has(name)
          ? { status: 'missing' }
          : { status: 'unknown' },
    );
  }
  return resolutions;
}
