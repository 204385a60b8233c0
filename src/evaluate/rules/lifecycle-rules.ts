import type { Rule } from '../types.ts';
import { amiKubernetesVersionMismatch } from './ami-kubernetes-version-mismatch.ts';
import { containerRuntimeInvalid } from './container-runtime-invalid.ts';
import { dockerRuntimeMigrationDue } from './docker-runtime-migration-due.ts';
import { dockerRuntimeUnsupported } from './docker-runtime-unsupported.ts';
import { eksVersionExtendedSupport } from './eks-version-extended-support.ts';
import { eksVersionUnsupported } from './eks-version-unsupported.ts';
import { kubeProxyFlagRemoved } from './kube-proxy-flag-removed.ts';
import { kubeletFlagRemoved } from './kubelet-flag-removed.ts';
import { kubernetesVersionUnknown } from './kubernetes-version-unknown.ts';
import { windowsAmiNotPublishedForVersion } from './windows-ami-not-published-for-version.ts';
import { windowsServerEndOfSupport } from './windows-server-end-of-support.ts';
import { windowsServerMainstreamEnded } from './windows-server-mainstream-ended.ts';
import { windowsServerSupportEnding } from './windows-server-support-ending.ts';
import { windowsVersionUnknown } from './windows-version-unknown.ts';
import { windowsVersionUnsupportedOnKubernetes } from './windows-version-unsupported-on-kubernetes.ts';

/**
 * Rules about support lifecycles: Windows Server releases, container runtimes and
 * Kubernetes versions, in the order of SPEC section 4 (with the AMIs an upgrade needs after
 * the Windows release's Kubernetes versions), then the "unknown" reports.
 */
export const LIFECYCLE_RULES: readonly Rule[] = [
  windowsServerEndOfSupport,
  windowsServerSupportEnding,
  windowsServerMainstreamEnded,
  windowsVersionUnsupportedOnKubernetes,
  windowsAmiNotPublishedForVersion,
  dockerRuntimeUnsupported,
  dockerRuntimeMigrationDue,
  containerRuntimeInvalid,
  amiKubernetesVersionMismatch,
  kubeletFlagRemoved,
  kubeProxyFlagRemoved,
  eksVersionExtendedSupport,
  eksVersionUnsupported,
  windowsVersionUnknown,
  kubernetesVersionUnknown,
];
