import { paginateDescribeLaunchTemplates } from '@aws-sdk/client-ec2';
import type { NodeSource } from '../inventory/types.ts';
import type { CollectContext } from './context.ts';
import { chunk, collectPages } from './pagination.ts';
import { tagRecord } from './records.ts';

/**
 * Template ids per DescribeLaunchTemplates call, and the page size passed with them: the
 * largest MaxResults EC2 accepts (1 to 200, EC2 API reference). Always passed: without it moto
 * returns at most 15 templates and no NextToken.
 */
export const TEMPLATES_PER_CALL = 200;

/**
 * The tags of each launch template, by id, in batches. AWS fails a whole call when one id
 * no longer exists (Karpenter deletes its templates): such a batch is asked for again one
 * id at a time, and a template that is gone has no tags. Any other failure is recorded
 * (suppressions on those templates may then be missing) and the other batches still count.
 */
export async function describeLaunchTemplateTags(
  context: CollectContext,
  templateIds: readonly string[],
): Promise<Map<string, Record<string, string>>> {
  const tags = new Map<string, Record<string, string>>();
  const unique = [...new Set(templateIds)];
  await Promise.all(
    chunk(unique, TEMPLATES_PER_CALL).map((batch) => describeBatch(context, batch, tags)),
  );
  return tags;
}

async function describeBatch(
  context: CollectContext,
  batch: string[],
  into: Map<string, Record<string, string>>,
): Promise<void> {
  if (context.stop.requested) return;
  const { ec2 } = context.clients;
  try {
    const templates = await context.limits.ec2.DescribeLaunchTemplates(() =>
      collectPages(
        paginateDescribeLaunchTemplates(
          { client: ec2, pageSize: TEMPLATES_PER_CALL },
          { LaunchTemplateIds: batch },
        ),
        (page) => page.LaunchTemplates,
        context.stop,
      ),
    );
    for (const template of templates) {
      if (template.LaunchTemplateId !== undefined) {
        into.set(template.LaunchTemplateId, tagRecord(template.Tags));
      }
    }
  } catch (error) {
    if (isTemplateNotFound(error)) {
      if (batch.length > 1) {
        await Promise.all(
          batchesWithoutMissing(batch, error).map((rest) => describeBatch(context, rest, into)),
        );
      }
      return;
    }
    context.errors.record('DescribeLaunchTemplates', error);
  }
}

/**
 * What to ask again after a batch failed for a template that is gone: the batch without the
 * ids the error message names ("… with template ID lt-0gone, does not exist."), else its two
 * halves, so that one missing template costs a few calls, not one per id.
 */
function batchesWithoutMissing(batch: string[], error: unknown): string[][] {
  const named = new Set(
    error instanceof Error ? (error.message.match(/lt-[0-9a-zA-Z]+/g) ?? []) : [],
  );
  const rest = batch.filter((id) => !named.has(id));
  if (rest.length < batch.length) return rest.length === 0 ? [] : [rest];
  const half = Math.ceil(batch.length / 2);
  return [batch.slice(0, half), batch.slice(half)];
}

/**
 * The codes by which EC2 says an id of the request names no launch template. Real AWS may
 * answer a missing id with the name code too ("At least one of the launch templates specified
 * in the request does not exist"; terraform-provider-aws treats all three as not found), and a
 * malformed id names no template either.
 */
const TEMPLATE_NOT_FOUND_CODES = new Set([
  'InvalidLaunchTemplateId.NotFound',
  'InvalidLaunchTemplateName.NotFoundException',
  'InvalidLaunchTemplateId.Malformed',
]);

function isTemplateNotFound(error: unknown): boolean {
  return error instanceof Error && TEMPLATE_NOT_FOUND_CODES.has(error.name);
}

/** The launch templates the sites of these node sources are. */
export function launchTemplateIdsOf(sources: readonly NodeSource[]): string[] {
  return sources.flatMap((source) =>
    source.sites.flatMap((site) => (site.ref.type === 'AwsEc2LaunchTemplate' ? [site.ref.id] : [])),
  );
}

/**
 * Gives every site its own tags: a launch template's from `templateTags`, an instance's
 * from the instance node source it belongs to. Sites of other kinds keep none.
 */
export function attachSiteTags(
  sources: readonly NodeSource[],
  templateTags: ReadonlyMap<string, Record<string, string>>,
): NodeSource[] {
  return sources.map((source) => ({
    ...source,
    sites: source.sites.map((site) => {
      const tags =
        site.ref.type === 'AwsEc2LaunchTemplate'
          ? templateTags.get(site.ref.id)
          : site.ref.type === 'AwsEc2Instance' && site.ref.id === source.ref.id
            ? source.tags
            : undefined;
      return tags === undefined ? site : { ...site, tags };
    }),
  }));
}
