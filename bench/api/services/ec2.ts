/**
 * EC2 (EC2 query protocol) over the estate: the describe calls the scanner makes, with the
 * paging, id-list and error behaviour of the real API.
 */
import {
  type Image,
  type Instance,
  type LaunchTemplate,
  type RegionEstate,
  type TemplateVersion,
  userDataText,
} from '../estate.ts';
import {
  ec2Filters,
  ec2Response,
  type Filter,
  type Form,
  list,
  listParam,
  page,
  pageSize,
  ServiceError,
  tagList,
  tagsMatch,
  type WireResponse,
  type XmlNode,
} from '../wire.ts';

const STATE_CODES: Record<Instance['state'], number> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};
const CREATED = '2025-06-01T00:00:00.000Z';

export function ec2(action: string, form: Form, region: RegionEstate): WireResponse {
  switch (action) {
    case 'DescribeInstances':
      return describeInstances(form, region);
    case 'DescribeInstanceAttribute':
      return describeInstanceAttribute(form, region);
    case 'DescribeImages':
      return describeImages(form, region);
    case 'DescribeLaunchTemplateVersions':
      return describeLaunchTemplateVersions(form, region);
    case 'DescribeLaunchTemplates':
      return describeLaunchTemplates(form, region);
    case 'DescribeVpcs':
      return describeVpcs(form, region);
    default:
      throw new ServiceError(
        'InvalidAction',
        `The action ${action} is not valid for this web service.`,
      );
  }
}

function instanceMatches(instance: Instance, filter: Filter): boolean {
  switch (filter.name) {
    case 'instance-state-name':
      return filter.values.includes(instance.state);
    case 'instance-id':
      return filter.values.includes(instance.id);
    case 'image-id':
      return filter.values.includes(instance.imageId);
    case 'platform':
      return instance.platform !== undefined && filter.values.includes(instance.platform);
    default:
      if (filter.name.startsWith('tag')) return tagsMatch(instance.tags, filter);
      throw new ServiceError('InvalidParameterValue', `The filter '${filter.name}' is invalid`);
  }
}

function describeInstances(form: Form, region: RegionEstate): WireResponse {
  const ids = listParam(form, 'InstanceId');
  const maxResults = form.get('MaxResults');
  if (ids.length > 0 && maxResults !== undefined) {
    throw new ServiceError(
      'InvalidParameterCombination',
      'The parameter instancesSet cannot be used with the parameter maxResults',
    );
  }
  const filters = ec2Filters(form);
  let instances: Instance[];
  if (ids.length > 0) {
    const missing = ids.filter((id) => !region.instanceById.has(id));
    if (missing.length > 0) {
      throw new ServiceError(
        'InvalidInstanceID.NotFound',
        `The instance IDs '${missing.join(', ')}' do not exist`,
      );
    }
    instances = ids.map((id) => region.instanceById.get(id) as Instance);
  } else {
    instances = region.instances;
  }
  const matching = instances.filter((instance) =>
    filters.every((filter) => instanceMatches(instance, filter)),
  );
  // Without MaxResults EC2 returns everything in one response.
  const size =
    maxResults === undefined
      ? Math.max(1, matching.length)
      : pageSize(maxResults, { min: 5, max: 1000, default: 1000 }, 'maxResults');
  const { items, nextToken } = page(matching, form.get('NextToken'), size);
  // One reservation per instance, as Auto Scaling and Karpenter launch them.
  return ec2Response('DescribeInstances', {
    reservationSet: list(
      items.map((instance) => ({
        reservationId: `r-${instance.id.slice(2)}`,
        ownerId: '123456789012',
        instancesSet: list([instanceXml(instance)]),
      })),
    ),
    nextToken,
  });
}

function instanceXml(instance: Instance): XmlNode {
  return {
    instanceId: instance.id,
    imageId: instance.imageId,
    instanceState: { code: STATE_CODES[instance.state], name: instance.state },
    privateDnsName: `ip-10-0-${instance.id.charCodeAt(3) % 250}-${instance.id.charCodeAt(5) % 250}.ec2.internal`,
    instanceType: instance.instanceType,
    launchTime: CREATED,
    platform: instance.platform,
    platformDetails: instance.platform === 'windows' ? 'Windows' : 'Linux/UNIX',
    architecture: 'x86_64',
    rootDeviceType: 'ebs',
    virtualizationType: 'hvm',
    tagSet: tagList(instance.tags),
  };
}

