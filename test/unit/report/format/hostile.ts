/** A report whose inventory strings try everything a format must escape or strip. */
import type { Finding } from '../../../../src/evaluate/types.ts';
import type { Report } from '../../../../src/report/types.ts';
import { ACCOUNT_ID, makeFinding, makeReport, sampleFindings } from '../fixtures.ts';

/** Control characters of every kind (C0, DEL, C1) that must not reach any output. */
export const CONTROL_CHARACTERS = ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009b'];

/**
 * Quotes, markup, an ampersand, a CDATA end, control characters, a CRLF, accents, CJK, an
 * emoji, a right-to-left override and a lone surrogate: names and tags can hold any of these.
 */
export const HOSTILE =
  'q"uote\' <b>bold</b> & ]]> \u0000nul \u0007bell \u001b[31mred\u001b[0m \u007fdel \u0085nel ' +
  '\u009bcsi \r\ncrlf\ttab ünïcødé 日本 🚀 \u202eevil \ud800lone';

export const HOSTILE_ARN = `arn:aws:autoscaling:us-west-2:${ACCOUNT_ID}:autoScalingGroup:0f1e2d3c-aaaa-bbbb-cccc-0123456789ab:autoScalingGroupName/win asg #1?x=ü`;

export function hostileFinding(): Finding {
  return makeFinding({
    ruleId: 'bootstrap-cluster-mismatch',
    severity: 'HIGH',
    title: `The bootstrap names ${HOSTILE}`,
    description: `Description with ${HOSTILE}`,
    remediation: `Remediation with ${HOSTILE}`,
    resource: {
      type: 'AwsAutoScalingAutoScalingGroup',
      id: 'win asg #1?x=ü',
      name: HOSTILE,
      arn: HOSTILE_ARN,
    },
    affected: [{ type: 'AwsEc2Instance', name: HOSTILE, id: 'i-0123456789abcdef0' }],
    evidence: { eksClusterName: HOSTILE },
  });
}

/** Sample findings plus the hostile one; an error with a hostile message; incomplete. */
export function hostileReport(): Report {
  return makeReport({
    findings: [...sampleFindings(), hostileFinding()],
    complete: false,
    errors: [
      {
        accountId: ACCOUNT_ID,
        region: 'us-west-2',
        cluster: 'prod',
        operation: 'DescribeNodegroup',
        code: 'AccessDeniedException',
        message: `User is not authorized: ${HOSTILE}`,
      },
      { operation: 'DescribeImages', code: 'Throttling', message: 'Rate exceeded' },
    ],
  });
}

/** Every string in a parsed JSON value, keys included. */
export function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, entry]) => [key, ...allStrings(entry)]);
  }
  return [];
}

/** The strings that hold a control character (not tab, LF, CR) or a lone surrogate. */
export function uncleanStrings(value: unknown): string[] {
  return allStrings(value).filter(
    (text) => !text.isWellFormed() || CONTROL_CHARACTERS.some((control) => text.includes(control)),
  );
}
