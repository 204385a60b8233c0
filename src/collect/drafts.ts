/**
 * Node sources as the listing calls find them, before their launch templates, launch
 * configurations and instance user data are fetched (in batches, across all clusters).
 */
import type { ConfigSite, NodeSource, ResourceRef } from '../inventory/types.ts';
import { partitionOf } from '../regions.ts';

/** A launch template as a node source names it: by id, by name or both. */
export interface LaunchTemplateRef {
  id?: string;
  name?: string;
  /** "$Default", "$Latest" or a version number. */
  version: string;
}

/** A launch template whatever its version: its id, else its name. */
export function templateKey(ref: Pick<LaunchTemplateRef, 'id' | 'name'>): string {
  return ref.id ?? `name:${ref.name}`;
}

/** What still has to be fetched to know one configuration site of a node source. */
export type SiteRequest =
  | {
      kind: 'launch-template';
      template: LaunchTemplateRef;
      /** The instance's own AMI, which wins over the template's (Karpenter, stand-alone). */
      imageId?: string;
      /** Read this instance's user data when the template is gone (Karpenter deletes them). */
      fallbackInstance?: ResourceRef;
    }
  | { kind: 'launch-configuration'; name: string }
  | { kind: 'instance-user-data'; instance: ResourceRef; imageId?: string }
  /** Nothing to fetch: the site is known as it is. */
  | { kind: 'known'; site: ConfigSite };

export interface NodeSourceDraft {
  source: NodeSource;
  requests: SiteRequest[];
}

/** Launch templates default to their default version when a source names none. */
export function normaliseVersion(version: string | undefined): string {
  const trimmed = version?.trim();
  return trimmed ? trimmed : '$Default';
}

export function launchTemplateArn(region: string, accountId: string, templateId: string): string {
  return `arn:${partitionOf(region)}:ec2:${region}:${accountId}:launch-template/${templateId}`;
}

export function instanceArn(region: string, accountId: string, instanceId: string): string {
  return `arn:${partitionOf(region)}:ec2:${region}:${accountId}:instance/${instanceId}`;
}