function describeInstanceAttribute(form: Form, region: RegionEstate): WireResponse {
  const id = form.get('InstanceId') ?? '';
  const attribute = form.get('Attribute');
  const instance = region.instanceById.get(id);
  if (instance === undefined) {
    throw new ServiceError('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`);
  }
  if (attribute !== 'userData') {
    throw new ServiceError(
      'InvalidParameterValue',
      `Value (${attribute}) for parameter attribute is invalid.`,
    );
  }
  return ec2Response('DescribeInstanceAttribute', {
    instanceId: id,
    userData:
      instance.userData === undefined ? {} : { value: userDataText(instance.userData, region) },
  });
}

function imageMatches(image: Image, filter: Filter): boolean {
  switch (filter.name) {
    case 'image-id':
      return filter.values.includes(image.id);
    case 'owner-id':
      return filter.values.includes(image.ownerId);
    case 'name':
      return filter.values.includes(image.name);
    case 'platform':
      return image.platform !== undefined && filter.values.includes(image.platform);
    default:
      throw new ServiceError('InvalidParameterValue', `The filter '${filter.name}' is invalid`);
  }
}

/**
 * By id, EC2 leaves out an AMI the account may no longer use (made private, deregistered):
 * "recently deregistered images appear in the returned results for a short interval and then
 * return empty results" (DescribeImages, EC2 API Reference).
 */
function describeImages(form: Form, region: RegionEstate): WireResponse {
  const ids = listParam(form, 'ImageId');
  const filters = ec2Filters(form);
  const owners = listParam(form, 'Owner');
  const candidates =
    ids.length > 0
      ? ids.flatMap((id) => {
          const image = region.imageById.get(id);
          return image === undefined ? [] : [image];
        })
      : region.images;
  const matching = candidates.filter(
    (image) =>
      image.visible &&
      (owners.length === 0 ||
        owners.includes(image.ownerId) ||
        owners.includes(image.ownerAlias ?? '')) &&
      filters.every((filter) => imageMatches(image, filter)),
  );
  const maxResults = form.get('MaxResults');
  const size =
    maxResults === undefined
      ? Math.max(1, matching.length)
      : pageSize(maxResults, { min: 1, max: 1000, default: 1000 }, 'MaxResults');
  const { items, nextToken } = page(matching, form.get('NextToken'), size);
  return ec2Response('DescribeImages', {
    imagesSet: list(
      items.map((image) => ({
        imageId: image.id,
        imageLocation: `${image.ownerAlias ?? image.ownerId}/${image.name}`,
        imageState: 'available',
        imageOwnerId: image.ownerId,
        creationDate: image.creationDate,
        isPublic: image.public,
        architecture: 'x86_64',
        imageType: 'machine',
        platform: image.platform,
        platformDetails: image.platform === 'windows' ? 'Windows' : 'Linux/UNIX',
        imageOwnerAlias: image.ownerAlias,
        name: image.name,
        rootDeviceType: 'ebs',
        virtualizationType: 'hvm',
        deprecationTime: image.deprecationTime,
      })),
    ),
    nextToken,
  });
}

function findTemplate(region: RegionEstate, id?: string, name?: string): LaunchTemplate {
  if (id !== undefined) {
    const template = region.templateById.get(id);
    if (template === undefined) {
      throw new ServiceError(
        'InvalidLaunchTemplateId.NotFound',
        `The specified launch template, with template ID ${id}, does not exist.`,
      );
    }
    return template;
  }
  const template = region.templateByName.get(name ?? '');
  if (template === undefined) {
    throw new ServiceError(
      'InvalidLaunchTemplateName.NotFoundException',
      `At least one of the launch templates specified in the request does not exist.`,
    );
  }
  return template;
}

function latestOf(template: LaunchTemplate): number {
  return template.versions.length;
}

/** The versions an alias or number names in one template; undefined when it has none such. */
function versionsNamed(template: LaunchTemplate, requested: string): TemplateVersion | undefined {
  const number =
    requested === '$Latest'
      ? latestOf(template)
      : requested === '$Default'
        ? template.defaultVersion
        : Number(requested);
  return template.versions.find((version) => version.number === number);
}

/**
 * One template's versions (by id or name, all or the ones named), or — without either —
 * `$Latest`/`$Default` of every template in the region, paged at most 200 a call.
 */
function describeLaunchTemplateVersions(form: Form, region: RegionEstate): WireResponse {
  const id = form.get('LaunchTemplateId');
  const name = form.get('LaunchTemplateName');
  const requested = listParam(form, 'LaunchTemplateVersion');
  const size = pageSize(form.get('MaxResults'), { min: 1, max: 200, default: 200 }, 'MaxResults');
  let versions: { template: LaunchTemplate; version: TemplateVersion }[];
  if (id === undefined && name === undefined) {
    const aliases = new Set(requested);
    if (
      aliases.size === 0 ||
      [...aliases].some((alias) => alias !== '$Latest' && alias !== '$Default')
    ) {
      throw new ServiceError(
        'InvalidParameterValue',
        'To describe the versions of all launch templates, specify $Latest, $Default or both.',
      );
    }
    versions = region.templates.flatMap((template) =>
      template.versions
        .filter(
          (version) =>
            (aliases.has('$Latest') && version.number === latestOf(template)) ||
            (aliases.has('$Default') && version.number === template.defaultVersion),
        )
        .map((version) => ({ template, version })),
    );
  } else {
    const template = findTemplate(region, id, name);
    if (requested.length === 0) {
      versions = template.versions.map((version) => ({ template, version }));
    } else {
      const found = new Map<number, TemplateVersion>();
      for (const request of requested) {
        const version = versionsNamed(template, request);
        if (version === undefined) {
          throw new ServiceError(
            'InvalidLaunchTemplateId.VersionNotFound',
            `Could not find launch template version ${request} for template ${template.id}`,
          );
        }
        found.set(version.number, version);
      }
      versions = [...found.values()].map((version) => ({ template, version }));
    }
  }
  const { items, nextToken } = page(versions, form.get('NextToken'), size);
  return ec2Response('DescribeLaunchTemplateVersions', {
    launchTemplateVersionSet: list(
      items.map(({ template, version }) => ({
        launchTemplateId: template.id,
        launchTemplateName: template.name,
        versionNumber: version.number,
        createTime: CREATED,
        createdBy: 'arn:aws:iam::123456789012:role/platform',
        defaultVersion: version.number === template.defaultVersion,
        launchTemplateData: {
          imageId: version.imageId,
          instanceType: version.instanceType,
          userData:
            version.userData === undefined
              ? undefined
              : userDataText(version.userData, region, version.gzip ?? false),
        },
      })),
    ),
    nextToken,
  });
}

/** By ids (all at once, failing on an id that does not exist) or every template, paged. */
function describeLaunchTemplates(form: Form, region: RegionEstate): WireResponse {
  const ids = listParam(form, 'LaunchTemplateId');
  const names = listParam(form, 'LaunchTemplateName');
  let templates: LaunchTemplate[];
  if (ids.length > 0 || names.length > 0) {
    templates = [
      ...ids.map((id) => findTemplate(region, id)),
      ...names.map((name) => findTemplate(region, undefined, name)),
    ];
  } else {
    templates = region.templates;
  }
  const maxResults = form.get('MaxResults');
  const size =
    maxResults === undefined
      ? Math.max(1, templates.length)
      : pageSize(maxResults, { min: 1, max: 200, default: 200 }, 'MaxResults');
  const { items, nextToken } = page(templates, form.get('NextToken'), size);
  return ec2Response('DescribeLaunchTemplates', {
    launchTemplates: list(
      items.map((template) => ({
        launchTemplateId: template.id,
        launchTemplateName: template.name,
        createTime: CREATED,
        createdBy: 'arn:aws:iam::123456789012:role/platform',
        defaultVersionNumber: template.defaultVersion,
        latestVersionNumber: latestOf(template),
        tagSet: tagList(template.tags),
      })),
    ),
    nextToken,
  });
}

function describeVpcs(form: Form, region: RegionEstate): WireResponse {
  const ids = listParam(form, 'VpcId');
  const missing = ids.filter((id) => !region.vpcById.has(id));
  if (missing.length > 0) {
    throw new ServiceError(
      'InvalidVpcID.NotFound',
      `The vpc ID '${missing.join(', ')}' does not exist`,
    );
  }
  const vpcs = ids.length > 0 ? ids.map((id) => region.vpcById.get(id)) : region.vpcs;
  const maxResults = form.get('MaxResults');
  const size =
    maxResults === undefined
      ? Math.max(1, vpcs.length)
      : pageSize(maxResults, { min: 5, max: 1000, default: 1000 }, 'MaxResults');
  const { items, nextToken } = page(vpcs, form.get('NextToken'), size);
  return ec2Response('DescribeVpcs', {
    vpcSet: list(
      items.flatMap((vpc) =>
        vpc === undefined
          ? []
          : [
              {
                vpcId: vpc.id,
                ownerId: '123456789012',
                state: 'available',
                cidrBlock: vpc.cidrs[0],
                cidrBlockAssociationSet: list(
                  vpc.cidrs.map((cidr, i) => ({
                    associationId: `vpc-cidr-assoc-${vpc.id.slice(4)}${i}`,
                    cidrBlock: cidr,
                    cidrBlockState: { state: 'associated' },
                  })),
                ),
                isDefault: false,
              },
            ],
      ),
    ),
    nextToken,
  });
}
