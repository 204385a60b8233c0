import { type Image as Ec2Image, paginateDescribeImages } from '@aws-sdk/client-ec2';
import type { Image, ImageLookup } from '../inventory/types.ts';
import type { CollectContext } from './context.ts';
import { chunk, collectPages } from './pagination.ts';
import { assignDefined } from './records.ts';

/**
 * Image ids per DescribeImages call: "you should not specify more than 1,000 IDs in a single
 * call" (Amazon EC2 Developer Guide, "Pagination in the Amazon EC2 API").
 */
const IMAGE_IDS_PER_CALL = 1000;

/** Errors by which EC2 says that some ids of the request name no image the account can use. */
const UNAVAILABLE_ID_CODES = new Set([
  'InvalidAMIID.NotFound',
  'InvalidAMIID.Malformed',
  'InvalidAMIID.Unavailable',
]);

/**
 * States in which EC2 still returns an image no instance can be launched from: AWS lists a
 * recently deregistered AMI for a while (moto drops it at once), and a disabled one when asked.
 */
const GONE_STATES = new Set(['deregistered', 'disabled']);

/**
 * Looks up AMIs by id in batches and adds what it learns to `images`: the image, or
 * `unavailable` when EC2 does not return it (private to someone else, deregistered,
 * disabled) or returns it in one of those states. Ids already in `images` and values that
 * are not AMI ids (an unresolved `resolve:ssm:` alias) are skipped. A batch that fails for
 * another reason is recorded and its ids stay absent: unknown, not unavailable.
 */
export async function lookupImages(
  context: CollectContext,
  imageIds: Iterable<string | undefined>,
  images: Record<string, ImageLookup>,
): Promise<void> {
  const wanted = new Set<string>();
  for (const id of imageIds) {
    if (id?.startsWith('ami-') && images[id] === undefined) wanted.add(id);
  }
  await Promise.all(
    chunk([...wanted], IMAGE_IDS_PER_CALL).map((batch) =>
      context.limits.ec2.DescribeImages(() => lookupBatch(context, batch, images)),
    ),
  );
}

async function lookupBatch(
  context: CollectContext,
  batch: string[],
  images: Record<string, ImageLookup>,
): Promise<void> {
  let remaining = batch;
  // Every failed round removes at least one id, so this ends.
  while (remaining.length > 0) {
    if (context.stop.requested) return;
    try {
      const found = await describeImages(context, remaining);
      for (const image of found) {
        images[image.imageId] = GONE_STATES.has(image.state ?? '')
          ? { status: 'unavailable' }
          : { status: 'available', image };
      }
      // A page cut short by the deadline proves nothing about the ids it did not reach.
      if (context.stop.requested) return;
      for (const id of remaining) images[id] ??= { status: 'unavailable' };
      return;
    } catch (error) {
      const code = error instanceof Error ? error.name : '';
      if (!UNAVAILABLE_ID_CODES.has(code)) {
        context.errors.record('DescribeImages', error);
        return;
      }
      const named = idsNamedIn(error instanceof Error ? error.message : '', remaining);
      if (named.length === 0 && remaining.length > 1) {
        // The message named no id of ours: ask for each half on its own to find the bad ones.
        const half = Math.ceil(remaining.length / 2);
        for (const part of [remaining.slice(0, half), remaining.slice(half)]) {
          await lookupBatch(context, part, images);
        }
        return;
      }
      const bad = named.length === 0 ? remaining : named;
      for (const id of bad) images[id] = { status: 'unavailable' };
      remaining = remaining.filter((id) => !bad.includes(id));
    }
  }
}

/** The ids of `candidates` that an EC2 error message mentions, e.g. "The image ids '[ami-1, ami-2]' do not exist". */
export function idsNamedIn(message: string, candidates: readonly string[]): string[] {
  const mentioned = new Set(message.match(/ami-[A-Za-z0-9]+/g) ?? []);
  return candidates.filter((id) => mentioned.has(id));
}

async function describeImages(context: CollectContext, imageIds: string[]): Promise<Image[]> {
  const { ec2 } = context.clients;
  // No page size: EC2 rejects MaxResults together with ImageIds on some operations, and the
  // ids asked for come back in one page anyway. The paginator still follows a NextToken.
  const found = await collectPages(
    paginateDescribeImages(
      { client: ec2 },
      // Deprecated EKS AMIs are exactly the ones worth reporting.
      { ImageIds: imageIds, IncludeDeprecated: true },
    ),
    (page) => page.Images,
    context.stop,
  );
  return found.flatMap((image) => {
    const converted = toImage(image);
    return converted === undefined ? [] : [converted];
  });
}

function toImage(image: Ec2Image): Image | undefined {
  if (image.ImageId === undefined) return undefined;
  return assignDefined(
    { imageId: image.ImageId },
    {
      name: image.Name,
      ownerId: image.OwnerId,
      ownerAlias: image.ImageOwnerAlias,
      platform: image.Platform?.toLowerCase(),
      public: image.Public,
      creationDate: image.CreationDate,
      deprecationTime: image.DeprecationTime,
      state: image.State,
    },
  );
}
