import { describe, expect, it } from 'vitest';
import {
  aCustomManagedSource,
  aManagedWindowsSource,
  anInventory,
  imagesOf,
  NOW,
  ruleInput,
} from '../../../test/builders/inventory.ts';
import type { EksHealthIssue } from '../../inventory/types.ts';
import { evaluateInventory } from '../evaluate.ts';
import { eksNodegroupHealthIssue } from './eks-nodegroup-health-issue.ts';

const failedToJoin: EksHealthIssue = {
  code: 'NodeCreationFailure',
  message: 'Instances failed to join the kubernetes cluster',
  resourceIds: ['i-0aaa', 'i-0bbb'],
};
const amiGone: EksHealthIssue = {
  code: 'AmiIdNotFound',
  message: 'The AMI ID ami-0old could not be found.',
  resourceIds: ['lt-0123'],
};

function inventoryWith(issues: EksHealthIssue[], amiType = 'WINDOWS_CORE_2022_x86_64') {
  return anInventory({
    nodeSources: [aManagedWindowsSource({ amiType, status: 'DEGRADED', healthIssues: issues })],
  });
}

describe('Rule: eks-nodegroup-health-issue', () => {
  it('reports an issue of a Windows node group with its code, message and resources', () => {
    // Act
    const hits = eksNodegroupHealthIssue.evaluate(ruleInput(inventoryWith([failedToJoin])));

    // Assess
    expect(hits).toEqual([
      {
        cluster: 'prod',
        resource: expect.objectContaining({ type: 'AwsEksNodegroup', id: 'win-ng' }),
        affected: [expect.objectContaining({ type: 'AwsEksNodegroup', name: 'win-ng' })],
        evidence: {
          issueCode: 'NodeCreationFailure',
          nodegroupStatus: 'DEGRADED',
          issueMessage: 'Instances failed to join the kubernetes cluster',
          resourceCount: 2,
          resourceIds: ['i-0aaa', 'i-0bbb'],
        },
        detail: expect.stringContaining(
          'EKS reports NodeCreationFailure on managed node group win-ng (DEGRADED): "Instances failed to join the kubernetes cluster". It concerns i-0aaa, i-0bbb. On Windows nodes this is most often',
        ),
        qualifier: 'NodeCreationFailure',
        title: 'Amazon EKS reports NodeCreationFailure on a Windows managed node group',
      },
    ]);
  });

  it('keeps issues of different codes apart, as findings of their own ids and titles', () => {
    // Act
    const evaluated = evaluateInventory(inventoryWith([failedToJoin, amiGone]), {
      now: NOW,
      endOfSupportWarningDays: 180,
      amiExpiryWarningDays: 30,
    });

    // Assess
    const findings = evaluated.findings.filter(
      (finding) => finding.ruleId === 'eks-nodegroup-health-issue',
    );
    expect(findings.map((finding) => [finding.id, finding.title])).toEqual([
      [
        '123456789012/us-west-2/prod/eks-nodegroup-health-issue/AwsEksNodegroup/win-ng/NodeCreationFailure',
        'Amazon EKS reports NodeCreationFailure on a Windows managed node group',
      ],
      [
        '123456789012/us-west-2/prod/eks-nodegroup-health-issue/AwsEksNodegroup/win-ng/AmiIdNotFound',
        'Amazon EKS reports AmiIdNotFound on a Windows managed node group',
      ],
    ]);
  });

  it('merges two issues of one code into one hit, each resource and message once', () => {
    // Act
    const hits = eksNodegroupHealthIssue.evaluate(
      ruleInput(
        inventoryWith([failedToJoin, { ...failedToJoin, resourceIds: ['i-0bbb', 'i-0ccc'] }]),
      ),
    );

    // Assess
    expect(hits.map((hit) => hit.evidence)).toEqual([
      expect.objectContaining({
        issueMessage: 'Instances failed to join the kubernetes cluster',
        resourceCount: 3,
        resourceIds: ['i-0aaa', 'i-0bbb', 'i-0ccc'],
      }),
    ]);
  });

  it('gives no Windows hint for an issue that is not about joining', () => {
    // Act
    const [hit] = eksNodegroupHealthIssue.evaluate(ruleInput(inventoryWith([amiGone])));

    // Assess
    expect(hit?.detail).not.toContain('Windows');
  });

  it('bounds the messages of many issues of one code together', () => {
    // Prepare
    const issues = Array.from({ length: 5 }, (_, index) => ({
      code: 'AsgInstanceLaunchFailures',
      message: `${index} ${'y'.repeat(300)}`,
      resourceIds: [],
    }));

    // Act
    const [hit] = eksNodegroupHealthIssue.evaluate(ruleInput(inventoryWith(issues)));

    // Assess
    expect(String(hit?.evidence.issueMessage).length).toBe(500);
  });

  it('bounds a long message and lists at most 20 resources', () => {
    // Prepare
    const resourceIds = Array.from({ length: 25 }, (_, index) => `i-${index}`);
    const issue = { code: 'AsgInstanceLaunchFailures', message: 'x'.repeat(2000), resourceIds };

    // Act
    const [hit] = eksNodegroupHealthIssue.evaluate(ruleInput(inventoryWith([issue])));

    // Assess
    expect(String(hit?.evidence.issueMessage).length).toBe(500);
    expect(hit?.evidence.resourceIds).toHaveLength(20);
    expect(hit?.evidence.resourceCount).toBe(25);
    expect(hit?.detail).toContain('and 5 more');
  });

  it('reports a CUSTOM node group whose launch template is gone by the Windows AMI its nodes run', () => {
    // Prepare: no site left to tell Windows by, the group's running instance on a Windows AMI.
    const gone = { code: 'Ec2LaunchTemplateNotFound', resourceIds: ['lt-0gone'] };
    const inventory = anInventory({
      nodeSources: [
        aCustomManagedSource({
          status: 'DEGRADED',
          sites: [],
          healthIssues: [gone],
          runningInstances: [{ instanceId: 'i-0win', imageId: 'ami-0windows2022a' }],
        }),
      ],
    });

    // Act
    const hits = eksNodegroupHealthIssue.evaluate(ruleInput(inventory));

    // Assess
    expect(hits.map((hit) => hit.qualifier)).toEqual(['Ec2LaunchTemplateNotFound']);
  });

  it('says nothing of a Linux node group, nor of a Windows one without issues', () => {
    // Prepare
    const linux = inventoryWith([failedToJoin], 'AL2023_x86_64_STANDARD');
    const healthy = anInventory({
      nodeSources: [aManagedWindowsSource({ status: 'ACTIVE' })],
      images: imagesOf(),
    });

    // Act
    const hits = [linux, healthy].flatMap((inventory) =>
      eksNodegroupHealthIssue.evaluate(ruleInput(inventory)),
    );

    // Assess
    expect(hits).toEqual([]);
  });
});
