/**
 * Writes docs/rules.md from the rule catalogue: `npm run docs`.
 * test/unit/rules-doc.test.ts fails when the committed file differs from this rendering.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RULES } from '../src/evaluate/rules/index.ts';
import { RULES_DOC_PATH, renderRulesDoc } from '../src/evaluate/rules-doc.ts';

const target = fileURLToPath(new URL(`../${RULES_DOC_PATH}`, import.meta.url));
writeFileSync(target, renderRulesDoc(RULES));
console.log(`Wrote ${RULES_DOC_PATH} (${RULES.length} rules).`);
