/**
 * Command-line flags Kubernetes removed from its components, with the minor version that
 * dropped each: a component at or above it refuses to start ("unknown flag"). Data, not
 * code: one line per flag. Flags only deprecated are not here.
 */
export interface RemovedFlag {
  removedIn: string;
  /** The changelog entry (PR) that removed it. */
  source: string;
}

export const changelog = (minor: number, pr: number): string =>
  `Kubernetes CHANGELOG-1.${minor}.md, PR #${pr} — https://github.com/kubernetes/kubernetes/pull/${pr}`;

const klogRemoval: RemovedFlag = { removedIn: '1.26', source: changelog(26, 112120) };

/**
 * klog's own flags, deprecated in 1.23 (KEP-2845) and removed from every component in 1.26,
 * the kubelet and kube-proxy included: only --v and --vmodule are left. Windows setups passed
 * them to log to a file (`--logtostderr=false --log-dir=…`). Read 2026-11-28.
 */
export const REMOVED_KLOG_FLAGS: Readonly<Record<string, RemovedFlag>> = {
  '--add-dir-header': klogRemoval,
  '--alsologtostderr': klogRemoval,
  '--log-backtrace-at': klogRemoval,
  '--log-dir': klogRemoval,
  '--log-file': klogRemoval,
  '--log-file-max-size': klogRemoval,
  '--logtostderr': klogRemoval,
  '--one-output': klogRemoval,
  '--skip-headers': klogRemoval,
  '--skip-log-headers': klogRemoval,
  '--stderrthreshold': klogRemoval,
};

/** Those of klog's flags that take no value (its booleans), from klog's flag definitions. */
export const REMOVED_KLOG_FLAGS_WITHOUT_VALUE: ReadonlySet<string> = new Set([
  '--add-dir-header',
  '--alsologtostderr',
  '--logtostderr',
  '--one-output',
  '--skip-headers',
  '--skip-log-headers',
]);

export const REMOVED_FLAGS_SOURCE =
  'Kubernetes release notes (CHANGELOG) — https://github.com/kubernetes/kubernetes/tree/master/CHANGELOG';
