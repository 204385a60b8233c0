import { describe, expect, it } from 'vitest';
import {
  aLaunchConfigurationSite,
  aLinuxImage,
  aLinuxSource,
  anEksWindowsImage,
  anInventory,
  aSelfManagedSource,
  imagesOf,
  ruleInput,
} from '../../../test/builders/inventory.ts';
import { WORK_BUDGET_EXHAUSTED } from '../../decode/index.ts';
import { userdataUnreadable } from './userdata-unreadable.ts';

describe('Rule: userdata-unreadable', () => {
  it('fires on a Windows site whose user data could not be read, giving only the reason', () => {
    // Prepare
    const inventory = anInventory({
      nodeSources: [
        aSelfManagedSource({
          sites: [
            aLaunchConfigurationSite({
              userData: { status: 'unreadable', reason: 'larger than 16 KB' },
            }),
          ],
        }),
      ],
    });

    // Act
    const hits = userdataUnreadable.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        resource: expect.objectContaining({
          type: 'AwsAutoScalingLaunchConfiguration',
          id: 'win-lc',
        }),
        affected: [{ type: 'AwsAutoScalingAutoScalingGroup', name: 'win-asg', id: 'win-asg' }],
        evidence: { reason: 'larger than 16 KB' },
      }),
    ]);
  });

  it('says in its detail that the work budget ran out, never guessing the arguments', () => {
    // Prepare
    const inventory = anInventory({
      nodeSources: [
        aSelfManagedSource({
          sites: [
            aLaunchConfigurationSite({
              userData: { status: 'unreadable', reason: WORK_BUDGET_EXHAUSTED },
            }),
          ],
        }),
      ],
    });

    // Act
    const hits = userdataUnreadable.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toHaveLength(1);
    expect(hits[0]?.evidence).toEqual({ reason: WORK_BUDGET_EXHAUSTED });
    expect(hits[0]?.detail).toContain('the work budget ran out');
  });

  it('does not fire on user data that decoded', () => {
    // Act
    const hits = userdataUnreadable.evaluate(ruleInput(anInventory()));

    // Assess
    expect(hits).toEqual([]);
  });

  it('says nothing about Linux node sources', () => {
    // Prepare
    const linux = aLinuxSource();
    const inventory = anInventory({
      nodeSources: [
        {
          ...linux,
          sites: linux.sites.map((site) => ({
            ...site,
            userData: { status: 'unreadable' as const, reason: 'corrupt gzip' },
          })),
        },
      ],
      images: imagesOf(anEksWindowsImage(), aLinuxImage()),
    });

    // Act
    const hits = userdataUnreadable.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });
});
