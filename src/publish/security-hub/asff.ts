/**
 * One report finding as an ASFF finding (SPEC 6). Everything here comes from the finding,
 * whose evidence is non-secret by contract: no user data can reach Security Hub.
 */
import { createHash } from 'node:crypto';
import type { AwsSecurityFinding, Partition, Resource } from '@aws-sdk/client-securityhub';
import { descriptionParts } from '../../evaluate/description.ts';
import { RULES } from '../../evaluate/rules/index.ts';
import type {
  AffectedRef,
  EvidenceValue,
  Finding,
  FindingSuppression,
} from '../../evaluate/types.ts';
import type { ResourceType } from '../../inventory/types.ts';
import { otherAffected } from '../../report/affected.ts';
import { sourceUrls } from '../../report/format/text.ts';
import { displayText, oneLine, truncateUnits } from '../../text.ts';
import { ASFF_LIMITS, ASFF_SCHEMA_VERSION, NOT_BLANK } from './asff-rules.ts';
import { defaultProductArn, partitionOf } from './partition.ts';

export const SCANNER_NAME = 'eks-windows-scanner';
/** Every GeneratorId of ours starts with this: GetFindings selects our findings by it. */
export const GENERATOR_ID_PREFIX = `${SCANNER_NAME}/`;
export const PRODUCT_FIELD = {
  ruleId: `${SCANNER_NAME}/ruleId`,
  cluster: `${SCANNER_NAME}/cluster`,
  scannerVersion: `${SCANNER_NAME}/scannerVersion`,
  /** The report's finding id, only when the ASFF `Id` is shortened and no longer holds it. */
  findingId: `${SCANNER_NAME}/findingId`,
  /**
   * `true` on a finding written while suppressed, absent otherwise: the next run reads it to
   * tell a suppression that ended, or a suppressed finding that went away (`writtenSuppressed`).
   */
  suppressed: `${SCANNER_NAME}/suppressed`,
  /** Followed by the evidence key. */
  evidencePrefix: `${SCANNER_NAME}/evidence/`,
} as const;
/** `Note.UpdatedBy` of the notes the scanner writes: tells its suppressions from people's. */
export const NOTE_AUTHOR = SCANNER_NAME;
/** The note of a suppressed finding whose report does not say where the suppression is. */
export const SUPPRESSED_NOTE = 'Suppressed by an eks-windows-scanner suppression';
/** Bounds within the note (Note.Text takes ASFF_LIMITS.noteChars in all). */
const NOTE_ORIGIN_CHARS = 200;
const NOTE_REASON_CHARS = 256;
/** Between the kept start of a finding id too long for an ASFF `Id` and its digest. */
const ID_DIGEST_MARK = '#sha256:';
const ID_DIGEST_CHARS = 64;

const PATCH_MANAGEMENT = 'Software and Configuration Checks/Patch Management';
const BEST_PRACTICES = 'Software and Configuration Checks/AWS Security Best Practices';
/** Rules about releases, versions and AMIs reaching their end: keeping software current. */
const LIFECYCLE_RULE_PREFIXES = ['windows-server-', 'eks-version-', 'docker-runtime-', 'ami-'];
const LIFECYCLE_RULES = new Set(['windows-version-unsupported-on-kubernetes']);

/** SPEC 6 names these ASFF resource types; the others are `Other`. */
const ASFF_RESOURCE_TYPE: Record<ResourceType, string> = {
  AwsEksCluster: 'AwsEksCluster',
  AwsAutoScalingAutoScalingGroup: 'AwsAutoScalingAutoScalingGroup',
  AwsEc2LaunchTemplate: 'AwsEc2LaunchTemplate',
  AwsEc2Instance: 'AwsEc2Instance',
  AwsEksNodegroup: 'Other',
  AwsAutoScalingLaunchConfiguration: 'Other',
};

export interface AsffContext {
  /** The scan's instant: UpdatedAt and LastObservedAt, and CreatedAt of a new finding. */
  now: Date;
  /** From the finding Security Hub already holds, so a finding seen again keeps it. */
  firstObservedAt?: string;
  /** Likewise: when Security Hub first got the finding. */
  createdAt?: string;
  scannerVersion: string;
}

