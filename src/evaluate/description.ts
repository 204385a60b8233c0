/**
 * A finding's description as evaluate.ts writes it: for an upgrade finding the upgrade's
 * preamble, then the rule's general description, then what this resource adds. Readers that
 * must be short (a notification, Security Hub's 1,024 characters) keep the last part.
 */
import { RULES } from './rules/index.ts';
import type { Finding } from './types.ts';
import { upgradePreamble } from './upgrade.ts';

const RULE_DESCRIPTIONS = new Map(RULES.map((rule) => [rule.id, rule.description]));

export interface DescriptionParts {
  /** The upgrade preamble the description opens with, when it is an upgrade finding's. */
  preamble?: string;
  /** The description after that preamble (the whole description without one). */
  body: string;
  /**
   * What the finding adds to its rule's general description: undefined when this build does
   * not know the rule, the body does not open with its description, or nothing follows.
   */
  own?: string;
}

export function descriptionParts(finding: Finding): DescriptionParts {
  const { description, upgrade } = finding;
  const preamble = upgrade === undefined ? undefined : upgradePreamble(upgrade);
  const opened = preamble !== undefined && description.startsWith(preamble);
  const body = opened ? description.slice(preamble.length).trim() : description;
  const general = RULE_DESCRIPTIONS.get(finding.ruleId);
  const own =
    general !== undefined && body.startsWith(general)
      ? body.slice(general.length).trim()
      : undefined;
  return {
    ...(opened ? { preamble } : {}),
    body,
    ...(own ? { own } : {}),
  };
}
