/**
 * The role an organisation-wide scan assumes in every member account (deploy/member-role.yaml),
 * kept apart from the SDK clients so that argument and configuration checks load nothing else.
 */

export interface MemberRole {
  name: string;
  /** `sts:ExternalId`, when deploy/member-role.yaml was deployed with one. */
  externalId?: string;
}

/** External ids as AssumeRole takes them: 2 to 1,224 of letters, digits and +=,.@:/-_. */
export const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
