import { GetParametersCommand, type GetParametersCommandOutput } from '@aws-sdk/client-ssm';
import type { CollectContext } from './context.ts';

/** GetParameters takes at most 10 names. */
const NAMES_PER_CALL = 10;

/**
 * Errors by which SSM refuses a whole batch for the sake of some of its names (one the role
 * may not read, one malformed).
 */
const REFUSAL_CODES = new Set(['AccessDeniedException', 'ValidationException']);

/** What SSM said of the parameter names one lookup asked for. */
export interface ParameterValues {
  /** Name as asked for (with any `:version` or `:label`) → value. */
  values: Map<string, string>;
  /** Names SSM lists as invalid: no such parameter, version or label. */
  invalid: Set<string>;
}

/**
 * The parameter a name asks for, without its `:version` or `:label` selector:
 * "/golden/windows:3" → "/golden/windows"; an ARN keeps its own colons.
 */
export function parameterBaseName(name: string): string {
  return name.match(/^(.*[^:]):[^:/]+$/)?.[1] ?? name;
}

/**
 * Batches of at most 10 names in which no two ask for the same parameter: SSM returns a
 * parameter under its plain name (moto without the `Selector` AWS adds), so within a
 * batch each answer then belongs to exactly one name asked for.
 */
export function parameterBatches(names: Iterable<string>): string[][] {
  const batches: { names: string[]; bases: Set<string> }[] = [];
  for (const name of new Set(names)) {
    const base = parameterBaseName(name);
    let batch = batches.find(
      (candidate) => candidate.names.length < NAMES_PER_CALL && !candidate.bases.has(base),
    );
    if (batch === undefined) {
      batch = { names: [], bases: new Set() };
      batches.push(batch);
    }
    batch.names.push(name);
    batch.bases.add(base);
  }
  return batches.map((batch) => batch.names);
}

export interface GetParametersOptions {
  /**
   * When SSM refuses a batch with AccessDenied or a validation error, ask for each of its
   * names on its own, so that one parameter the role may not read (another account's) or one
   * malformed name does not hide the others. Each refusal is then recorded.
   */
  isolateRefusals?: boolean;
}

/**
 * GetParameters for every name, in batches of 10 under the SSM limit; never decrypts. A name
 * in neither `values` nor `invalid` is unknown: its batch failed (recorded as `GetParameters`)
 * or the deadline came first.
 */
export async function getParameters(
  context: CollectContext,
  names: Iterable<string>,
  options: GetParametersOptions = {},
): Promise<ParameterValues> {
  const result: ParameterValues = { values: new Map(), invalid: new Set() };
  await Promise.all(
    parameterBatches(names).map((batch) =>
      context.limits.ssm(() => getBatch(context, batch, result, options)),
    ),
  );
  return result;
}

async function getBatch(
  context: CollectContext,
  names: string[],
  result: ParameterValues,
  options: GetParametersOptions,
): Promise<void> {
  if (context.stop.requested) return;
  let response: GetParametersCommandOutput;
  try {
    response = await context.clients.ssm.send(new GetParametersCommand({ Names: names }));
  } catch (error) {
    const code = error instanceof Error ? error.name : '';
    if (options.isolateRefusals === true && names.length > 1 && REFUSAL_CODES.has(code)) {
      // Sequentially, inside the caller's SSM slot: waiting for another slot here could deadlock.
      for (const name of names) await getBatch(context, [name], result, options);
      return;
    }
    context.errors.record('GetParameters', error);
    return;
  }
  const asked = new Set(names);
  const byBase = new Map(names.map((name) => [parameterBaseName(name), name]));
  /** The name asked for that an answer's Name or ARN (plain, or exactly as asked) stands for. */
  const askedAs = (key: string | undefined): string | undefined =>
    key === undefined ? undefined : asked.has(key) ? key : byBase.get(key);
  for (const parameter of response.Parameters ?? []) {
    const name = askedAs(parameter.Name) ?? askedAs(parameter.ARN);
    if (name !== undefined && parameter.Value !== undefined) {
      result.values.set(name, parameter.Value);
    }
  }
  for (const name of response.InvalidParameters ?? []) {
    if (asked.has(name)) result.invalid.add(name);
  }
}
