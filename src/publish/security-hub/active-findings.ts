/**
 * Our findings Security Hub holds as ACTIVE in one account, region and cluster scope: what
 * this run compares the report with; and, when asked, the ARCHIVED ones the scanner had
 * suppressed. Filtered twice, by the service and again here, because an emulator (moto)
 * ignores `Filters` and archiving a finding outside the scope would be a silent loss.
 */
import {
  type AwsSecurityFinding,
  type AwsSecurityFindingFilters,
  paginateGetFindings,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { GENERATOR_ID_PREFIX, NOTE_AUTHOR, PRODUCT_FIELD } from './asff.ts';
import { SecurityHubReadError } from './errors.ts';

export interface FindingScope {
  region: string;
  accountId: string;
  productArn: string;
  /** Cluster names the scan covered; undefined: every cluster. */
  clusters?: string[];
}

const PAGE_SIZE = 100;
/**
 * GetFindings takes at most 20 values per filter attribute
 * (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_GetFindings.html).
 */
export const MAX_FILTER_VALUES = 20;

export function activeFindingsFilters(scope: FindingScope): AwsSecurityFindingFilters {
  const filters: AwsSecurityFindingFilters = {
    ProductArn: [{ Value: scope.productArn, Comparison: 'EQUALS' }],
    GeneratorId: [{ Value: GENERATOR_ID_PREFIX, Comparison: 'PREFIX' }],
    RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
    AwsAccountId: [{ Value: scope.accountId, Comparison: 'EQUALS' }],
    Region: [{ Value: scope.region, Comparison: 'EQUALS' }],
  };
  // Past 20 clusters the service would refuse the filter: then every cluster's findings are
  // read, and `isInScope` keeps the scan's.
  if (scope.clusters !== undefined && scope.clusters.length <= MAX_FILTER_VALUES) {
    // EQUALS filters on the same field are ORed: any of the scan's clusters.
    filters.ProductFields = scope.clusters.map((cluster) => ({
      Key: PRODUCT_FIELD.cluster,
      Value: cluster,
      Comparison: 'EQUALS',
    }));
  }
  return filters;
}

export function isInScope(finding: AwsSecurityFinding, scope: FindingScope): boolean {
  return finding.RecordState === 'ACTIVE' && isOursInScope(finding, scope);
}

/**
 * Our ARCHIVED findings of the scope whose workflow status the scanner set to SUPPRESSED
 * (its note): Security Hub keeps that status when an import makes one active again (it
 * resets only NOTIFIED and RESOLVED to NEW; Workflow, API reference).
 */
export function scannerSuppressedArchiveFilters(scope: FindingScope): AwsSecurityFindingFilters {
  return {
    ...activeFindingsFilters(scope),
    RecordState: [{ Value: 'ARCHIVED', Comparison: 'EQUALS' }],
    WorkflowStatus: [{ Value: 'SUPPRESSED', Comparison: 'EQUALS' }],
    NoteUpdatedBy: [{ Value: NOTE_AUTHOR, Comparison: 'EQUALS' }],
  };
}

export function isScannerSuppressedArchive(
  finding: AwsSecurityFinding,
  scope: FindingScope,
): boolean {
  return (
    finding.RecordState === 'ARCHIVED' &&
    finding.Workflow?.Status === 'SUPPRESSED' &&
    finding.Note?.UpdatedBy === NOTE_AUTHOR &&
    isOursInScope(finding, scope)
  );
}

function isOursInScope(finding: AwsSecurityFinding, scope: FindingScope): boolean {
  const cluster = finding.ProductFields?.[PRODUCT_FIELD.cluster];
  return (
    finding.ProductArn === scope.productArn &&
    (finding.GeneratorId?.startsWith(GENERATOR_ID_PREFIX) ?? false) &&
    finding.AwsAccountId === scope.accountId &&
    finding.Region === scope.region &&
    (scope.clusters === undefined || (cluster !== undefined && scope.clusters.includes(cluster)))
  );
}

/** Active findings of the scope by Id. */
export function readActiveFindings(
  client: SecurityHubClient,
  scope: FindingScope,
  abortSignal?: AbortSignal,
): Promise<Map<string, AwsSecurityFinding>> {
  return readFindings(client, scope, activeFindingsFilters(scope), isInScope, abortSignal);
}

/** The scanner's suppressed ARCHIVED findings of the scope by Id (see the filters). */
export function readScannerSuppressedArchive(
  client: SecurityHubClient,
  scope: FindingScope,
  abortSignal?: AbortSignal,
): Promise<Map<string, AwsSecurityFinding>> {
  return readFindings(
    client,
    scope,
    scannerSuppressedArchiveFilters(scope),
    isScannerSuppressedArchive,
    abortSignal,
  );
}

async function readFindings(
  client: SecurityHubClient,
  scope: FindingScope,
  filters: AwsSecurityFindingFilters,
  keep: (finding: AwsSecurityFinding, scope: FindingScope) => boolean,
  abortSignal: AbortSignal | undefined,
): Promise<Map<string, AwsSecurityFinding>> {
  const found = new Map<string, AwsSecurityFinding>();
  try {
    // The paginator hands its extra arguments to every page's `send`.
    const pages = paginateGetFindings(
      { client, pageSize: PAGE_SIZE },
      { Filters: filters },
      ...(abortSignal === undefined ? [] : [{ abortSignal }]),
    );
    for await (const page of pages) {
      for (const finding of page.Findings ?? []) {
        if (finding.Id !== undefined && keep(finding, scope)) found.set(finding.Id, finding);
      }
    }
  } catch (error) {
    throw new SecurityHubReadError(scope.region, { cause: error });
  }
  return found;
}
