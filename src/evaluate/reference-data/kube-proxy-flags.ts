/**
 * The command-line flags of kube-proxy, by name (`_` read as `-`, as kube-proxy's flag
 * library does): the words kube-proxy takes when they reach -KubeProxyExtraArgs. Read
 * 2026-11-28 from the flags cmd/kube-proxy/app registers (options.go; the Windows-only ones
 * in init_windows.go, addOSFlags) and the logging flags of k8s.io/component-base, as a union
 * over Kubernetes 1.28 to 1.35: the list only keeps a rule silent, so a flag too many costs a
 * finding, never a false one. Not klog's own flags (`--log-dir`, `--logtostderr`, …): the
 * command line reference still lists them, because its generator adds them, but Kubernetes
 * 1.26 removed them from every component (CHANGELOG-1.26, PR #112120) and kube-proxy answers
 * "unknown flag".
 */
import {
  changelog,
  REMOVED_KLOG_FLAGS,
  REMOVED_KLOG_FLAGS_WITHOUT_VALUE,
  type RemovedFlag,
} from './removed-flags.ts';

export const KUBE_PROXY_FLAGS_SOURCE =
  'Kubernetes, the flags of kube-proxy — https://github.com/kubernetes/kubernetes/blob/master/cmd/kube-proxy/app/options.go';

export const KUBE_PROXY_FLAGS: ReadonlySet<string> = new Set([
  '--bind-address',
  '--bind-address-hard-fail',
  // cadvisor's, which kube-proxy adds with Go's own flags ("for --boot-id-file and
  // --machine-id-file", cmd/kube-proxy/app/server.go) where cadvisor is linked in: the
  // 1.31 reference no longer lists them, older ones do.
  '--boot-id-file',
  '--cleanup',
  '--cluster-cidr',
  '--config',
  '--config-sync-period',
  '--conntrack-max-per-core',
  '--conntrack-min',
  '--conntrack-tcp-be-liberal',
  '--conntrack-tcp-timeout-close-wait',
  '--conntrack-tcp-timeout-established',
  '--conntrack-udp-timeout',
  '--conntrack-udp-timeout-stream',
  '--detect-local-mode',
  '--feature-gates',
  '--healthz-bind-address',
  // Deprecated and hidden from --help, still taken.
  '--healthz-port',
  '--help',
  '--hostname-override',
  '--init-only',
  '--iptables-localhost-nodeports',
  '--iptables-masquerade-bit',
  '--iptables-min-sync-period',
  '--iptables-sync-period',
  '--ipvs-exclude-cidrs',
  '--ipvs-min-sync-period',
  '--ipvs-scheduler',
  '--ipvs-strict-arp',
  '--ipvs-sync-period',
  '--ipvs-tcp-timeout',
  '--ipvs-tcpfin-timeout',
  '--ipvs-udp-timeout',
  '--kube-api-burst',
  '--kube-api-content-type',
  '--kube-api-qps',
  '--kubeconfig',
  '--log-flush-frequency',
  '--log-json-info-buffer-size',
  '--log-json-split-stream',
  '--log-text-info-buffer-size',
  '--log-text-split-stream',
  '--logging-format',
  '--machine-id-file',
  '--masquerade-all',
  '--master',
  '--metrics-bind-address',
  // Deprecated and hidden from --help, still taken.
  '--metrics-port',
  '--nodeport-addresses',
  '--oom-score-adj',
  '--pod-bridge-interface',
  '--pod-interface-name-prefix',
  '--profiling',
  '--proxy-mode',
  // Removed in 1.31 (PR #126293); taken before.
  '--proxy-port-range',
  '--show-hidden-metrics-for-version',
  '--v',
  '--version',
  '--vmodule',
  '--write-config-to',
  // Windows only (winkernel proxier).
  '--enable-dsr',
  '--forward-healthcheck-vip',
  '--network-name',
  '--root-hnsendpoint-name',
  '--source-vip',
  '--windows-service',
]);

/**
 * kube-proxy's flags Kubernetes removed, with the minor version that dropped each: those gone
 * before 1.28, which KUBE_PROXY_FLAGS lacks, and those of the list gone since. Read
 * 2026-11-29 from the changelogs and kube-proxy's options of 1.20 and today. A typo is never
 * told to become one of them.
 */
export const REMOVED_KUBE_PROXY_FLAGS: Readonly<Record<string, RemovedFlag>> = {
  '--cleanup-ipvs': { removedIn: '1.21', source: changelog(21, 97336) },
  ...REMOVED_KLOG_FLAGS,
  // Bound to the userspace proxier's UDPIdleTimeout, which the PR removed; its changelog line
  // names the mode, not the flag. No 1.26 kube-proxy registers it.
  '--udp-timeout': { removedIn: '1.26', source: changelog(26, 112133) },
  // A no-op from 1.26, still taken until 1.31.
  '--proxy-port-range': { removedIn: '1.31', source: changelog(31, 126293) },
};

/** Those of them that take no value (booleans): the word after one is a flag of its own. */
export const REMOVED_KUBE_PROXY_FLAGS_WITHOUT_VALUE: ReadonlySet<string> = new Set([
  '--cleanup-ipvs',
  ...REMOVED_KLOG_FLAGS_WITHOUT_VALUE,
]);

/**
 * Those of them that take no value (pflag's booleans, and --version, which takes one only
 * after `=`): the word after one written alone is the next flag, not its value. From the
 * BoolVar calls of cmd/kube-proxy/app (options.go, init_windows.go) and component-base's logs.
 */
export const KUBE_PROXY_FLAGS_WITHOUT_VALUE: ReadonlySet<string> = new Set([
  '--bind-address-hard-fail',
  '--cleanup',
  '--conntrack-tcp-be-liberal',
  '--enable-dsr',
  '--forward-healthcheck-vip',
  '--help',
  '--init-only',
  '--iptables-localhost-nodeports',
  '--ipvs-strict-arp',
  '--log-json-split-stream',
  '--log-text-split-stream',
  '--masquerade-all',
  '--profiling',
  '--version',
  '--windows-service',
]);

/** kube-proxy's command-line reference, for the rules that judge its flags. */
export const KUBE_PROXY_REFERENCE =
  'Kubernetes kube-proxy command-line reference — https://kubernetes.io/docs/reference/command-line-tools-reference/kube-proxy/';
