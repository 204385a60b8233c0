/** Amazon EC2 Auto Scaling (AWS query protocol, XML responses) over the estate. */
import {
  type AutoScalingGroup,
  type RegionEstate,
  type TemplateSpec,
  userDataText,
} from '../estate.ts';
import {
  type Form,
  list,
  listParam,
  page,
  pageSize,
  queryFilters,
  queryResponse,
  ServiceError,
  tagsMatch,
  type WireResponse,
  type XmlNode,
} from '../wire.ts';

export const AUTO_SCALING_NAMESPACE = 'http://autoscaling.amazonaws.com/doc/2011-01-01/';
const CREATED = '2025-06-01T00:00:00.000Z';

export function autoScaling(action: string, form: Form, region: RegionEstate): WireResponse {
  switch (action) {
    case 'DescribeAutoScalingGroups':
      return describeAutoScalingGroups(form, region);
    case 'DescribeLaunchConfigurations':
      return describeLaunchConfigurations(form, region);
    default:
      throw new ServiceError('InvalidAction', `Could not find operation ${action}`);
  }
}

/**
 * By names (up to 50, or up to MaxRecords when that is larger) and filters on tags; pages of
 * MaxRecords, at most 100 (default 50), as the API Reference describes them.
 */
function describeAutoScalingGroups(form: Form, region: RegionEstate): WireResponse {
  const names = listParam(form, 'AutoScalingGroupNames.member');
  const filters = queryFilters(form);
  const size = pageSize(
    form.get('MaxRecords'),
    { min: 1, max: 100, default: 50 },
    'MaxRecords',
    'ValidationError',
  );
  if (names.length > Math.max(50, size)) {
    throw new ServiceError(
      'ValidationError',
      `The number of AutoScalingGroupNames must not exceed ${Math.max(50, size)}.`,
    );
  }
  for (const filter of filters) {
    if (
      filter.name !== 'tag-key' &&
      filter.name !== 'tag-value' &&
      !filter.name.startsWith('tag:')
    ) {
      throw new ServiceError('ValidationError', `Filter name ${filter.name} is invalid.`);
    }
  }
  const wanted = new Set(names);
  const groups = (
    names.length > 0 ? region.groups.filter((group) => wanted.has(group.name)) : region.groups
  ).filter((group) => filters.every((filter) => tagsMatch(group.tags, filter)));
  const { items, nextToken } = page(groups, form.get('NextToken'), size);
  return queryResponse('DescribeAutoScalingGroups', AUTO_SCALING_NAMESPACE, {
    AutoScalingGroups: list(items.map(groupXml)),
    NextToken: nextToken,
  });
}

function specXml(spec: TemplateSpec): XmlNode {
  return {
    LaunchTemplateId: spec.id,
    LaunchTemplateName: spec.name,
    Version: spec.version,
  };
}

function groupXml(group: AutoScalingGroup): XmlNode {
  return {
    AutoScalingGroupName: group.name,
    AutoScalingGroupARN: group.arn,
    LaunchConfigurationName: group.launchConfigurationName,
    LaunchTemplate: group.launchTemplate === undefined ? undefined : specXml(group.launchTemplate),
    MixedInstancesPolicy:
      group.mixed === undefined
        ? undefined
        : {
            LaunchTemplate: {
              LaunchTemplateSpecification: specXml(group.mixed.template),
              Overrides: list(
                group.mixed.overrides.map((override) => ({
                  InstanceType: override.instanceType,
                  LaunchTemplateSpecification:
                    override.template === undefined ? undefined : specXml(override.template),
                  ImageId: override.imageId,
                })),
              ),
            },
            InstancesDistribution: {
              OnDemandAllocationStrategy: 'prioritized',
              OnDemandBaseCapacity: 0,
              OnDemandPercentageAboveBaseCapacity: 100,
              SpotAllocationStrategy: 'price-capacity-optimized',
            },
          },
    MinSize: 0,
    MaxSize: Math.max(10, group.instances.length * 2),
    DesiredCapacity: group.instances.length,
    DefaultCooldown: 300,
    AvailabilityZones: list(['us-west-2a', 'us-west-2b']),
    HealthCheckType: 'EC2',
    HealthCheckGracePeriod: 300,
    CreatedTime: CREATED,
    Instances: list(
      group.instances.map((instance) => ({
        InstanceId: instance.id,
        InstanceType: 'm5.xlarge',
        AvailabilityZone: 'us-west-2a',
        LifecycleState: instance.lifecycleState,
        HealthStatus: 'Healthy',
        LaunchTemplate:
          group.launchTemplate === undefined ? undefined : specXml(group.launchTemplate),
        LaunchConfigurationName: group.launchConfigurationName,
        ProtectedFromScaleIn: false,
      })),
    ),
    Tags: list(
      Object.entries(group.tags).map(([key, value]) => ({
        ResourceId: group.name,
        ResourceType: 'auto-scaling-group',
        Key: key,
        Value: value,
        PropagateAtLaunch: true,
      })),
    ),
    ServiceLinkedRoleARN: `arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
  };
}

/** By names (up to 50) or all, MaxRecords up to 100 (default 50). */
function describeLaunchConfigurations(form: Form, region: RegionEstate): WireResponse {
  const names = listParam(form, 'LaunchConfigurationNames.member');
  const size = pageSize(
    form.get('MaxRecords'),
    { min: 1, max: 100, default: 50 },
    'MaxRecords',
    'ValidationError',
  );
  if (names.length > 50) {
    throw new ServiceError(
      'ValidationError',
      'The number of LaunchConfigurationNames must not exceed 50.',
    );
  }
  const configurations =
    names.length > 0
      ? names.flatMap((name) => {
          const configuration = region.launchConfigurationByName.get(name);
          return configuration === undefined ? [] : [configuration];
        })
      : region.launchConfigurations;
  const { items, nextToken } = page(configurations, form.get('NextToken'), size);
  return queryResponse('DescribeLaunchConfigurations', AUTO_SCALING_NAMESPACE, {
    LaunchConfigurations: list(
      items.map((configuration) => ({
        LaunchConfigurationName: configuration.name,
        LaunchConfigurationARN: configuration.arn,
        ImageId: configuration.imageId,
        InstanceType: configuration.instanceType,
        UserData:
          configuration.userData === undefined
            ? undefined
            : userDataText(configuration.userData, region),
        CreatedTime: CREATED,
        SecurityGroups: list([]),
        KeyName: '',
      })),
    ),
    NextToken: nextToken,
  });
}
