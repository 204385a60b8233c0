import { describe, expect, it } from 'vitest';
import {
  aCluster,
  aLinuxOnlyInventory,
  anInventoryOnKubernetes,
  ruleInput,
} from '../../../test/builders/inventory.ts';
import { eksVersionExtendedSupport } from './eks-version-extended-support.ts';
import { eksVersionStandardSupportEnding } from './eks-version-standard-support-ending.ts';

describe('Rule: eks-version-standard-support-ending', () => {
  it('fires for a 1.34 cluster a week before standard support ends, with the date and the prices', () => {
    // Prepare
    const input = ruleInput(anInventoryOnKubernetes('1.34'));

    // Act
    const hits = eksVersionStandardSupportEnding.evaluate(input);

    // Assess
    expect(hits).toEqual([
      {
        cluster: 'prod',
        resource: {
          type: 'AwsEksCluster',
          id: 'prod',
          name: 'prod',
          arn: 'arn:aws:eks:us-west-2:123456789012:cluster/prod',
        },
        affected: [{ type: 'AwsAutoScalingAutoScalingGroup', name: 'win-asg', id: 'win-asg' }],
        evidence: {
          kubernetesVersion: '1.34',
          endOfStandardSupport: '2026-12-02',
          endOfExtendedSupport: '2027-12-02',
          daysRemaining: 7,
          datesConfirmed: true,
          standardSupportHourlyUsd: 0.1,
          extendedSupportHourlyUsd: 0.6,
        },
        detail:
          'Kubernetes 1.34 leaves standard support on 2026-12-02, in 7 days; from then until 2027-12-02 the cluster costs $0.60 an hour instead of $0.10.',
      },
    ]);
  });

  it('says in its description that extended support costs six times the standard price', () => {
    expect(eksVersionStandardSupportEnding.description).toContain(
      '$0.60 per cluster-hour instead of $0.10 (6 times the standard price',
    );
  });

  it('does not fire while the end of standard support is beyond the warning window', () => {
    // Prepare: 1.35 leaves standard support on 2027-03-27, 122 days after NOW.
    const input = ruleInput(anInventoryOnKubernetes('1.35'), { endOfSupportWarningDays: 90 });

    // Act
    const hits = eksVersionStandardSupportEnding.evaluate(input);

    // Assess
    expect(hits).toEqual([]);
  });

  it('fires from the first day of the window', () => {
    // Prepare
    const inventory = anInventoryOnKubernetes('1.35');

    // Act
    const onTheFirstDay = eksVersionStandardSupportEnding.evaluate(
      ruleInput(inventory, { endOfSupportWarningDays: 122 }),
    );
    const theDayBefore = eksVersionStandardSupportEnding.evaluate(
      ruleInput(inventory, { endOfSupportWarningDays: 121 }),
    );

    // Assess
    expect(onTheFirstDay).toHaveLength(1);
    expect(theDayBefore).toEqual([]);
  });

  it('hands over to eks-version-extended-support on the day standard support ends: never both', () => {
    // Prepare
    const inventory = anInventoryOnKubernetes('1.34');
    const days = [
      new Date('2026-12-01T23:59:59.999Z'),
      new Date('2026-12-02T00:00:00.000Z'),
      new Date('2026-12-03T00:00:00.000Z'),
    ];

    // Act
    const fired = days.map((now) => [
      eksVersionStandardSupportEnding.evaluate(ruleInput(inventory, { now })).length,
      eksVersionExtendedSupport.evaluate(ruleInput(inventory, { now })).length,
    ]);

    // Assess
    expect(fired).toEqual([
      [1, 0],
      [0, 1],
      [0, 1],
    ]);
  });

  it('does not fire for a version the calendar does not know, nor for a cluster without Windows nodes', () => {
    // Prepare
    const unknown = ruleInput(anInventoryOnKubernetes('1.40'));
    const linux = ruleInput(aLinuxOnlyInventory({ clusters: [aCluster({ version: '1.34' })] }));

    // Act
    const hits = [
      ...eksVersionStandardSupportEnding.evaluate(unknown),
      ...eksVersionStandardSupportEnding.evaluate(linux),
    ];

    // Assess
    expect(hits).toEqual([]);
  });
});

describe('Rule: eks-version-standard-support-ending, for an upgrade', () => {
  it('judges today’s version only: the control plane’s own support never blocks an upgrade', () => {
    // Assess
    expect(eksVersionStandardSupportEnding.upgradeReadiness).toBeUndefined();
    expect(eksVersionStandardSupportEnding.evaluateUpgrade).toBeUndefined();
  });
});
