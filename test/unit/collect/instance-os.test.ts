import {
  DescribeInstanceInformationCommand,
  type DescribeInstanceInformationRequest,
} from '@aws-sdk/client-ssm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

  it("records the region-wide listing's failure when its answer is the one used", async () => {
    // Prepare: more instances than asking by id is worth.
    aws.ssm
      .on(DescribeInstanceInformationCommand)
      .rejects(ssmError('AccessDeniedException', 'denied'));
    const context = collectContext();
    const ids = Array.from({ length: 501 }, (_, index) => `i-${index}`);

    // Act
    const lookup = await lookupInstanceOs(context, ids, new WindowsInstanceListing(context));

    // Assess
    expect(lookup.found).toEqual({});
    expect(context.errors.entries.map((entry) => entry.code)).toEqual(['AccessDeniedException']);
  });

  it('forgets the failure of a listing it abandoned for asking by id, when that answers', async () => {
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
    expect(listing.failure).toBeDefined();
    expect(lookup.found).toEqual({
      'i-0001': { instanceId: 'i-0001', platformVersion: '10.0.18363' },
    });
    expect(context.errors.entries).toEqual([]);
  });
});
