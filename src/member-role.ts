/**
 * The role an organisation-wide scan assumes in every member account (deploy/member-role.yaml),
 * kept apart from the SDK clients so that argument and configuration checks load nothing else.
 */

export interface MemberRole {
  name: string;
  /** `sts:ExternalId`, when deploy/member-role.yaml was deployed with one. */
  externalId?: string;
}

/** IAM role names: 1 to 64 of letters, digits and +=,.@_-. */
export const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** External ids as AssumeRole takes them: 2 to 1,224 of letters, digits and +=,.@:/-_. */
export const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
