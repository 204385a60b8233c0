/**
 * Kubelet command-line flags Kubernetes removed, with the minor version that dropped each:
 * a kubelet at or above it refuses to start ("failed to parse kubelet flag: unknown flag").
 * Data, not code: one line per flag. Read 2026-11-26 (klog's flags 2026-11-28) from the
 * Kubernetes changelogs (CHANGELOG/CHANGELOG-1.<minor>.md; PR numbers below). Flags only
 * deprecated, such as --experimental-allocatable-ignore-eviction, are not here.
 */
import { changelog, REMOVED_KLOG_FLAGS, type RemovedFlag } from './removed-flags.ts';

export const REMOVED_KUBELET_FLAGS: Readonly<Record<string, RemovedFlag>> = {
  '--chaos-chance': { removedIn: '1.22', source: changelog(22, 101057) },
  '--seccomp-profile-root': { removedIn: '1.23', source: changelog(23, 103941) },
  // Removed together with dockershim: the Docker-era flags.
  '--experimental-dockershim-root-directory': { removedIn: '1.24', source: changelog(24, 106907) },
  '--docker-endpoint': { removedIn: '1.24', source: changelog(24, 106907) },
  '--image-pull-progress-deadline': { removedIn: '1.24', source: changelog(24, 106907) },
  '--network-plugin': { removedIn: '1.24', source: changelog(24, 106907) },
  '--network-plugin-mtu': { removedIn: '1.24', source: changelog(24, 106907) },
  '--cni-bin-dir': { removedIn: '1.24', source: changelog(24, 106907) },
  '--cni-conf-dir': { removedIn: '1.24', source: changelog(24, 106907) },
  '--cni-cache-dir': { removedIn: '1.24', source: changelog(24, 106907) },
  '--non-masquerade-cidr': { removedIn: '1.24', source: changelog(24, 107096) },
  '--experimental-check-node-capabilities-before-mount': {
    removedIn: '1.24',
    source: changelog(24, 104732),
  },
  '--really-crash-for-testing': { removedIn: '1.24', source: changelog(24, 101719) },
  // The changelog names the DynamicKubeletConfig feature; the flag went with it.
  '--dynamic-config-dir': { removedIn: '1.24', source: changelog(24, 106932) },
  ...REMOVED_KLOG_FLAGS,
  '--container-runtime': { removedIn: '1.27', source: changelog(27, 114017) },
  '--master-service-namespace': { removedIn: '1.27', source: changelog(27, 116015) },
  // Went with the in-tree Azure provider; the changelog line does not name the flag.
  '--azure-container-registry-config': { removedIn: '1.30', source: changelog(30, 122857) },
  '--keep-terminated-pod-volumes': { removedIn: '1.31', source: changelog(31, 122082) },
  '--iptables-masquerade-bit': { removedIn: '1.31', source: changelog(31, 122363) },
  '--iptables-drop-bit': { removedIn: '1.31', source: changelog(31, 122363) },
  '--cloud-config': { removedIn: '1.34', source: changelog(34, 130161) },
  '--register-schedulable': { removedIn: '1.34', source: changelog(34, 122384) },
  '--pod-infra-container-image': { removedIn: '1.35', source: changelog(35, 133779) },
};
