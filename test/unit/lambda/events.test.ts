import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  EventValidationError,
  MAX_CLUSTERS,
  parseScannerEvent,
} from '../../../src/lambda/events.ts';
import { MAX_REGIONS } from '../../../src/regions.ts';

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

  it('reads the sample audit of an upgrade to 1.36', () => {
    expect(parseScannerEvent(sampleEvent('audit-upgrade.json'))).toEqual({
      kind: 'audit',
      regions: ['us-west-2'],
      clusters: ['prod'],
      publish: false,
      targetVersion: '1.36',
    });
  });

  it('reads an event without action as an audit, every field being optional', () => {
    expect(parseScannerEvent({})).toEqual({ kind: 'audit', publish: false });
    expect(parseScannerEvent({ regions: ['us-west-2'], publish: true })).toEqual({
      kind: 'audit',
      regions: ['us-west-2'],
      publish: true,
    });
  });

  it('reads a target version trimmed, and an audit without one has none', () => {
    expect(parseScannerEvent({ action: 'audit', targetVersion: ' 1.39 ' })).toEqual({
      kind: 'audit',
      publish: false,
      targetVersion: '1.39',
    });
    expect(parseScannerEvent({ action: 'audit' })).not.toHaveProperty('targetVersion');
  });

  it.each([
    [1.36, 'must be a Kubernetes minor version in a string, such as "1.36"'],
    ['1.36.1', 'must be a Kubernetes minor version such as "1.36" (got "1.36.1")'],
    ['v1.36', 'must be a Kubernetes minor version such as "1.36" (got "v1.36")'],
    ['latest', 'must be a Kubernetes minor version such as "1.36" (got "latest")'],
    ['1.99', 'must be 1.39 or earlier: the scanner\'s EKS calendar ends at 1.36 (got "1.99")'],
    [
      '1.22',
      'must be 1.23 or later, the oldest Kubernetes version of the EKS calendar (got "1.22")',
    ],
    [null, 'must be a Kubernetes minor version in a string, such as "1.36"'],
  ])('refuses the target version %j, saying why', (targetVersion, reason) => {
    // Act
    const act = () => parseScannerEvent({ action: 'audit', targetVersion });

    // Assess
    expect(act).toThrow(EventValidationError);
    expect(act).toThrow(`Invalid event: targetVersion ${reason}`);
  });

  it('refuses a target version on a Scheduled Event as a field of an audit', () => {
    // Act
    const act = () =>
      parseScannerEvent({ ...(sampleEvent('scheduled.json') as object), targetVersion: '1.36' });

    // Assess
    expect(act).toThrow(/^Invalid event: targetVersion is a field of an audit/);
  });

  it.each([
    [null, 'event'],
    [[], 'event'],
    [{ 'detail-type': 'EC2 Instance State-change Notification' }, 'detail-type'],
    [{ action: 'scan' }, 'action'],
    [{ action: null }, 'action'],
    [{ Records: [] }, 'Records'],
    [{ action: 'audit', regions: 'us-west-2' }, 'regions'],
    [{ action: 'audit', regions: ['US West'] }, 'regions'],
    [{ action: 'audit', regions: [] }, 'regions'],
    [{ action: 'audit', clusters: [''] }, 'clusters'],
    [{ action: 'audit', publish: 'yes' }, 'publish'],
    [{ action: 'audit', cluster: ['prod'] }, 'cluster'],
    // Regions are checked against the SDK's partition data, as on the command line.
    [{ action: 'audit', regions: ['xx-fake-9'] }, 'regions'],
    [{ action: 'audit', regions: ['us-west-2', 'us-west-99'] }, 'regions'],
    [{ action: 'audit', regions: [' ', ''] }, 'regions'],
    [{ action: 'audit', regions: [2] }, 'regions'],
    [{ action: 'audit', clusters: [] }, 'clusters'],
    [{ action: 'audit', clusters: ['  '] }, 'clusters'],
    [{ action: 'audit', clusters: ['prod cluster'] }, 'clusters'],
    [{ action: 'audit', clusters: ['-prod'] }, 'clusters'],
    [{ action: 'audit', clusters: ['x'.repeat(101)] }, 'clusters'],
  ])('refuses %j naming the field %s', (event, field) => {
    // Act
    const act = () => parseScannerEvent(event);

    // Assess
    expect(act).toThrow(EventValidationError);
    expect(act).toThrow(new RegExp(`^Invalid event: ${field} `));
  });

  it('refuses a cluster ARN saying which name and region to write instead', () => {
    // Act
    const act = () =>
      parseScannerEvent({
        action: 'audit',
        clusters: ['arn:aws:eks:eu-west-1:111122223333:cluster/prod-eu'],
      });

    // Assess
    expect(act).toThrow(
      'Invalid event: clusters has the cluster ARN "arn:aws:eks:eu-west-1:111122223333:clust…": an audit takes names; write "prod-eu" and put its region eu-west-1 in regions',
    );
    // An ARN whose name part is no cluster name is refused as any other text.
    expect(() =>
      parseScannerEvent({
        action: 'audit',
        clusters: ['arn:aws:eks:eu-west-1:111122223333:cluster/prod eu'],
      }),
    ).toThrow(/which is not an EKS cluster name/);
  });

  it('quotes a refused name with its bidirectional and control characters escaped, never raw', () => {
    // Arrange: U+202E would reverse the rest of the line in a log viewer.
    const event = { action: 'audit', clusters: ['prod\u202e', 'ok'] };
    const regions = { action: 'audit', regions: ['us-west-2\u202e\nx'] };

    // Act
    const refusals = [event, regions].map((input) => {
      try {
        parseScannerEvent(input, 'us-west-2');
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    });

    // Assess
    expect(refusals[0]).toContain('clusters has "prod\\u202e", which is not an EKS cluster name');
    expect(refusals[1]).toContain('"us-west-2\\u202e\\nx" is not an AWS region the SDK knows');
    for (const message of refusals) expect(message).not.toMatch(/[\u202e\n]/);
  });

  it('names a refused field with its bidirectional controls escaped in the message and marked in the logged field', () => {
    // Act
    let refusal: unknown;
    try {
      parseScannerEvent({ action: 'audit', 'region\u202es': ['us-west-2'] }, 'us-west-2');
    } catch (error) {
      refusal = error;
    }

    // Assess
    expect(refusal).toBeInstanceOf(EventValidationError);
    const { message, field } = refusal as EventValidationError;
    expect(message).toMatch(/^Invalid event: "region\\u202es" is not a field of/);
    expect(field).toBe('region\ufffds');
  });

  it('refuses a cluster ARN of another partition without advising to put its region in regions', () => {
    // Arrange: a function in us-west-2 (aws) and the ARN of a China cluster, whose region an
    // audit of this function would refuse in turn.
    const event = {
      action: 'audit',
      clusters: ['arn:aws-cn:eks:cn-north-1:111122223333:cluster/prod-cn'],
    };

    // Act
    const act = () => parseScannerEvent(event, 'us-west-2');

    // Assess
    expect(act).toThrow(
      /^Invalid event: clusters has the cluster ARN "arn:aws-cn:eks:cn-north-1:111122223333:c…": its region cn-north-1 is in the aws-cn partition and this function's region us-west-2 in aws/,
    );
    expect(act).not.toThrow(/put its region/);
  });

  it('refuses a cluster ARN whose region the SDK does not know without advising to put it in regions', () => {
    // Act
    const act = () =>
      parseScannerEvent(
        { action: 'audit', clusters: ['arn:aws:eks:us-west-9:111122223333:cluster/prod'] },
        'us-west-2',
      );

    // Assess
    expect(act).toThrow(/"us-west-9" is not an AWS region the SDK knows/);
    expect(act).not.toThrow(/put its region/);
  });

  it('deduplicates and trims the regions and clusters an audit names', () => {
    expect(
      parseScannerEvent({
        action: 'audit',
        regions: ['us-west-2', ' us-west-2', 'eu-west-1', 'us-west-2 '],
        clusters: ['prod', 'prod', ' staging', 'prod'],
      }),
    ).toEqual({
      kind: 'audit',
      regions: ['us-west-2', 'eu-west-1'],
      clusters: ['prod', 'staging'],
      publish: false,
    });
  });

  it('accepts regions of every partition the SDK knows', () => {
    const regions = ['cn-north-1', 'us-gov-west-1', 'us-iso-east-1', 'eu-central-1'];
    expect(parseScannerEvent({ action: 'audit', regions })).toMatchObject({ regions });
  });

  it("refuses regions of another partition than the function's own, as SCAN_REGIONS", () => {
    // Act
    const china = () =>
      parseScannerEvent({ action: 'audit', regions: ['cn-north-1'] }, 'us-west-2');
    const chinaFromChina = parseScannerEvent(
      { action: 'audit', regions: ['cn-northwest-1'] },
      'cn-north-1',
    );

    // Assess
    expect(china).toThrow(
      /^Invalid event: regions .*cn-north-1 is in the aws-cn partition and this function's region us-west-2 in aws/,
    );
    expect(chinaFromChina).toMatchObject({ regions: ['cn-northwest-1'] });
  });

  it('reads a region named many times as one, and refuses a thousand entries', () => {
    // Act
    const repeated = parseScannerEvent({
      action: 'audit',
      regions: Array.from({ length: MAX_REGIONS * 4 }, () => 'us-west-2'),
    });
    const thousand = () =>
      parseScannerEvent({
        action: 'audit',
        regions: Array.from({ length: 1_000 }, () => 'us-west-2'),
      });

    // Assess
    expect(repeated).toMatchObject({ regions: ['us-west-2'] });
    expect(thousand).toThrow(/^Invalid event: regions is refused: 1000 entries; at most 64/);
  });

  it.each([
    ['regions', Array.from({ length: 50_000 }, () => 'us-west-2')],
    ['clusters', Array.from({ length: 50_000 }, () => 'prod')],
    ['clusters', Array.from({ length: MAX_CLUSTERS + 1 }, (_, index) => `cluster-${index}`)],
  ])('refuses an audit whose %s would multiply the work, naming the field', (field, list) => {
    // Act
    const act = () => parseScannerEvent({ action: 'audit', [field]: list });

    // Assess
    expect(act).toThrow(EventValidationError);
    expect(act).toThrow(new RegExp(`^Invalid event: ${field} .*at most`));
  });

  it(`accepts ${MAX_CLUSTERS} distinct clusters`, () => {
    const clusters = Array.from({ length: MAX_CLUSTERS }, (_, index) => `cluster-${index}`);
    expect(parseScannerEvent({ action: 'audit', clusters })).toMatchObject({ clusters });
  });

  it('says which region is unknown without quoting a long one whole', () => {
    // Act
    const act = () =>
      parseScannerEvent({ action: 'audit', regions: [`us-${'x'.repeat(5_000)}-1`] });

    // Assess
    expect(act).toThrow(/^Invalid event: regions is refused: "us-x+…" is not an AWS region/);
    try {
      act();
    } catch (error) {
      expect((error as Error).message.length).toBeLessThan(200);
    }
  });

  it.each(['action', 'publish', 'regions', 'clusters'])(
    'refuses a Scheduled Event that carries the audit field %s, naming it',
    (field) => {
      // Prepare: the sample scheduled event, with an audit's field added.
      const values: Record<string, unknown> = {
        action: 'audit',
        publish: false,
        regions: ['us-west-2'],
        clusters: ['prod'],
      };
      const event = {
        ...(sampleEvent('scheduled.json') as Record<string, unknown>),
        [field]: values[field],
      };

      // Act
      const act = () => parseScannerEvent(event);

      // Assess
      expect(act).toThrow(EventValidationError);
      expect(act).toThrow(new RegExp(`^Invalid event: ${field} is a field of an audit`));
    },
  );

  it('refuses a Scheduled Event with a field the EventBridge envelope does not have', () => {
    const event = { ...(sampleEvent('scheduled.json') as Record<string, unknown>), scope: 'all' };
    expect(() => parseScannerEvent(event)).toThrow(
      'Invalid event: scope is not a field of a Scheduled Event',
    );
  });

  it('accepts every field of the EventBridge envelope, a replayed event too', () => {
    const event = {
      ...(sampleEvent('scheduled.json') as Record<string, unknown>),
      'replay-name': 'nightly-replay',
    };
    expect(Object.keys(event).sort()).toEqual(
      [
        'account',
        'detail',
        'detail-type',
        'id',
        'region',
        'replay-name',
        'resources',
        'source',
        'time',
        'version',
      ].sort(),
    );
    expect(parseScannerEvent(event)).toEqual({ kind: 'scheduled' });
  });

  it.each([
    [{ source: 'aws.ec2' }, 'Invalid event: source must be "aws.events" (a scheduled rule)'],
    [
      { detail: { regions: ['eu-west-1'] } },
      'Invalid event: detail must be {} on a Scheduled Event',
    ],
    [{ detail: 'x' }, 'Invalid event: detail must be {} on a Scheduled Event'],
  ])('refuses a Scheduled Event with %j: its scope would be ignored', (change, message) => {
    const event = { ...(sampleEvent('scheduled.json') as Record<string, unknown>), ...change };
    expect(() => parseScannerEvent(event)).toThrow(message);
  });

  it('names the field an unknown one may have meant', () => {
    expect(() => parseScannerEvent({ action: 'audit', region: ['us-west-2'] })).toThrow(
      'Invalid event: region is not a field of an audit event (did you mean regions?)',
    );
  });

  it.each([
    [
      'an API Gateway HTTP API or function URL request',
      {
        version: '2.0',
        routeKey: '$default',
        rawPath: '/',
        requestContext: { http: { method: 'POST' } },
        body: '{"action":"audit"}',
      },
      'Invalid event: requestContext is a field of an HTTP request (API Gateway, a function URL or a load balancer), which the function does not serve: send the audit event itself as the invocation payload (aws lambda invoke --payload)',
    ],
    [
      'an API Gateway REST API request',
      { resource: '/', httpMethod: 'POST', requestContext: {}, body: '{}' },
      'Invalid event: requestContext is a field of an HTTP request',
    ],
    [
      'an SNS notification',
      { Records: [{ EventSource: 'aws:sns', Sns: { Message: '{}' } }] },
      'Invalid event: Records is a field of a notification (SNS, SQS, S3), which the function does not take: send the audit event itself as the invocation payload (aws lambda invoke --payload), or a Scheduled Event through EventBridge',
    ],
  ])('says that %s is not an audit event', (_, event, message) => {
    expect(() => parseScannerEvent(event)).toThrow(message);
  });

  it('shows an unknown field name that is not a plain name quoted, its control characters escaped', () => {
    const act = () => parseScannerEvent({ action: 'audit', 'a\nb\u001b[2J': 1 });
    expect(act).toThrow('Invalid event: "a\\nb\\u001b[2J" is not a field of an audit event');
    expect(act).not.toThrow(/\p{Cc}/u);
  });

  it('shows an unknown field name cut short', () => {
    const act = () => parseScannerEvent({ action: 'audit', ['f'.repeat(10_000)]: 1 });
    expect(act).toThrow(/^Invalid event: f{60}… is not a field of an audit event$/);
  });
});
