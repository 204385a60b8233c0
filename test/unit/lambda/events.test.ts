import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EventValidationError, parseScannerEvent } from '../../../src/lambda/events.ts';

function sampleEvent(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../../events/${name}`, import.meta.url), 'utf8'));
}

describe('Function: parseScannerEvent', () => {
  it('recognises the sample scheduled event', () => {
    expect(parseScannerEvent(sampleEvent('scheduled.json'))).toEqual({ kind: 'scheduled' });
  });

  it('reads the sample audit of everything with publishing off by default', () => {
    expect(parseScannerEvent(sampleEvent('audit.json'))).toEqual({ kind: 'audit', publish: false });
  });

  it('reads the sample audit of one cluster', () => {
    expect(parseScannerEvent(sampleEvent('audit-one-cluster.json'))).toEqual({
      kind: 'audit',
      regions: ['us-west-2'],
      clusters: ['prod'],
      publish: false,
    });
  });

  it.each([
    [null, 'event'],
    [[], 'event'],
    [{ 'detail-type': 'EC2 Instance State-change Notification' }, 'detail-type'],
    [{ action: 'scan' }, 'action'],
    [{}, 'action'],
    [{ action: 'audit', regions: 'us-west-2' }, 'regions'],
    [{ action: 'audit', regions: ['US West'] }, 'regions'],
    [{ action: 'audit', regions: [] }, 'regions'],
    [{ action: 'audit', clusters: [''] }, 'clusters'],
    [{ action: 'audit', publish: 'yes' }, 'publish'],
    [{ action: 'audit', cluster: ['prod'] }, 'cluster'],
  ])('refuses %j naming the field %s', (event, field) => {
    // Act
    const act = () => parseScannerEvent(event);

    // Assess
    expect(act).toThrow(EventValidationError);
    expect(act).toThrow(new RegExp(`^Invalid event: ${field} `));
  });
});
