import {
  DescribeInstanceInformationCommand,
  type DescribeInstanceInformationRequest,
} from '@aws-sdk/client-ssm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { describeInstanceOs } from '../../../src/collect/instance-os.ts';
import { collectContext, type MockedAws, mockAws, restoreAws } from './aws-responses.ts';

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
});
