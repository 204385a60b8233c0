export { activeFindingsFilters, type FindingScope, isInScope } from './active-findings.ts';
export {
  type ApplySecurityHubSyncOptions,
  applySecurityHubSync,
} from './apply.ts';
export {
  type AsffContext,
  asffIdOf,
  findingTypesOf,
  GENERATOR_ID_PREFIX,
  generatorIdOf,
  NOTE_AUTHOR,
  PRODUCT_FIELD,
  SUPPRESSED_NOTE,
  suppressionNote,
  toAsff,
  truncate,
  writtenSuppressed,
} from './asff.ts';
export {
  ASFF_LIMITS,
  ASFF_SCHEMA_VERSION,
  ASFF_TYPE_NAMESPACES,
  asffProblems,
  importBatchProblems,
} from './asff-rules.ts';
export { createSecurityHubClient } from './client.ts';
export { SecurityHubReadError } from './errors.ts';
export { type AwsPartition, defaultProductArn, partitionOf } from './partition.ts';
export {
  type PlanSecurityHubSyncOptions,
  planSecurityHubSync,
  type SecurityHubPlan,
} from './plan.ts';
export {
  type Clock,
  RateLimiter,
  type RateLimiterOptions,
  SECURITY_HUB_WRITE_LIMIT,
  systemClock,
} from './rate-limiter.ts';
export { type SyncSecurityHubOptions, syncSecurityHub } from './sync.ts';
export {
  type ScannerWorkflowStatus,
  UNSUPPRESSED_NOTE,
  type WorkflowChange,
} from './update-workflow.ts';
