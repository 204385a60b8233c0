import { describe, expect, it } from 'vitest';
import {
  aCluster,
  aLinuxOnlyInventory,
  aManagedWindowsSource,
  aMixedInstancesSource,
  anEksWindowsImage,
  anInstanceLaunchedFrom,
  anInventory,
  anInventoryOnImage,
  OVERRIDE_TEMPLATE,
  ruleInput,
} from '../../../test/builders/inventory.ts';
import { windowsServerEndOfSupport } from './windows-server-end-of-support.ts';

const windows2004 = anEksWindowsImage({
  imageId: 'ami-0windows2004a',
  name: 'Windows_Server-2004-English-Core-EKS_Optimized-1.21-2021.11.10',
});
const windows2019 = anEksWindowsImage({
  imageId: 'ami-0windows2019a',
  name: 'Windows_Server-2019-English-Full-EKS_Optimized-1.33-2026.11.10',
});

describe('Rule: windows-server-end-of-support', () => {
  it('fires for a launch template on a Windows Server 2004 AMI, naming the EKS end date', () => {
    // Prepare
    const input = ruleInput(anInventoryOnImage(windows2004));

    // Act
    const hits = windowsServerEndOfSupport.evaluate(input);

    // Assess
    expect(hits).toEqual([
      {
        cluster: 'prod',
        resource: expect.objectContaining({
          type: 'AwsEc2LaunchTemplate',
          id: 'lt-0123456789abcdef0',
        }),
        affected: [{ type: 'AwsAutoScalingAutoScalingGroup', name: 'win-asg', id: 'win-asg' }],
        evidence: {
          release: '2004',
          edition: 'Core',
          basis: 'amiName',
          endOfSupport: '2021-12-14',
          endOfSupportBasis: 'eks',
          imageId: 'ami-0windows2004a',
        },
        detail: 'Windows Server 2004 reached end of support on 2021-12-14.',
      },
    ]);
  });

  it('does not fire for Windows Server 2022, which is supported until 2031', () => {
    // Prepare
    const input = ruleInput(anInventory());

    // Act
    const hits = windowsServerEndOfSupport.evaluate(input);

    // Assess
    expect(hits).toEqual([]);
  });

  it("fires from the day after Microsoft's end date, its last supported day, when EKS has none", () => {
    // Prepare
    const inventory = anInventoryOnImage(windows2019);

    // Act
    const dayAfter = windowsServerEndOfSupport.evaluate(
      ruleInput(inventory, { now: new Date('2029-01-10T00:00:00.000Z') }),
    );
    const lastDay = windowsServerEndOfSupport.evaluate(
      ruleInput(inventory, { now: new Date('2029-01-09T23:59:59.999Z') }),
    );

    // Assess
    expect(dayAfter).toHaveLength(1);
    expect(dayAfter[0]?.evidence).toMatchObject({
      endOfSupport: '2029-01-09',
      endOfSupportBasis: 'microsoft',
    });
    expect(dayAfter[0]?.detail).toBe(
      "Windows Server 2019 reached end of support after 2029-01-09, Microsoft's last day of extended support.",
    );
    expect(lastDay).toEqual([]);
  });

  it('fires from the first instant of an EKS end date, which starts that day', () => {
    // Prepare
    const inventory = anInventoryOnImage(windows2004);

    // Act
    const onTheDay = windowsServerEndOfSupport.evaluate(
      ruleInput(inventory, { now: new Date('2021-12-14T00:00:00.000Z') }),
    );
    const theMomentBefore = windowsServerEndOfSupport.evaluate(
      ruleInput(inventory, { now: new Date('2021-12-13T23:59:59.999Z') }),
    );

    // Assess
    expect(onTheDay).toHaveLength(1);
    expect(theMomentBefore).toEqual([]);
  });

  it('takes the release from SSM inventory before the AMI name', () => {
    // Prepare
    const inventory = anInventory({
      nodeSources: [aManagedWindowsSource({ instanceIds: ['i-0aaa'] })],
      instanceOs: { 'i-0aaa': { instanceId: 'i-0aaa', platformVersion: '10.0.18363' } },
    });

    // Act
    const hits = windowsServerEndOfSupport.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toHaveLength(1);
    expect(hits[0]?.resource).toMatchObject({ type: 'AwsEksNodegroup', id: 'win-ng' });
    expect(hits[0]?.evidence).toMatchObject({
      release: '1909',
      basis: 'ssm',
      endOfSupport: '2020-12-08',
    });
  });

  it('fires for the node of a 2022 group that reports a 1909 build, naming it, and not for the nodes Systems Manager does not know', () => {
    // Prepare
    const inventory = anInventory({
      nodeSources: [aManagedWindowsSource({ instanceIds: ['i-0aaa', 'i-0bbb', 'i-0ccc'] })],
      instanceOs: {
        'i-0aaa': { instanceId: 'i-0aaa', platformVersion: '10.0.20348' },
        'i-0bbb': { instanceId: 'i-0bbb', platformVersion: '10.0.18363' },
      },
    });

    // Act
    const hits = windowsServerEndOfSupport.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toHaveLength(1);
    expect(hits[0]?.evidence).toMatchObject({
      release: '1909',
      basis: 'ssm',
      reportingInstances: 1,
      instanceIds: ['i-0bbb'],
    });
    expect(hits[0]?.qualifier).toBe('windows-1909');
    expect(hits[0]?.detail).toBe(
      'Windows Server 1909 reached end of support on 2020-12-08. Systems Manager reports Windows Server 1909 on 1 running node: i-0bbb.',
    );
  });

  it("fires for the override template of a mixed instances group whose nodes report a 1909 build, and not for the other template's", () => {
    // Prepare: both templates name a 2022 AMI; the override's nodes report 1909, the base
    // template's 2022, and one node recorded no template (its site can't be told).
    const base = { id: 'lt-0123456789abcdef0', version: '1' };
    const override = { id: OVERRIDE_TEMPLATE.id, version: '4' };
    const inventory = anInventory({
      nodeSources: [
        aMixedInstancesSource({
          instanceIds: ['i-0base', 'i-0over1', 'i-0over2', 'i-0unknown'],
          runningInstances: [
            anInstanceLaunchedFrom('i-0base', base),
            anInstanceLaunchedFrom('i-0over1', override),
            anInstanceLaunchedFrom('i-0over2', override),
            { instanceId: 'i-0unknown', imageId: 'ami-0windows2022a' },
          ],
        }),
      ],
      instanceOs: {
        'i-0base': { instanceId: 'i-0base', platformVersion: '10.0.20348' },
        'i-0over1': { instanceId: 'i-0over1', platformVersion: '10.0.18363' },
        'i-0over2': { instanceId: 'i-0over2', platformVersion: '10.0.18363' },
        'i-0unknown': { instanceId: 'i-0unknown', platformVersion: '10.0.18363' },
      },
    });

    // Act
    const hits = windowsServerEndOfSupport.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toHaveLength(1);
    expect(hits[0]?.resource).toMatchObject({ type: 'AwsEc2LaunchTemplate', id: override.id });
    expect(hits[0]?.affected).toEqual([
      { type: 'AwsAutoScalingAutoScalingGroup', id: 'win-mixed', name: 'win-mixed' },
    ]);
    expect(hits[0]?.evidence).toMatchObject({
      release: '1909',
      basis: 'ssm',
      endOfSupport: '2020-12-08',
      reportingInstances: 2,
      instanceIds: ['i-0over1', 'i-0over2'],
    });
    expect(hits[0]?.qualifier).toBe('windows-1909');
  });

  it('does not fire when the release is unknown', () => {
    // Prepare
    const golden = anEksWindowsImage({ imageId: 'ami-0golden', name: 'corp-windows-golden-2021' });
    const input = ruleInput(anInventoryOnImage(golden, { clusters: [aCluster()] }));

    // Act
    const hits = windowsServerEndOfSupport.evaluate(input);

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not evaluate Linux sources', () => {
    // Prepare
    const input = ruleInput(aLinuxOnlyInventory(), { now: new Date('2040-01-01T00:00:00.000Z') });

    // Act
    const hits = windowsServerEndOfSupport.evaluate(input);

    // Assess
    expect(hits).toEqual([]);
  });
});
