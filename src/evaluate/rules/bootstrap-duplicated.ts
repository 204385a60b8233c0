import {
  bootstrapCallOf,
  describeWindowsSite,
  parseWindowsAmiType,
  siteHit,
  windowsSitesOf,
} from '../facts.ts';
import type { Rule, RuleHit } from '../types.ts';

/**
 * A managed node group on an EKS Windows amiType gets its bootstrap from EKS, which runs
 * after the launch template's user data; a second call of its own bootstraps the node twice.
 */
export const bootstrapDuplicated: Rule = {
  id: 'bootstrap-duplicated',
  severity: 'MEDIUM',
  title: 'Managed node group launch template bootstraps Windows nodes a second time',
  description:
    'The managed node group uses an EKS Windows AMI type, so EKS adds its own Start-EKSBootstrap.ps1 call after the launch template user data; the launch template calling the script as well runs the bootstrap twice, and the arguments of the first run are overwritten or conflict with what EKS configures.',
  remediation:
    'Remove the Start-EKSBootstrap.ps1 call from the launch template user data and keep only your own preparation steps; if you need to control the bootstrap arguments, use a custom AMI with amiType CUSTOM, whose user data must then bootstrap the node itself.',
  resourceTypes: ['AwsEc2LaunchTemplate'],
  permissions: ['eks:DescribeNodegroup', 'ec2:DescribeLaunchTemplateVersions'],
  source:
    'Customize managed nodes with launch templates — https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html',
  evaluate({ inventory }) {
    return windowsSitesOf(inventory).flatMap((windowsSite): RuleHit[] => {
      const { source, site } = windowsSite;
      if (source.kind !== 'managed-node-group') return [];
      if (parseWindowsAmiType(source.amiType) === undefined) return [];
      if (bootstrapCallOf(site) === undefined) return [];
      const amiType = source.amiType ?? '';
      return [
        siteHit(
          windowsSite,
          { amiType, launchTemplateVersion: site.launchTemplateVersion ?? null },
          `${describeWindowsSite(windowsSite)} calls Start-EKSBootstrap.ps1 although the node group's amiType ${amiType} makes EKS bootstrap the node.`,
        ),
      ];
    });
  },
};
