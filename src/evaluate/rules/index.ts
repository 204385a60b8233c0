import type { Rule } from '../types.ts';
import { BOOTSTRAP_RULES } from './bootstrap-rules.ts';
import { LIFECYCLE_RULES } from './lifecycle-rules.ts';

/** The rule catalogue, in the order of SPEC section 4 and docs/rules.md. */
export const RULES: readonly Rule[] = [...LIFECYCLE_RULES, ...BOOTSTRAP_RULES];
