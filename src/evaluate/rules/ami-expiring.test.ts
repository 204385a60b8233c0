import { describe, expect, it } from 'vitest';
import {
  aLinuxImage,
  aLinuxOnlyInventory,
  anEksWindowsImage,
  anInventory,
  anInventoryOnImage,
  imagesOf,
  NOW,
  ruleInput,
} from '../../../test/builders/inventory.ts';
import type { Image } from '../../inventory/types.ts';
import { amiExpiring } from './ami-expiring.ts';

/** NOW is 2026-11-25T12:00Z; with 30 days of warning, AMIs created up to 2026-08-27T12:00Z fire. */
function imageCreated(creationDate: string, overrides: Partial<Image> = {}): Image {
  return anEksWindowsImage({ creationDate, ...overrides });
}

describe('Rule: ami-expiring', () => {
  it('fires when the AMI goes private within the warning window, with the expected date', () => {
    // Prepare
    const inventory = anInventoryOnImage(imageCreated('2026-08-10T08:00:00.000Z'));

    // Act
    const hits = amiExpiring.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        resource: expect.objectContaining({ type: 'AwsEc2LaunchTemplate' }),
        evidence: {
          imageId: 'ami-0windows2022a',
          imageName: 'Windows_Server-2022-English-Core-EKS_Optimized-1.33-2026.11.10',
          creationDate: '2026-08-10T08:00:00.000Z',
          expectedPrivateOn: '2026-12-08',
        },
      }),
    ]);
    expect(hits[0]?.detail).toContain('on 2026-12-08 (in 13 days)');
  });

  it.each([
    // AMI created 2026-07-31T23:30Z: private from 2026-11-28T23:30Z, a UTC date of 2026-11-28.
    ['just after midnight on that day', '2026-11-28T00:10:00.000Z', '(today)'],
    ['late the day before', '2026-11-27T23:00:00.000Z', '(in 1 day)'],
    ['early the day before', '2026-11-27T00:10:00.000Z', '(in 1 day)'],
  ])('counts calendar days to the date it shows: %s', (_, now, inDays) => {
    // Prepare
    const inventory = anInventoryOnImage(imageCreated('2026-07-31T23:30:00.000Z'));

    // Act
    const hits = amiExpiring.evaluate(ruleInput(inventory, { now: new Date(now) }));

    // Assess
    expect(hits[0]?.detail).toContain(`on 2026-11-28 ${inDays}`);
  });

  it('fires on the first instant of the window', () => {
    // Prepare
    const inventory = anInventoryOnImage(imageCreated('2026-08-27T12:00:00.000Z'));

    // Act
    const hits = amiExpiring.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toHaveLength(1);
  });

  it('does not fire a second before the window opens', () => {
    // Prepare
    const inventory = anInventoryOnImage(imageCreated('2026-08-27T12:00:01.000Z'));

    // Act
    const hits = amiExpiring.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it('follows the configured warning window', () => {
    // Prepare
    const inventory = anInventoryOnImage(imageCreated('2026-08-10T08:00:00.000Z'));

    // Act
    const hits = amiExpiring.evaluate(ruleInput(inventory, { amiExpiryWarningDays: 7 }));

    // Assess
    expect(hits).toEqual([]);
  });

  it('says an AMI past 120 days that is still visible may go private any day', () => {
    // Prepare
    const inventory = anInventoryOnImage(imageCreated('2026-06-01T00:00:00.000Z'));

    // Act
    const hits = amiExpiring.evaluate(ruleInput(inventory));

    // Assess
    expect(hits[0]?.evidence.expectedPrivateOn).toBe('2026-09-29');
    expect(hits[0]?.detail).toContain('made private any day');
  });

  it('does not fire on a recent AMI', () => {
    // Act
    const hits = amiExpiring.evaluate(ruleInput(anInventory(), { now: NOW }));

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not fire on an old copy of an EKS AMI owned by the customer, which AWS never makes private', () => {
    // Prepare
    const inventory = anInventoryOnImage(
      imageCreated('2026-01-01T00:00:00.000Z', { ownerId: '123456789012' }),
    );

    // Act
    const hits = amiExpiring.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not fire on a Windows AMI that is not EKS optimized', () => {
    // Prepare
    const inventory = anInventoryOnImage(
      imageCreated('2026-01-01T00:00:00.000Z', {
        name: 'Windows_Server-2022-English-Full-Base-2026.01.01',
      }),
    );

    // Act
    const hits = amiExpiring.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it('says nothing about Linux node sources', () => {
    // Prepare
    const inventory = aLinuxOnlyInventory({
      images: imagesOf(aLinuxImage({ creationDate: '2026-01-01T00:00:00.000Z' })),
    });

    // Act
    const hits = amiExpiring.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });
});

describe('Rule: ami-expiring, with what AWS states and who publishes', () => {
  it('takes the deprecation time AWS set on the AMI before the four-month estimate', () => {
    // Prepare: created recently, so the estimate would say nothing yet.
    const image = imageCreated('2026-11-01T08:00:00.000Z', {
      deprecationTime: '2026-12-05T00:00:00.000Z',
    });

    // Act
    const hits = amiExpiring.evaluate(ruleInput(anInventoryOnImage(image)));

    // Assess
    expect(hits[0]?.evidence).toMatchObject({
      deprecationTime: '2026-12-05T00:00:00.000Z',
      expectedFrom: 'deprecationTime',
      expectedPrivateOn: '2026-12-05',
    });
    expect(hits[0]?.detail).toContain('set by AWS to be deprecated on 2026-12-05 (in 10 days)');
  });

  it('keeps the four-month estimate over the two-year deprecation time every public AMI gets', () => {
    // Prepare: what DescribeImages returns for a real EKS AMI (DeprecationTime is two years
    // after CreationDate unless its owner set it earlier).
    const image = imageCreated('2026-08-10T08:00:00.000Z', {
      deprecationTime: '2028-08-10T08:00:00.000Z',
    });

    // Act
    const hits = amiExpiring.evaluate(ruleInput(anInventoryOnImage(image)));

    // Assess
    expect(hits).toHaveLength(1);
    expect(hits[0]?.evidence).toEqual({
      imageId: 'ami-0windows2022a',
      imageName: 'Windows_Server-2022-English-Core-EKS_Optimized-1.33-2026.11.10',
      creationDate: '2026-08-10T08:00:00.000Z',
      expectedPrivateOn: '2026-12-08',
    });
    expect(hits[0]?.detail).toContain('is expected to be made private on 2026-12-08');
  });

  it('keeps the estimate for an AMI past four months whose deprecation time lies beyond the window', () => {
    // Prepare
    const image = imageCreated('2026-06-01T08:00:00.000Z', {
      deprecationTime: '2027-06-01T00:00:00.000Z',
    });

    // Act
    const hits = amiExpiring.evaluate(ruleInput(anInventoryOnImage(image)));

    // Assess
    expect(hits[0]?.evidence).toMatchObject({ expectedPrivateOn: '2026-09-29' });
    expect(hits[0]?.detail).toContain('is expected to be made private any day');
  });

  it.each([
    ['us-gov-west-1', '077303321853', undefined],
    ['cn-north-1', '016951021795', undefined],
    ['ap-east-1', '777534740333', undefined],
    ['ap-east-2', '123456789000', 'amazon'],
  ])('fires in %s for an EKS AMI published by %s (alias %s)', (region, ownerId, ownerAlias) => {
    // Prepare
    const image = imageCreated('2026-08-10T08:00:00.000Z', {
      ownerId,
      ...(ownerAlias === undefined ? {} : { ownerAlias }),
    });

    // Act
    const hits = amiExpiring.evaluate(ruleInput(anInventoryOnImage(image, { region })));

    // Assess
    expect(hits).toHaveLength(1);
  });

  it('does not take the commercial publisher for Amazon in GovCloud, where it publishes nothing', () => {
    // Prepare
    const image = imageCreated('2026-08-10T08:00:00.000Z');

    // Act
    const hits = amiExpiring.evaluate(
      ruleInput(anInventoryOnImage(image, { region: 'us-gov-east-1' })),
    );

    // Assess
    expect(hits).toEqual([]);
  });
});
