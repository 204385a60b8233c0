/**
 * What an operator calls each resource type: "Launch template", not "AwsEc2LaunchTemplate".
 * One wording for the terminal table, the HTML report and the notifications.
 */
import type { ResourceRef, ResourceType } from './types.ts';

const RESOURCE_LABELS: Record<ResourceType, string> = {
  AwsEksCluster: 'Cluster',
  AwsEksNodegroup: 'Node group',
  AwsAutoScalingAutoScalingGroup: 'Auto Scaling group',
  AwsAutoScalingLaunchConfiguration: 'Launch configuration',
  AwsEc2LaunchTemplate: 'Launch template',
  AwsEc2Instance: 'Instance',
};

/** "Launch template" for `AwsEc2LaunchTemplate`; a type this scanner does not know, as given. */
export function resourceLabel(type: string): string {
  return RESOURCE_LABELS[type as ResourceType] ?? type;
}

/**
 * "Launch template win-nodes" with the id apart, or "Instance i-0abc…" when the name adds
 * nothing. Names and ids come from AWS: each output makes them safe its own way, with
 * `clean`, before they are compared and joined.
 */
export function describeResource(
  resource: ResourceRef,
  clean: (text: string) => string = (text) => text,
): { label: string; id?: string } {
  const kind = clean(resourceLabel(resource.type));
  const id = clean(resource.id);
  const name = resource.name === undefined ? '' : clean(resource.name);
  if (name === '' || name === id) return { label: `${kind} ${id}` };
  return { label: `${kind} ${name}`, id };
}
