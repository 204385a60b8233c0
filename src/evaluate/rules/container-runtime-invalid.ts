import {
  containerRuntimeOf,
  imageEvidenceOf,
  isRuntimeNameShaped,
  quotedIfWrittenAs,
  siteHit,
  windowsSitesOf,
} from '../facts.ts';
import { CONTAINER_RUNTIME_SOURCE } from '../reference-data/container-runtimes.ts';
import type { Rule, RuleHit } from '../types.ts';
import { CONFIG_SITE_TYPES, USER_DATA_READS } from './metadata.ts';

export const containerRuntimeInvalid: Rule = {
  id: 'container-runtime-invalid',
  severity: 'HIGH',
  title: 'Invalid -ContainerRuntime value',
  description:
    'The bootstrap call passes a -ContainerRuntime value that is neither containerd nor docker, compared case-insensitively. Start-EKSBootstrap.ps1 declares [ValidateSet("docker","containerd")], so any other value, including dockerd (the spelling eksctl uses for Amazon Linux nodes), fails parameter binding before the script runs, on every Kubernetes version: the node never joins the cluster.',
  remediation:
    'Set -ContainerRuntime containerd (or drop the argument on Kubernetes 1.24 and later, where containerd is the default and only runtime) and replace the nodes.',
  resourceTypes: [...CONFIG_SITE_TYPES, 'AwsEksNodegroup'],
  permissions: [...USER_DATA_READS],
  source: CONTAINER_RUNTIME_SOURCE,
  evaluate({ inventory }) {
    return windowsSitesOf(inventory).flatMap((windowsSite): RuleHit[] => {
      const use = containerRuntimeOf(inventory, windowsSite);
      if (use?.runtime !== 'invalid') return [];
      // Cut: the evidence is for recognising the value, not reproducing it.
      const value = quotedIfWrittenAs(use.value.trim(), isRuntimeNameShaped, use);
      // A name with spaces around it in its quotes: ValidateSet does not trim them.
      const padded =
        value !== undefined && use.value.trim() !== use.value ? ' with spaces in its quotes' : '';
      const passes =
        value === undefined
          ? 'a -ContainerRuntime value that names no runtime'
          : `-ContainerRuntime "${value}"${padded}`;
      const hint =
        value?.toLowerCase() === 'dockerd'
          ? ' (dockerd is how eksctl names Docker on Amazon Linux, not a value the Windows script takes)'
          : '';
      return [
        siteHit(
          windowsSite,
          {
            ...(value === undefined ? {} : { containerRuntimeArgument: value }),
            ...imageEvidenceOf(windowsSite.site),
          },
          `The bootstrap call passes ${passes}; Start-EKSBootstrap.ps1 accepts containerd or docker${hint}.`,
        ),
      ];
    });
  },
};
