export { evaluateInventory, findingId } from './evaluate.ts';
export { RULES } from './rules/index.ts';
export type * from './types.ts';
