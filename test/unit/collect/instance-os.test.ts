import {
  DescribeInstanceInformationCommand,
  type DescribeInstanceInformationRequest,
} from '@aws-sdk/client-ssm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import {
  describeInstanceOs,
  lookupInstanceOs,
  meansSsmNotInUse,
  WindowsInstanceListing,
} from '../../../src/collect/instance-os.ts';
import { collectContext, type MockedAws, mockAws, restoreAws, ssmError } from './aws-responses.ts';

describe('Function: describeInstanceOs', () => {
  let aws: MockedAws;

  beforeEach(() => {
    aws = mockAws();
  });

  afterEach(() => {
    restoreAws(aws);
  });

  it('asks for at most 50 ids a call in pages of 50 and follows NextToken', async () => {
    // Prepare
    const ids = Array.from({ length: 60 }, (_, index) => `i-${String(index).padStart(3, '0')}`);
    // Snapshots: the SDK paginator reuses one input object for every page of a listing.
    const requests: DescribeInstanceInformationRequest[] = [];
    aws.ssm
      .on(DescribeInstanceInformationCommand)
      .callsFake((input: DescribeInstanceInformationRequest) => {
        requests.push(structuredClone(input));
        const firstId = input.Filters?.[0]?.Values?.[0];
        if (firstId !== 'i-000') return { InstanceInformationList: [] };
        return input.NextToken === undefined
          ? {
              InstanceInformationList: [{ InstanceId: 'i-000', PlatformVersion: '10.0.17763' }],
              NextToken: 'p2',
            }
          : { InstanceInformationList: [{ InstanceId: 'i-001', PlatformVersion: '10.0.20348' }] };
      });

    // Act
    const found = await describeInstanceOs(collectContext(), ids);

    // Assess
    expect(Object.keys(found)).toEqual(['i-000', 'i-001']);
    expect(requests.map((input) => input.Filters?.[0]?.Values?.length).sort()).toEqual([
      10, 50, 50,
    ]);
    expect(requests.every((input) => input.MaxResults === 50)).toBe(true);
    expect(requests.filter((input) => input.NextToken === 'p2')).toHaveLength(1);
  });

  it.each([
    ['AccessDeniedException', 'User is not authorized to perform: ssm:DescribeInstanceInformation'],
    ['ThrottlingException', 'Rate exceeded'],
    ['ExpiredTokenException', 'The security token included in the request is expired'],
    ['InternalServerError', 'Internal error'],
    ['TimeoutError', 'Request timed out'],
  ])(
    'records %s as an error of the scan, not as "Systems Manager not in use"',
    async (code, message) => {
      // Prepare
      aws.ssm.on(DescribeInstanceInformationCommand).rejects(ssmError(code, message));
      const context = collectContext();

      // Act
      const found = await describeInstanceOs(context, ['i-0001']);

      // Assess
      expect(found).toEqual({});
      expect(context.errors.entries).toEqual([
        {
          accountId: expect.any(String),
          region: expect.any(String),
          operation: 'DescribeInstanceInformation',
          code,
          message,
        },
      ]);
    },
  );

  it.each([
    'UnknownOperationException',
    'InvalidAction',
    'SubscriptionRequiredException',
    'OptInRequired',
  ])('stays silent when %s says Systems Manager is not there to ask', async (code) => {
    // Prepare
    aws.ssm.on(DescribeInstanceInformationCommand).rejects(ssmError(code, 'not here'));
    const context = collectContext();

    // Act
    const found = await describeInstanceOs(context, ['i-0001']);

    // Assess
    expect(found).toEqual({});
    expect(context.errors.entries).toEqual([]);
    expect(meansSsmNotInUse(ssmError(code, 'not here'))).toBe(true);
  });

  it('stays silent when Systems Manager manages none of the instances', async () => {
    // Prepare: the default mock answers an empty list.
    const context = collectContext();

    // Act
    const found = await describeInstanceOs(context, ['i-0001', 'i-0002']);

    // Assess
    expect(found).toEqual({});
    expect(context.errors.entries).toEqual([]);
  });

  it('asks for many instances by id, side by side, rather than waiting for the rest of the listing', async () => {
    // Prepare: the listing's second page never comes; 120 instances are asked for by id.
    aws.ssm
      .on(DescribeInstanceInformationCommand)
      .callsFake((input: DescribeInstanceInformationRequest) => {
        const filter = input.Filters?.[0];
        if (filter?.Key === 'InstanceIds') {
          return {
            InstanceInformationList: (filter.Values ?? []).map((id) => ({
              InstanceId: id,
              PlatformVersion: '10.0.20348',
            })),
          };
        }
        return input.NextToken === undefined
          ? {
              InstanceInformationList: [{ InstanceId: 'i-0', PlatformVersion: '10.0.17763' }],
              NextToken: 'page-2',
            }
          : new Promise<never>(() => {});
      });
    const context = collectContext();
    const listing = new WindowsInstanceListing(context);
    await vi.waitFor(() => expect(listing.found['i-0']).toBeDefined());
    const ids = Array.from({ length: 121 }, (_, index) => `i-${index}`);

    // Act
    const lookup = await lookupInstanceOs(context, ids, listing);

    // Assess: i-0 from the listing's first page, the 120 others in three calls of 50 at most.
    expect(Object.keys(lookup.found)).toHaveLength(121);
    expect(lookup.found['i-0']?.platformVersion).toBe('10.0.17763');
    const byId = aws.ssm
      .commandCalls(DescribeInstanceInformationCommand)
      .map((call) => call.args[0].input)
      .filter((input) => input.Filters?.[0]?.Key === 'InstanceIds');
    expect(byId.map((input) => input.Filters?.[0]?.Values?.length)).toEqual([50, 50, 20]);
    expect(byId.flatMap((input) => input.Filters?.[0]?.Values)).not.toContain('i-0');
    expect(lookup.covers('i-120')).toBe(true);
    expect(lookup.covers('i-999')).toBe(false);
    expect(context.errors.entries).toEqual([]);
  });

  it('uses a listing that ended with "Systems Manager not in use" as the whole answer', async () => {
    // Prepare
    aws.ssm
      .on(DescribeInstanceInformationCommand)
      .rejects(ssmError('SubscriptionRequiredException', 'not signed up'));
    const context = collectContext();
    const listing = new WindowsInstanceListing(context);
    await listing.done;

    // Act
    const lookup = await lookupInstanceOs(context, ['i-1', 'i-2'], listing);

    // Assess: nothing to know, and no call more.
    expect(lookup.found).toEqual({});
    expect(lookup.covers('i-1')).toBe(true);
    expect(aws.ssm).toReceiveCommandTimes(DescribeInstanceInformationCommand, 1);
    expect(context.errors.entries).toEqual([]);
  });

  it('asks by id when the listing failed, and records nothing when that answers', async () => {
    // Prepare: the listing fails, asking by id works.
    aws.ssm
      .on(DescribeInstanceInformationCommand, {
        Filters: [{ Key: 'PlatformTypes', Values: ['Windows'] }],
      })
      .rejects(ssmError('ThrottlingException', 'Rate exceeded'))
      .on(DescribeInstanceInformationCommand, {
        Filters: [{ Key: 'InstanceIds', Values: ['i-0001'] }],
      })
      .resolves({
        InstanceInformationList: [{ InstanceId: 'i-0001', PlatformVersion: '10.0.18363' }],
      });
    const context = collectContext();
    const listing = new WindowsInstanceListing(context);
    await listing.done;

    // Act
    const lookup = await lookupInstanceOs(context, ['i-0001'], listing);

    // Assess
    expect(listing.complete).toBe(false);
    expect(lookup.found).toEqual({
      'i-0001': { instanceId: 'i-0001', platformVersion: '10.0.18363' },
    });
    expect(context.errors.entries).toEqual([]);
  });
});
