/** AWS Systems Manager (JSON 1.1: the operation is the X-Amz-Target header) over the estate. */
import type { RegionEstate } from '../estate.ts';
import { jsonResponse, page, pageSize, ServiceError, type WireResponse } from '../wire.ts';

const JSON_TYPE = 'application/x-amz-json-1.1';
const MODIFIED_SECONDS = Date.parse('2026-01-14T00:00:00Z') / 1000;

interface InstanceInformationFilter {
  Key?: string;
  Values?: string[];
}

export function ssm(
  operation: string,
  input: Record<string, unknown>,
  region: RegionEstate,
): WireResponse {
  switch (operation) {
    case 'GetParameters':
      return getParameters(input, region);
    case 'DescribeInstanceInformation':
      return describeInstanceInformation(input, region);
    default:
      throw new ServiceError('InvalidAction', `Unsupported operation ${operation}`);
  }
}

/** Up to 10 names a call; a name with a `:version` or `:label` selector is answered by name. */
function getParameters(input: Record<string, unknown>, region: RegionEstate): WireResponse {
  const names = Array.isArray(input.Names) ? (input.Names as string[]) : [];
  if (names.length === 0 || names.length > 10) {
    throw new ServiceError(
      'ValidationException',
      `1 validation error detected: Value at 'names' failed to satisfy constraint: Member must have length less than or equal to 10`,
    );
  }
  const parameters: Record<string, unknown>[] = [];
  const invalid: string[] = [];
  for (const name of names) {
    const [base, selector] = name.split(/:(?=[^:/]+$)/) as [string, string | undefined];
    const parameter = region.parameterByName.get(base);
    if (parameter === undefined || (selector !== undefined && selector !== '1')) {
      invalid.push(name);
      continue;
    }
    parameters.push({
      Name: parameter.name,
      ...(selector === undefined ? {} : { Selector: `:${selector}` }),
      Type: 'String',
      Value: parameter.value,
      Version: 1,
      LastModifiedDate: MODIFIED_SECONDS,
      ARN: `arn:aws:ssm:${region.region}::parameter${parameter.name}`,
      DataType: parameter.name.startsWith('/aws/') ? 'aws:ec2:image' : 'text',
    });
  }
  return jsonResponse({ Parameters: parameters, InvalidParameters: invalid }, JSON_TYPE);
}

/**
 * Managed instances, filtered by `InstanceIds` (up to 50 values) or `PlatformTypes`; pages of
 * MaxResults, 5–50 (default 50).
 */
function describeInstanceInformation(
  input: Record<string, unknown>,
  region: RegionEstate,
): WireResponse {
  const size = pageSize(
    input.MaxResults as number | undefined,
    { min: 5, max: 50, default: 50 },
    'maxResults',
    'ValidationException',
  );
  const filters = [
    ...((input.Filters as InstanceInformationFilter[] | undefined) ?? []),
    ...(
      (input.InstanceInformationFilterList as
        | { key?: string; valueSet?: string[] }[]
        | undefined) ?? []
    ).map((filter) => ({ Key: filter.key, Values: filter.valueSet })),
  ];
  for (const filter of filters) {
    if ((filter.Values?.length ?? 0) > 50 && filter.Key === 'InstanceIds') {
      throw new ServiceError(
        'ValidationException',
        'InstanceIds filter accepts at most 50 values.',
      );
    }
  }
  // Asked by id, the instances are looked up by id (as the service's index would), not found
  // by walking the region's thousands: the fake's own cost is not the scanner's.
  const ids = filters.find((filter) => filter.Key === 'InstanceIds')?.Values;
  const candidates =
    ids === undefined
      ? region.instances
      : [...new Set(ids)].sort().flatMap((id) => region.instanceById.get(id) ?? []);
  const managed = candidates.filter((instance) => instance.ssm !== undefined);
  const matching = managed.filter((instance) =>
    filters.every((filter) => {
      const values = filter.Values ?? [];
      switch (filter.Key) {
        case 'InstanceIds':
          return values.includes(instance.id);
        case 'PlatformTypes':
          return values.includes(instance.ssm?.platformType ?? '');
        case 'PingStatus':
          return values.includes('Online');
        case 'ResourceType':
          return values.includes('EC2Instance');
        default:
          throw new ServiceError(
            'InvalidInstanceInformationFilterValue',
            `Filter key ${filter.Key} is not valid.`,
          );
      }
    }),
  );
  const { items, nextToken } = page(matching, input.NextToken as string | undefined, size);
  return jsonResponse(
    {
      InstanceInformationList: items.map((instance) => ({
        InstanceId: instance.id,
        PingStatus: 'Online',
        LastPingDateTime: MODIFIED_SECONDS,
        AgentVersion: '3.3.1142.0',
        IsLatestVersion: false,
        PlatformType: instance.ssm?.platformType,
        PlatformName: instance.ssm?.platformName,
        PlatformVersion: instance.ssm?.platformVersion,
        ResourceType: 'EC2Instance',
        IPAddress: '10.0.1.10',
        ComputerName: `EC2AMAZ-${instance.id.slice(2, 9).toUpperCase()}`,
      })),
      NextToken: nextToken,
    },
    JSON_TYPE,
  );
}
