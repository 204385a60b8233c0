import { DescribeImagesCommand, type Image } from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { idsNamedIn, lookupImages } from '../../../src/collect/images.ts';
import type { ImageLookup } from '../../../src/inventory/types.ts';
import {
  collectContext,
  ec2Error,
  ec2Image,
  type MockedAws,
  mockAws,
  restoreAws,
} from './aws-responses.ts';

describe('Function: lookupImages', () => {
  let aws: MockedAws;

  beforeEach(() => {
    aws = mockAws();
  });

  afterEach(() => {
    restoreAws(aws);
  });

  it('marks the ids an InvalidAMIID.NotFound names unavailable and retries the batch without them', async () => {
    // Prepare
    aws.ec2
      .on(DescribeImagesCommand, { ImageIds: ['ami-0good', 'ami-0gone', 'ami-0never'] })
      .rejects(
        ec2Error('InvalidAMIID.NotFound', "The image ids '[ami-0gone, ami-0never]' do not exist"),
      );
    aws.ec2
      .on(DescribeImagesCommand, { ImageIds: ['ami-0good'] })
      .resolves({ Images: [ec2Image('ami-0good')] });
    const images: Record<string, ImageLookup> = {};
    const context = collectContext();

    // Act
    await lookupImages(context, ['ami-0good', 'ami-0gone', 'ami-0never'], images);

    // Assess
    expect(images['ami-0good']?.status).toBe('available');
    expect(images['ami-0gone']).toEqual({ status: 'unavailable' });
    expect(images['ami-0never']).toEqual({ status: 'unavailable' });
    expect(context.errors.entries).toEqual([]);
  });

  it('copies the owner alias EC2 gives images Amazon publishes', async () => {
    // Prepare
    aws.ec2.on(DescribeImagesCommand).resolves({
      Images: [ec2Image('ami-0eks', { ImageOwnerAlias: 'amazon' }), ec2Image('ami-0own')],
    });
    const images: Record<string, ImageLookup> = {};

    // Act
    await lookupImages(collectContext(), ['ami-0eks', 'ami-0own'], images);

    // Assess
    expect(images['ami-0eks']).toEqual({
      status: 'available',
      image: expect.objectContaining({ imageId: 'ami-0eks', ownerAlias: 'amazon' }),
    });
    expect(images['ami-0own']?.status).toBe('available');
    expect(images['ami-0own']).not.toHaveProperty('image.ownerAlias');
  });

  it('marks a malformed id unavailable', async () => {
    // Prepare
    aws.ec2
      .on(DescribeImagesCommand, { ImageIds: ['ami-xyz'] })
      .rejects(ec2Error('InvalidAMIID.Malformed', 'Invalid id: "ami-xyz" (expecting "ami-...")'));
    const images: Record<string, ImageLookup> = {};

    // Act
    await lookupImages(collectContext(), ['ami-xyz'], images);

    // Assess
    expect(images).toEqual({ 'ami-xyz': { status: 'unavailable' } });
  });

  it('looks each half of a batch up on its own when the error names none of its ids', async () => {
    // Prepare
    aws.ec2
      .on(DescribeImagesCommand, { ImageIds: ['ami-0a', 'ami-0b'] })
      .rejects(ec2Error('InvalidAMIID.Unavailable', 'The image is no longer available'));
    aws.ec2
      .on(DescribeImagesCommand, { ImageIds: ['ami-0a'] })
      .resolves({ Images: [ec2Image('ami-0a')] });
    aws.ec2
      .on(DescribeImagesCommand, { ImageIds: ['ami-0b'] })
      .rejects(ec2Error('InvalidAMIID.Unavailable', 'The image is no longer available'));
    const images: Record<string, ImageLookup> = {};

    // Act
    await lookupImages(collectContext(), ['ami-0a', 'ami-0b'], images);

    // Assess
    expect(images['ami-0a']?.status).toBe('available');
    expect(images['ami-0b']).toEqual({ status: 'unavailable' });
  });

  it('finds the unavailable one of 8 ids in halves, not one call per id', async () => {
    // Prepare
    const ids = Array.from({ length: 8 }, (_, index) => `ami-0${index}`);
    aws.ec2.on(DescribeImagesCommand).callsFake((input: { ImageIds: string[] }) => {
      if (input.ImageIds.includes('ami-06')) {
        throw ec2Error('InvalidAMIID.Unavailable', 'The image is no longer available');
      }
      return { Images: input.ImageIds.map((id) => ec2Image(id)) };
    });
    const images: Record<string, ImageLookup> = {};

    // Act
    await lookupImages(collectContext(), ids, images);

    // Assess
    expect(images['ami-06']).toEqual({ status: 'unavailable' });
    expect(ids.filter((id) => images[id]?.status === 'available')).toHaveLength(7);
    // [0-7] fails; [0-3] and [4-7]; [4-5] and [6-7] fails; [6] fails and [7].
    expect(aws.ec2).toReceiveCommandTimes(DescribeImagesCommand, 7);
  });

  it.each([['deregistered'], ['disabled']])(
    'marks an image EC2 still returns as %s unavailable',
    async (state) => {
      // Prepare
      aws.ec2.on(DescribeImagesCommand).resolves({
        Images: [ec2Image('ami-0gone', { State: state as Image['State'] }), ec2Image('ami-0ok')],
      });
      const images: Record<string, ImageLookup> = {};

      // Act
      await lookupImages(collectContext(), ['ami-0gone', 'ami-0ok'], images);

      // Assess
      expect(images['ami-0gone']).toEqual({ status: 'unavailable' });
      expect(images['ami-0ok']?.status).toBe('available');
    },
  );

  it('follows NextToken although it sends no MaxResults with the ids', async () => {
    // Prepare
    aws.ec2
      .on(DescribeImagesCommand)
      .resolvesOnce({ Images: [ec2Image('ami-0a')], NextToken: 'p2' })
      .resolvesOnce({ Images: [ec2Image('ami-0b')] });
    const images: Record<string, ImageLookup> = {};

    // Act
    await lookupImages(collectContext(), ['ami-0a', 'ami-0b'], images);

    // Assess
    expect(images['ami-0b']?.status).toBe('available');
    expect(aws.ec2).toReceiveNthCommandWith(DescribeImagesCommand, 2, {
      ImageIds: ['ami-0a', 'ami-0b'],
      NextToken: 'p2',
    });
    for (const call of aws.ec2.commandCalls(DescribeImagesCommand)) {
      expect(call.args[0].input.MaxResults).toBeUndefined();
    }
  });

  it('records any other failure and leaves the ids unknown', async () => {
    // Prepare
    aws.ec2
      .on(DescribeImagesCommand)
      .rejects(
        ec2Error('UnauthorizedOperation', 'You are not authorized to perform this operation.'),
      );
    const images: Record<string, ImageLookup> = {};
    const context = collectContext();

    // Act
    await lookupImages(context, ['ami-0a'], images);

    // Assess
    expect(images).toEqual({});
    expect(context.errors.entries).toEqual([
      expect.objectContaining({ operation: 'DescribeImages', code: 'UnauthorizedOperation' }),
    ]);
  });

  it('asks for at most 1,000 ids per call, each once, and skips what is known or not an AMI id', async () => {
    // Prepare
    const ids = Array.from(
      { length: 1500 },
      (_, index) => `ami-0${index.toString(16).padStart(4, '0')}`,
    );
    const images: Record<string, ImageLookup> = { 'ami-00000': { status: 'unavailable' } };

    // Act
    await lookupImages(
      collectContext(),
      [...ids, ...ids, 'resolve:ssm:/my/ami', undefined],
      images,
    );

    // Assess
    const batches = aws.ec2
      .commandCalls(DescribeImagesCommand)
      .map((call) => call.args[0].input.ImageIds ?? []);
    expect(batches.map((batch) => batch.length)).toEqual([1000, 499]);
    expect(batches.flat()).not.toContain('ami-00000');
    expect(images['resolve:ssm:/my/ami']).toBeUndefined();
  });
});

describe('Function: idsNamedIn', () => {
  it('returns the ids of the batch an EC2 message mentions', () => {
    // Act
    const named = idsNamedIn("The image id '[ami-0123abcd]' does not exist", [
      'ami-0123abcd',
      'ami-0123abce',
    ]);

    // Assess
    expect(named).toEqual(['ami-0123abcd']);
  });
});
