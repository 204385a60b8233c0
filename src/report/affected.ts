/**
 * What a finding says about the node sources it names, shared by the report's formats and
 * Security Hub.
 */
import type { AffectedRef, Finding } from '../evaluate/types.ts';

/**
 * The node sources a finding names as affected, without its own resource: a stand-alone
 * instance or a managed node group lists itself, and "used by" itself says nothing (the table,
 * OCSF, SARIF and Security Hub leave it out). By ARN when both have one, else by type and id.
 */
export function otherAffected(finding: Finding): AffectedRef[] {
  const { resource } = finding;
  return finding.affected.filter(
    (ref) =>
      !(
        (ref.arn !== undefined && ref.arn === resource.arn) ||
        (ref.type === resource.type && (ref.id ?? ref.name) === resource.id)
      ),
  );
}
