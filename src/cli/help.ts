import { DEFAULT_REQUEST_TIMEOUT_MS } from '../aws-client-config.ts';
import { DEFAULT_EVALUATION_WINDOWS } from '../evaluate/types.ts';
import { REPORT_FORMATS } from '../report/format/index.ts';
import {
  DEFAULT_CONFIG_FILE,
  DEFAULT_CONFIG_FILE_YML,
  MAX_WARNING_DAYS,
  PROGRAM,
} from './constants.ts';
import { REPORT_BASENAME } from './output.ts';

export { PROGRAM };

export const USAGE_HINT = `Run '${PROGRAM} --help' for usage.`;

export const HELP_TEXT = `Usage: ${PROGRAM} scan [--region R|all]... [--cluster NAME|ARN]...
                           [--format F[,F...]] [--output FILE|- | --output-dir DIR]
                           [--publish] [--fail-on SEVERITY]
                           [--severity S,...] [--rule ID,...] [--exclude-rule ID,...]
                           [--profile NAME] [--config FILE] [--show-suppressed]
                           [--target-version 1.NN] [--request-timeout SECONDS]
                           [--end-of-support-warning-days N] [--ami-expiry-warning-days N]
                           [--now ISO-DATE]
                           [--role-name NAME [--external-id ID]
                            (--accounts ID,... | --organization)]
                           [--quiet] [--no-color]
       ${PROGRAM} rules [--format table|json]
       ${PROGRAM} help [rules]
       ${PROGRAM} --version

Scans the Windows worker nodes of Amazon EKS clusters: Windows Server releases past end of
support, Docker on Kubernetes 1.24+, AMIs that went private, bootstrap arguments that
contradict the cluster. 'rules' lists the rules it checks.

Options:
  --region R             Region to scan; repeat or comma-separate for several. 'all': every
                         region enabled in the account (EC2 DescribeRegions). Default: the
                         configuration file's regions, then AWS_REGION, then
                         AWS_DEFAULT_REGION, then the profile's region in the AWS config
                         file. Names are checked against the SDK's regions.
  --cluster NAME|ARN     Scan only this cluster; repeat for several. Default: every cluster.
                         A name is looked for in every scanned region (found in one is
                         enough); an ARN (arn:aws:eks:REGION:ACCOUNT:cluster/NAME) adds its
                         region (with ARNs alone and no --region, only theirs are
                         scanned). A cluster found in none is a usage error (exit 2) that
                         lists the clusters there.
  --format F[,F...]      ${REPORT_FORMATS.join(', ')}; table is the default.
                         json writes exactly the report, nothing else; html writes one
                         self-contained page for an audit (e.g. --output report.html) that
                         loads nothing from the network. Several formats need --output-dir.
  --output FILE          Write the report to FILE instead of stdout ('-': stdout). FILE is
                         opened before the scan: one that can't be written costs no scan.
                         Without --format it gets the table, whatever FILE's ending (a
                         warning says so when the ending names another format).
  --output-dir DIR       Write one file per format into DIR (created if missing), named
                         ${REPORT_BASENAME}.<ext> (.txt for table).
  --fail-on SEVERITY     Exit 1 when an unsuppressed finding is at or above SEVERITY:
                         CRITICAL, HIGH, MEDIUM, LOW or INFORMATIONAL (any case).
                         Default: findings never change the exit code.
  --severity S[,S...]    Show only findings of these severities (a list, as for Trivy and
                         Prowler: --severity CRITICAL,HIGH). --fail-on judges only these
                         (a warning says when none is at or above it).
  --rule ID[,ID...]      Show only findings of these rules ('${PROGRAM} rules').
  --exclude-rule ID[,ID...]
                         Show no findings of these rules. --severity, --rule and
                         --exclude-rule choose what the report shows and --fail-on judges;
                         every rule still runs, and --publish delivers every finding
                         (Security Hub archives what a scan no longer reports).
                         Unknown ids: exit 2.
  --config FILE          Read settings and suppressions from this YAML file (see
                         docs/configuration.md): regions, clusters, failOn, formats,
                         warning windows, and suppressions by rule, account, region,
                         cluster and resource, each with a reason. Default:
                         ${DEFAULT_CONFIG_FILE} (or ${DEFAULT_CONFIG_FILE_YML}) in the
                         working directory, if any.
                         Flags win over the file, the file over AWS_REGION and the
                         profile. A bad file, or a --config that does not exist: exit 2
                         naming the file and the line.
  --show-suppressed      List suppressed findings in the table, each with where it is
                         suppressed and why (default: only counted). json, csv, sarif and
                         html always carry them, marked suppressed.
  --target-version 1.NN  Upgrade readiness: the rules that depend on the cluster's
                         Kubernetes version also judge every Windows node source as if the
                         control plane ran 1.NN (Docker, the Windows release's versions, an
                         EKS Windows AMI published for 1.NN, kubelet skew and removed
                         flags). Their findings say "after the upgrade to 1.NN"; those at
                         HIGH or CRITICAL block the cluster in the verdict on top of the
                         table. A cluster already at or past 1.NN is noted, not judged.
                         Default: the verdict judges each cluster's next minor version,
                         and no upgrade finding is listed.
  --publish              Deliver the findings as the Lambda function does, configured by
                         the same environment variables: SNS_TOPIC_ARN (one summary for
                         email and Slack), SECURITY_HUB_ENABLED=true (import, update and
                         archive findings), NOTIFY_MINIMUM_SEVERITY, NOTIFY_POLICY,
                         SUPPRESSIONS. At least one destination must be set.
  --profile NAME         Credentials (and, without --region or AWS_REGION, the region) of
                         this profile of ~/.aws/config and ~/.aws/credentials (or
                         AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE). Default:
                         AWS_PROFILE, else the default chain. A profile that does not
                         exist: exit 2.
  --end-of-support-warning-days N
                         Warn N days (0 to ${MAX_WARNING_DAYS}) before a Windows Server release's end
                         of support, and before a Kubernetes version leaves EKS standard
                         support (default ${DEFAULT_EVALUATION_WINDOWS.endOfSupportWarningDays}).
  --ami-expiry-warning-days N
                         Warn N days (0 to ${MAX_WARNING_DAYS}) before an EKS Windows AMI is expected to
                         go private (default ${DEFAULT_EVALUATION_WINDOWS.amiExpiryWarningDays}).
  --role-name NAME       Scan other accounts through this role, assumed in each of them
                         (it needs the scanner's read-only permissions there), with
  --accounts ID,...      these 12-digit account ids (repeat or comma-separate), or
  --organization         every active account of the caller's AWS Organization (the
                         caller is its management or delegated administrator account).
                         One report covers them all; an account whose role can't be
                         assumed is listed in errors (operation AssumeRole), exit 3.
                         With --publish, each account's findings go into its own
                         Security Hub through the role; one SNS message for them all.
                         Name the regions (not 'all': each account enables its own)
                         and the clusters by name (not by ARN).
  --external-id ID       The sts:ExternalId the role's trust policy requires, if any
                         (deploy/member-role.yaml's ExternalId).
  --request-timeout SECONDS
                         Give up on an AWS call that has not answered after SECONDS
                         (default ${DEFAULT_REQUEST_TIMEOUT_MS / 1000}); the call is recorded in the report's errors
                         and the scan is incomplete (exit 3), instead of waiting for ever.
  --now ISO-DATE         Judge dates as of this instant instead of the current time, for
                         reproducible audits and tests (e.g. 2026-11-25T12:00:00Z). Only
                         real dates: 2026-02-30 is refused.
  -q, --quiet            Nothing on stderr but errors: no progress, no notes, no warnings
                         (they stay in the report's warnings).
  --no-color             No colours, whatever the terminal, FORCE_COLOR or TERM say.
  -h, --help             Show this help ('help' does too; 'rules --help' or 'help rules':
                         the rules command's).
  -V, --version          Print the version.

Exit codes:
  0  the scan is complete and nothing unsuppressed is at or above --fail-on
  1  unsuppressed findings at or above --fail-on
  2  bad usage or configuration, including missing or rejected AWS credentials, a profile
     that does not exist, an unreachable endpoint, a malformed AWS_ENDPOINT_URL or one that
     answers HTTP 404 (not an AWS endpoint), an --output that can't be written, and a
     --cluster found in no scanned region (message on stderr)
  3  the scan is incomplete or failed, or --publish could not deliver everything; the
     report is still written when there is one. 3 wins over 1: an incomplete scan cannot
     vouch for anything.

Credentials, profile and endpoint come from the standard AWS SDK chain (AWS_PROFILE,
AWS_ACCESS_KEY_ID, AWS_ENDPOINT_URL, ...). Nothing is sent anywhere without --publish.
SUPPRESSIONS (rule ids, each optionally :until=YYYY-MM-DD) suppresses rules everywhere,
with or without --publish; an unknown rule id there is exit 2. Warnings (suppressions of
unknown rules or past their date, unreadable suppression tags, checks that could not run)
are listed in the table, and on stderr when the report is not a table on stdout; those of
the configuration file (an unknown rule id there) on stderr whatever the format.
Progress is shown on stderr when it is a terminal (not TERM=dumb). Colours, on a terminal
only, follow NO_COLOR, FORCE_COLOR (colours even into a pipe) and TERM=dumb, as Node's
tty hasColors() reads them; --no-color wins. DEBUG=1 adds the stack trace of an unexpected
failure.
`;

export const RULES_HELP_TEXT = `Usage: ${PROGRAM} rules [--format table|json]

Lists the rules a scan checks, most severe first: the rule id (what --rule, --exclude-rule,
SUPPRESSIONS and suppression tags name), its severity and its title. Reads no AWS account.

Options:
  --format table|json    table (the default): one line a rule, cut to the terminal's width.
                         json: every rule with its description, remediation, the resource
                         types it reports on, the AWS permissions it reads with, and its
                         source.
  -q, --quiet            Nothing on stderr but errors.
  --no-color             No colours.
  -h, --help             Show this help; '${PROGRAM} --help' shows the scan's.
`;
