import { containerRuntimeOf, imageEvidenceOf, siteHit, windowsSitesOf } from '../facts.ts';
import type { Rule, RuleHit } from '../types.ts';

/** Longer values are cut: the evidence is for recognising the value, not reproducing it. */
const MAX_VALUE_LENGTH = 64;

export const containerRuntimeInvalid: Rule = {
  id: 'container-runtime-invalid',
  severity: 'HIGH',
  title: 'Invalid -ContainerRuntime value',
  description:
    'The bootstrap call passes a -ContainerRuntime value that is neither containerd nor docker (nor dockerd, as eksctl writes it), compared case-insensitively. Start-EKSBootstrap.ps1 fails on any other value and the node never joins the cluster.',
  remediation:
    'Set -ContainerRuntime containerd (or drop the argument on Kubernetes 1.24 and later, where containerd is the default and only runtime) and replace the nodes.',
  resourceTypes: [
    'AwsEc2LaunchTemplate',
    'AwsAutoScalingLaunchConfiguration',
    'AwsEc2Instance',
    'AwsEksNodegroup',
  ],
  permissions: [
    'ec2:DescribeLaunchTemplateVersions',
    'autoscaling:DescribeLaunchConfigurations',
    'ec2:DescribeInstanceAttribute',
  ],
  source:
    'Amazon EKS optimized Windows AMIs, bootstrap script configuration parameters — https://docs.aws.amazon.com/eks/latest/userguide/eks-optimized-windows-ami.html',
  evaluate({ inventory }) {
    const hits: RuleHit[] = [];
    for (const windowsSite of windowsSitesOf(inventory)) {
      const use = containerRuntimeOf(inventory, windowsSite);
      if (use?.runtime !== 'invalid') continue;
      const value =
        use.value.length > MAX_VALUE_LENGTH
          ? `${use.value.slice(0, MAX_VALUE_LENGTH)}…`
          : use.value;
      hits.push(
        siteHit(
          windowsSite,
          { containerRuntimeArgument: value, ...imageEvidenceOf(windowsSite.site) },
          `The bootstrap call passes -ContainerRuntime "${value}"; Start-EKSBootstrap.ps1 accepts containerd or docker.`,
        ),
      );
    }
    return hits;
  },
};