/**
 * The ASFF `Id` of a report finding: its id, as long as BatchImportFindings takes it (512
 * UTF-16 units). A longer one (long cluster and Auto Scaling group names, an ARN) keeps its
 * start, readable, and ends with `#sha256:` and the SHA-256 (hex, of the UTF-8) of the whole
 * id instead of the rest: the same on every run, distinct for distinct ids, at most 512 units,
 * never splitting a surrogate pair. Everything the sync sends to Security Hub or looks up in
 * what it holds goes by this Id; the report keeps its own id, which a finding with a shortened
 * Id carries in ProductFields (`PRODUCT_FIELD.findingId`).
 */
export function asffIdOf(findingId: string): string {
  if (findingId.length <= ASFF_LIMITS.idChars) return findingId;
  const digest = createHash('sha256').update(findingId, 'utf8').digest('hex');
  let end = ASFF_LIMITS.idChars - ID_DIGEST_MARK.length - ID_DIGEST_CHARS;
  const last = findingId.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${findingId.slice(0, end)}${ID_DIGEST_MARK}${digest}`;
}

export function generatorIdOf(ruleId: string): string {
  return `${GENERATOR_ID_PREFIX}${ruleId}`;
}

export function findingTypesOf(ruleId: string): string[] {
  const lifecycle =
    LIFECYCLE_RULES.has(ruleId) || LIFECYCLE_RULE_PREFIXES.some((p) => ruleId.startsWith(p));
  return [lifecycle ? PATCH_MANAGEMENT : BEST_PRACTICES];
}

/** The first page each rule's source names: the console links it from the recommendation. */
const RULE_URLS = new Map(
  RULES.flatMap((rule) => {
    const [url] = sourceUrls(rule.source);
    return url === undefined ? [] : [[rule.id, url] as const];
  }),
);

/**
 * Past Security Hub's limit, the description's general text (and an upgrade's preamble) is
 * cut, not its end: the end is what this resource has wrong (`descriptionParts`).
 */
function descriptionOf(finding: Finding): string {
  const max = ASFF_LIMITS.descriptionChars;
  const text = displayText(finding.description || finding.title);
  if (text.length <= max) return text;
  const { own } = descriptionParts(finding);
  if (own === undefined) return truncate(text, max);
  const specific = displayText(own);
  // Room for the cut general text: at least a few words before the ellipsis.
  if (specific.length > max - 80) return truncate(specific, max);
  const lead = displayText(finding.description.slice(0, finding.description.lastIndexOf(own)));
  return `${truncate(lead.trim(), max - specific.length - 1)} ${specific}`;
}

export function toAsff(finding: Finding, context: AsffContext): AwsSecurityFinding {
  const now = context.now.toISOString();
  const types = findingTypesOf(finding.ruleId);
  const severity = { Label: finding.severity, Original: finding.severity };
  const subject = finding.resource.name ?? finding.resource.id;
  const id = asffIdOf(finding.id);
  const asff: AwsSecurityFinding = {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: id,
    ProductArn: defaultProductArn(finding.region, finding.accountId),
    // Custom integrations may name themselves; the console shows it in the Product column.
    ProductName: SCANNER_NAME,
    GeneratorId: generatorIdOf(finding.ruleId),
    AwsAccountId: finding.accountId,
    Region: finding.region,
    Types: types,
    CreatedAt: context.createdAt ?? now,
    UpdatedAt: now,
    FirstObservedAt: context.firstObservedAt ?? now,
    LastObservedAt: now,
    Severity: severity,
    // Updates of Severity and Types go through FindingProviderFields (BatchImportFindings docs).
    FindingProviderFields: { Severity: severity, Types: types },
    // Names from the account are shown by the console: no control or display characters.
    Title: truncate(displayText(`${finding.title} (${subject})`), ASFF_LIMITS.titleChars),
    Description: descriptionOf(finding),
    ProductFields: productFieldsOf(finding, id, context.scannerVersion),
    Resources: resourcesOf(finding),
    Compliance: { Status: 'FAILED' },
    RecordState: 'ACTIVE',
    // Only honoured when the finding is created; later changes go through BatchUpdateFindings.
    Workflow: { Status: finding.suppressed ? 'SUPPRESSED' : 'NEW' },
  };
  if (finding.remediation.trim() !== '') {
    const url = RULE_URLS.get(finding.ruleId);
    asff.Remediation = {
      Recommendation: {
        Text: truncate(displayText(finding.remediation), ASFF_LIMITS.recommendationChars),
        ...(url === undefined ? {} : { Url: url }),
      },
    };
  }
  if (finding.suppressed) {
    asff.Note = { Text: suppressionNote(finding), UpdatedBy: NOTE_AUTHOR, UpdatedAt: now };
  }
  return asff;
}

/**
 * The note of a suppressed finding: which kind of suppression (the eks-windows-scanner:suppress
 * tag, a configuration file entry, the SUPPRESSIONS setting), where it is written (the tagged
 * resource, the file and line), the day it ends and the operator's reason. Control characters
 * and bidirectional overrides become spaces; origin and reason are bounded, the whole note
 * to Note.Text's 512 characters. A report without `suppression` (an older one) says no more
 * than it knows.
 */
export function suppressionNote(finding: Finding): string {
  const suppression = finding.suppression;
  if (suppression === undefined) {
    const by = finding.evidence.suppressedBy;
    return typeof by === 'string' && oneLine(by) !== ''
      ? truncate(`Suppressed by ${bounded(by, NOTE_ORIGIN_CHARS)}`, ASFF_LIMITS.noteChars)
      : SUPPRESSED_NOTE;
  }
  const parts = [`Suppressed by ${suppressionSourceText(suppression)}`];
  if (suppression.until !== undefined) parts.push(` through ${oneLine(suppression.until)}`);
  const reason = suppression.reason === undefined ? '' : oneLine(suppression.reason);
  const text = `${parts.join('')}.${reason === '' ? '' : ` Reason: ${bounded(reason, NOTE_REASON_CHARS)}`}`;
  return truncate(text, ASFF_LIMITS.noteChars);
}

/** "the eks-windows-scanner:suppress tag on launch template win (lt-…)", and so on. */
function suppressionSourceText(suppression: FindingSuppression): string {
  const origin = bounded(oneLine(suppression.origin), NOTE_ORIGIN_CHARS);
  switch (suppression.source) {
    case 'tag':
      // The origin reads "tag on <resource>".
      return origin.startsWith('tag ')
        ? `the eks-windows-scanner:suppress ${origin}`
        : `the eks-windows-scanner:suppress tag (${origin})`;
    case 'file':
      return `the configuration file entry at ${origin}`;
    case 'environment':
      return origin === '' || origin === 'configuration' || origin === 'SUPPRESSIONS'
        ? 'the SUPPRESSIONS setting of the configuration'
        : `the SUPPRESSIONS setting of the configuration (${origin})`;
    default:
      return origin;
  }
}

function bounded(text: string, max: number): string {
  return truncate(oneLine(text), max);
}

/** Cuts `text` to `max` UTF-16 units (what the service counts), the last an ellipsis. */
export const truncate: (text: string, max: number) => string = truncateUnits;

/**
 * Whether the scanner's last write of this finding was of a suppressed one: its ProductFields
 * say so, and every import replaces them. Not the workflow status: people may change it, keep
 * SUPPRESSED under a note of their own, and it stays SUPPRESSED when setting it back to NEW
 * failed. A finding written before the `suppressed` field has the evidence `suppressedBy`.
 */
export function writtenSuppressed(held: Pick<AwsSecurityFinding, 'ProductFields'>): boolean {
  const fields = held.ProductFields ?? {};
  return (
    fields[PRODUCT_FIELD.suppressed] === 'true' ||
    fields[`${PRODUCT_FIELD.evidencePrefix}suppressedBy`] !== undefined
  );
}

/**
 * The rule, cluster and scanner version, and `suppressed` for a suppressed finding; the
 * report's finding id when the Id is shortened; then as much evidence as the 50 fields leave
 * room for.
 */
function productFieldsOf(
  finding: Finding,
  asffId: string,
  scannerVersion: string,
): Record<string, string> {
  const fields: Record<string, string> = {
    [PRODUCT_FIELD.ruleId]: finding.ruleId,
    [PRODUCT_FIELD.cluster]: finding.cluster,
    [PRODUCT_FIELD.scannerVersion]: scannerVersion,
  };
  if (finding.suppressed) fields[PRODUCT_FIELD.suppressed] = 'true';
  // A shortened Id ends in a digest: without the full id no one could find it in the report.
  if (asffId !== finding.id) {
    fields[PRODUCT_FIELD.findingId] = truncate(
      displayText(finding.id),
      ASFF_LIMITS.productFieldValueChars,
    );
  }
  let count = Object.keys(fields).length;
  for (const [key, value] of Object.entries(finding.evidence)) {
    if (count >= ASFF_LIMITS.productFields) break;
    const fieldKey = truncate(
      `${PRODUCT_FIELD.evidencePrefix}${key}`,
      ASFF_LIMITS.productFieldKeyChars,
    );
    fields[fieldKey] = truncate(flatten(value), ASFF_LIMITS.productFieldValueChars);
    count = Object.keys(fields).length;
  }
  return fields;
}

/** ProductFields values are strings, shown by the console, that may not be blank. */
function flatten(value: EvidenceValue): string {
  if (value === null) return '(none)';
  if (Array.isArray(value) && value.length === 0) return '(none)';
  const text = displayText(Array.isArray(value) ? value.join(', ') : String(value));
  return NOT_BLANK.test(text) ? text : '(empty)';
}

/**
 * A resource's `Partition` in Security Hub's own names (its `Partition` enum: the ISO
 * partitions are `aws-us-iso` and `aws-us-iso-b` there). The field is optional: a partition
 * the enum lacks (aws-eusc, aws-iso-e, aws-iso-f) is left out rather than have the import refused.
 */
const RESOURCE_PARTITION: Partial<Record<string, Partition>> = {
  aws: 'aws',
  'aws-cn': 'aws-cn',
  'aws-us-gov': 'aws-us-gov',
  'aws-iso': 'aws-us-iso',
  'aws-iso-b': 'aws-us-iso-b',
};

/** The finding's resource first, then the node sources that use it; at most 32 in all. */
function resourcesOf(finding: Finding): Resource[] {
  const partition = RESOURCE_PARTITION[partitionOf(finding.region)];
  const resource = (type: ResourceType, id: string, name: string | undefined): Resource => {
    const asffType = ASFF_RESOURCE_TYPE[type];
    const entry: Resource = {
      Type: asffType,
      Id: id,
      ...(partition === undefined ? {} : { Partition: partition }),
      Region: finding.region,
    };
    if (asffType === 'Other') {
      // Keep what `Other` hides: which kind of resource this is, and its name.
      entry.Details = {
        Other: {
          [`${SCANNER_NAME}/resourceType`]: type,
          ...(name ? { name: displayText(name) } : {}),
        },
      };
    }
    return entry;
  };
  const primary = finding.resource;
  const resources = [
    resource(primary.type, idOrPlaceholder(primary.type, primary.arn ?? primary.id), primary.name),
  ];
  // Not the primary itself (a stand-alone instance is its own affected source), nor its Id again.
  const seen = new Set([resources[0]?.Id]);
  for (const affected of otherAffected(finding)) {
    if (resources.length >= ASFF_LIMITS.resourcesPerFinding) break;
    const id = affectedId(affected);
    if (seen.has(id)) continue;
    seen.add(id);
    resources.push(resource(affected.type, id, affected.name));
  }
  return resources;
}

/** By its ARN when it has one, as the primary resource is: one resource, one Id. */
function affectedId(affected: AffectedRef): string {
  return idOrPlaceholder(affected.type, affected.arn ?? affected.id ?? affected.name);
}

/**
 * A resource Id Security Hub takes: a name of spaces (an Auto Scaling group may be named " ")
 * would make the whole finding invalid, so it stands as its type instead. The finding still
 * reaches Security Hub, and the report names the group.
 */
function idOrPlaceholder(type: ResourceType, id: string): string {
  return NOT_BLANK.test(id) ? id : `${type}/(blank name)`;
}
