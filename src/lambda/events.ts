/** The two events the function answers (SPEC 2.2); anything else is refused by name. */

export type ScannerEvent =
  | { kind: 'scheduled' }
  | { kind: 'audit'; regions?: string[]; clusters?: string[]; publish: boolean };

export class EventValidationError extends Error {
  override name = 'EventValidationError';
  readonly field: string;
  constructor(field: string, message: string) {
    super(`Invalid event: ${field} ${message}`);
    this.field = field;
  }
}

const AUDIT_FIELDS = new Set(['action', 'regions', 'clusters', 'publish']);
/** A region name as events may give it (shared with the organisation-wide events). */
export const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(
  event: Record<string, unknown>,
  field: string,
  valid: (item: string) => boolean,
  expected: string,
): string[] | undefined {
  const value = event[field];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && valid(item))) {
    throw new EventValidationError(field, `must be an array of ${expected}`);
  }
  return value as string[];
}

export function parseScannerEvent(event: unknown): ScannerEvent {
  if (!isRecord(event)) throw new EventValidationError('event', 'must be a JSON object');
  if ('detail-type' in event) {
    if (event['detail-type'] !== 'Scheduled Event') {
      throw new EventValidationError('detail-type', 'must be "Scheduled Event"');
    }
    return { kind: 'scheduled' };
  }
  if (event.action !== 'audit') {
    throw new EventValidationError('action', 'must be "audit" (or send a Scheduled Event)');
  }
  const unknown = Object.keys(event).find((key) => !AUDIT_FIELDS.has(key));
  if (unknown !== undefined)
    throw new EventValidationError(unknown, 'is not a field of an audit event');
  const regions = stringList(
    event,
    'regions',
    (region) => REGION.test(region),
    'region names such as "us-west-2"',
  );
  if (regions !== undefined && regions.length === 0) {
    throw new EventValidationError(
      'regions',
      'must not be empty (omit it to scan the configured regions)',
    );
  }
  const clusters = stringList(event, 'clusters', (name) => name.length > 0, 'cluster names');
  if (event.publish !== undefined && typeof event.publish !== 'boolean') {
    throw new EventValidationError('publish', 'must be true or false');
  }
  return {
    kind: 'audit',
    ...(regions ? { regions } : {}),
    ...(clusters ? { clusters } : {}),
    publish: event.publish === true,
  };
}
