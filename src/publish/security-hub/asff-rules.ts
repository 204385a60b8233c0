/**
 * The field rules of the AWS Security Finding Format that BatchImportFindings enforces
 * (AWS Security Hub API reference: AwsSecurityFinding, BatchImportFindings). `toAsff` keeps
 * to them by construction; `asffProblems` checks them, so tests (and the sync, before it
 * sends anything) can prove it. moto validates almost none of this.
 */
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';

export const ASFF_LIMITS = {
  findingsPerImport: 100,
  findingsPerUpdate: 100,
  resourcesPerFinding: 32,
  idChars: 512,
  generatorIdChars: 512,
  titleChars: 256,
  descriptionChars: 1024,
  recommendationChars: 512,
  noteChars: 512,
  types: 50,
  productFields: 50,
  productFieldKeyChars: 128,
  productFieldValueChars: 2048,
} as const;

export const ASFF_SCHEMA_VERSION = '2018-10-08';

/** The namespaces of the ASFF types taxonomy; a type is `namespace/category[/classifier]`. */
export const ASFF_TYPE_NAMESPACES = [
  'Software and Configuration Checks',
  'TTPs',
  'Effects',
  'Unusual Behaviors',
  'Sensitive Data Identifications',
] as const;

const SEVERITY_LABELS = new Set(['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);
const RECORD_STATES = new Set(['ACTIVE', 'ARCHIVED']);
const WORKFLOW_STATUSES = new Set(['NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED']);
const COMPLIANCE_STATUSES = new Set(['PASSED', 'WARNING', 'FAILED', 'NOT_AVAILABLE']);
/** Security Hub's `Partition` enum (API reference, Resource; the SDK's). */
const PARTITIONS = new Set(['aws', 'aws-cn', 'aws-us-gov', 'aws-us-iso', 'aws-us-iso-b']);
/** RFC 3339 as the API reference lists it: Z or a ±hh[:mm] offset, up to 9 fraction digits. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}(:?\d{2})?)$/;
const ACCOUNT_ID = /^\d{12}$/;
const PRODUCT_ARN = /^arn:[a-z-]+:securityhub:[a-z0-9-]+:(\d{12})?:product\/[^/\s]+\/[^/\s]+$/;
/**
 * Every string field of the API has the pattern `.*\S.*`: not empty, not only blanks. Java's
 * `\S` (the service's): only space, tab, line breaks, vertical tab and form feed are blank,
 * so a name of no-break spaces is text.
 */
export const NOT_BLANK = /[^ \t\n\v\f\r]/;

const REQUIRED_STRINGS = [
  'SchemaVersion',
  'Id',
  'ProductArn',
  'GeneratorId',
  'AwsAccountId',
  'CreatedAt',
  'UpdatedAt',
  'Title',
  'Description',
] as const;

/** What is wrong with one finding for BatchImportFindings; empty when nothing is. */
export function asffProblems(finding: AwsSecurityFinding): string[] {
  const problems: string[] = [];
  const problem = (text: string) => problems.push(`${finding.Id ?? '(no Id)'}: ${text}`);

  for (const field of REQUIRED_STRINGS) {
    const value = finding[field];
    if (typeof value !== 'string' || !NOT_BLANK.test(value)) problem(`${field} is required`);
  }
  if (finding.SchemaVersion !== undefined && finding.SchemaVersion !== ASFF_SCHEMA_VERSION) {
    problem(`SchemaVersion must be ${ASFF_SCHEMA_VERSION}`);
  }
  checkLength(problem, 'Id', finding.Id, ASFF_LIMITS.idChars);
  checkLength(problem, 'GeneratorId', finding.GeneratorId, ASFF_LIMITS.generatorIdChars);
  checkLength(problem, 'Title', finding.Title, ASFF_LIMITS.titleChars);
  checkLength(problem, 'Description', finding.Description, ASFF_LIMITS.descriptionChars);
  checkLength(
    problem,
    'Remediation.Recommendation.Text',
    finding.Remediation?.Recommendation?.Text,
    ASFF_LIMITS.recommendationChars,
  );
  checkLength(problem, 'Note.Text', finding.Note?.Text, ASFF_LIMITS.noteChars);
  if (finding.AwsAccountId !== undefined && !ACCOUNT_ID.test(finding.AwsAccountId)) {
    problem('AwsAccountId must be 12 digits');
  }
  if (finding.ProductArn !== undefined && !PRODUCT_ARN.test(finding.ProductArn)) {
    problem(`ProductArn ${finding.ProductArn} is not a Security Hub product ARN`);
  }
  for (const field of ['CreatedAt', 'UpdatedAt', 'FirstObservedAt', 'LastObservedAt'] as const) {
    const value = finding[field];
    if (value !== undefined && !TIMESTAMP.test(value)) problem(`${field} is not a timestamp`);
  }

  const label = finding.Severity?.Label ?? finding.FindingProviderFields?.Severity?.Label;
  if (label === undefined || !SEVERITY_LABELS.has(label)) {
    problem('Severity.Label is required: INFORMATIONAL, LOW, MEDIUM, HIGH or CRITICAL');
  }
  checkTypes(problem, finding.Types ?? finding.FindingProviderFields?.Types);
  checkResources(problem, finding);
  checkProductFields(problem, finding.ProductFields);

  if (finding.RecordState !== undefined && !RECORD_STATES.has(finding.RecordState)) {
    problem(`RecordState ${finding.RecordState} is not ACTIVE or ARCHIVED`);
  }
  const workflow = finding.Workflow?.Status;
  if (workflow !== undefined && !WORKFLOW_STATUSES.has(workflow)) {
    problem(`Workflow.Status ${workflow} is not a workflow status`);
  }
  const compliance = finding.Compliance?.Status;
  if (compliance !== undefined && !COMPLIANCE_STATUSES.has(compliance)) {
    problem(`Compliance.Status ${compliance} is not a compliance status`);
  }
  return problems;
}

/** What is wrong with one BatchImportFindings request: its size and each finding. */
export function importBatchProblems(findings: AwsSecurityFinding[]): string[] {
  const problems: string[] = [];
  if (findings.length === 0) problems.push('a batch holds at least one finding');
  if (findings.length > ASFF_LIMITS.findingsPerImport) {
    problems.push(
      `a batch holds at most ${ASFF_LIMITS.findingsPerImport} findings, not ${findings.length}`,
    );
  }
  return problems.concat(findings.flatMap(asffProblems));
}

type Report = (text: string) => void;

function checkLength(problem: Report, field: string, value: string | undefined, max: number) {
  if (value === undefined) return;
  if (value.length > max) problem(`${field} has ${value.length} characters, at most ${max}`);
  if (!NOT_BLANK.test(value)) problem(`${field} is blank`);
}

function checkTypes(problem: Report, types: string[] | undefined): void {
  if (types === undefined || types.length === 0) {
    problem('Types is required');
    return;
  }
  if (types.length > ASFF_LIMITS.types) problem(`at most ${ASFF_LIMITS.types} Types`);
  for (const type of types) {
    const parts = type.split('/');
    const namespaceKnown = (ASFF_TYPE_NAMESPACES as readonly string[]).includes(parts[0] ?? '');
    const shaped = parts.length >= 2 && parts.length <= 3 && parts.every((part) => part !== '');
    if (!namespaceKnown || !shaped) {
      problem(`type "${type}" is not namespace/category/classifier with a known namespace`);
    }
  }
}

function checkResources(problem: Report, finding: AwsSecurityFinding): void {
  const resources = finding.Resources ?? [];
  if (resources.length === 0) problem('Resources needs at least one resource');
  if (resources.length > ASFF_LIMITS.resourcesPerFinding) {
    problem(`at most ${ASFF_LIMITS.resourcesPerFinding} Resources, not ${resources.length}`);
  }
  for (const resource of resources) {
    if (!resource.Type || !NOT_BLANK.test(resource.Type)) problem('a resource has no Type');
    if (!resource.Id || !NOT_BLANK.test(resource.Id)) problem('a resource has no Id');
    if (resource.Partition !== undefined && !PARTITIONS.has(resource.Partition)) {
      problem(`resource partition ${resource.Partition} is unknown`);
    }
  }
}

function checkProductFields(problem: Report, fields: Record<string, string> | undefined): void {
  if (fields === undefined) return;
  const entries = Object.entries(fields);
  if (entries.length > ASFF_LIMITS.productFields) {
    problem(`at most ${ASFF_LIMITS.productFields} ProductFields, not ${entries.length}`);
  }
  for (const [key, value] of entries) {
    if (key.length > ASFF_LIMITS.productFieldKeyChars) problem(`ProductFields key ${key} too long`);
    if (value.length > ASFF_LIMITS.productFieldValueChars) {
      problem(`ProductFields value of ${key} too long`);
    }
    if (!NOT_BLANK.test(key) || !NOT_BLANK.test(value)) problem(`ProductFields ${key} is blank`);
  }
}
