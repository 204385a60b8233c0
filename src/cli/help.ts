import { DEFAULT_REQUEST_TIMEOUT_MS } from '../aws-client-config.ts';
import { DEFAULT_EVALUATION_WINDOWS } from '../evaluate/types.ts';

export const PROGRAM = 'eks-windows-scanner';

export const USAGE_HINT = `Run '${PROGRAM} --help' for usage.`;

export const HELP_TEXT = `Usage: ${PROGRAM} scan [--region R]... [--cluster NAME]... [--format table|json|csv|html]
                           [--output FILE] [--publish] [--fail-on SEVERITY]

Scans the Windows worker nodes of Amazon EKS clusters: Windows Server releases past end of
support, Docker on Kubernetes 1.24+, AMIs that went private, bootstrap arguments that
contradict the cluster.

Options:
  --region R             Region to scan; repeat for several.
                         Default: AWS_REGION, then AWS_DEFAULT_REGION.
  --cluster NAME         Scan only this cluster; repeat for several. Default: every cluster.
  --format FORMAT        table (default), json, csv or html.
                         json writes exactly the report, nothing else; html writes one
                         self-contained page for an audit (e.g. --output report.html) that
                         loads nothing from the network.
  --output FILE          Write the report to FILE instead of stdout.
  --fail-on SEVERITY     Exit 1 when an unsuppressed finding is at or above SEVERITY:
                         CRITICAL, HIGH, MEDIUM, LOW or INFORMATIONAL (any case).
                         Default: findings never change the exit code.
  --publish              Deliver the findings as the Lambda function does, configured by
                         the same environment variables: SNS_TOPIC_ARN (one summary for
                         email and Slack), SECURITY_HUB_ENABLED=true (import, update and
                         archive findings), NOTIFY_MINIMUM_SEVERITY, NOTIFY_POLICY,
                         SUPPRESSIONS. At least one destination must be set.
  --end-of-support-warning-days N
                         Warn N days before a Windows Server release's end of support
                         (default ${DEFAULT_EVALUATION_WINDOWS.endOfSupportWarningDays}).
  --ami-expiry-warning-days N
                         Warn N days before an EKS Windows AMI is expected to go private
                         (default ${DEFAULT_EVALUATION_WINDOWS.amiExpiryWarningDays}).
  --role-name NAME       Scan other accounts through this role, assumed in each of them
                         (it needs the scanner's read-only permissions there), with
  --accounts ID,...      these 12-digit account ids (repeat or comma-separate), or
  --organization         every active account of the caller's AWS Organization (the
                         caller is its management or delegated administrator account).
                         One report covers them all; an account whose role can't be
                         assumed is listed in errors (operation AssumeRole), exit 3.
  --request-timeout SECONDS
                         Give up on an AWS call that has not answered after SECONDS
                         (default ${DEFAULT_REQUEST_TIMEOUT_MS / 1000}); the call is recorded in the report's errors
                         and the scan is incomplete (exit 3), instead of waiting for ever.
  --now ISO-DATE         Judge dates as of this instant instead of the current time, for
                         reproducible audits and tests (e.g. 2026-11-25T12:00:00Z).
  -h, --help             Show this help.
  --version              Print the version.

Exit codes:
  0  the scan is complete and nothing unsuppressed is at or above --fail-on
  1  unsuppressed findings at or above --fail-on
  2  bad usage or configuration, including missing or rejected AWS credentials and an
     unreachable endpoint (message on stderr)
  3  the scan is incomplete or failed, or --publish could not deliver everything; the
     report is still written when there is one. 3 wins over 1: an incomplete scan cannot
     vouch for anything.

Credentials, profile and endpoint come from the standard AWS SDK chain (AWS_PROFILE,
AWS_ACCESS_KEY_ID, AWS_ENDPOINT_URL, ...). Nothing is sent anywhere without --publish.
Progress is shown on stderr when it is a terminal. Colours follow NO_COLOR. DEBUG=1 adds
the stack trace of an unexpected failure.
`;
