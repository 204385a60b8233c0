export {
  WORK_BUDGET_EXHAUSTED,
  WorkBudget,
  WorkBudgetExceededError,
  type WorkReport,
} from './budget.ts';
export { decodeInventory } from './decode-inventory.ts';
export { type DecodeLimits, decodeUserData, decodeUserDataWithWork } from './decode-user-data.ts';
export { PowerShellParseError, UserDataDecodeError } from './errors.ts';
export { parseBootstrapCall } from './parse-bootstrap-call.ts';
export * from './types.ts';
