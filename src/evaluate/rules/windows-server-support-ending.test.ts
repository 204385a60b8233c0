import { describe, expect, it } from 'vitest';
import {
  anEksWindowsImage,
  anInventory,
  anInventoryOnImage,
  ruleInput,
} from '../../../test/builders/inventory.ts';
import { windowsServerSupportEnding } from './windows-server-support-ending.ts';

const DAY_MS = 86_400_000;
// Microsoft's last supported day of Windows Server 2019 is 2029-01-09: support is gone from the 10th.
const END_OF_2019 = Date.parse('2029-01-10T00:00:00.000Z');
const windows2019 = anEksWindowsImage({
  imageId: 'ami-0windows2019a',
  name: 'Windows_Server-2019-English-Core-EKS_Optimized-1.33-2026.11.10',
});

describe('Rule: windows-server-support-ending', () => {
  it('fires within the warning window with the days remaining', () => {
    // Prepare
    const input = ruleInput(anInventoryOnImage(windows2019), {
      now: new Date(END_OF_2019 - 100 * DAY_MS),
    });

    // Act
    const hits = windowsServerSupportEnding.evaluate(input);

    // Assess
    expect(hits).toHaveLength(1);
    expect(hits[0]?.evidence).toEqual({
      release: '2019',
      edition: 'Core',
      basis: 'amiName',
      endOfSupport: '2029-01-09',
      endOfSupportBasis: 'microsoft',
      daysRemaining: 100,
      datesConfirmed: true,
      imageId: 'ami-0windows2019a',
    });
    expect(hits[0]?.detail).toBe(
      'Microsoft supports Windows Server 2019 until 2029-01-09, its last day of extended support; support ends in 100 days.',
    );
  });

  it('does not fire while end of support is further away than the window', () => {
    // Prepare
    const input = ruleInput(anInventory());

    // Act
    const hits = windowsServerSupportEnding.evaluate(input);

    // Assess
    expect(hits).toEqual([]);
  });

  it('includes the first day of the window and nothing before it', () => {
    // Prepare
    const inventory = anInventoryOnImage(windows2019);

    // Act
    const atWindowStart = windowsServerSupportEnding.evaluate(
      ruleInput(inventory, { now: new Date(END_OF_2019 - 180 * DAY_MS) }),
    );
    const justBefore = windowsServerSupportEnding.evaluate(
      ruleInput(inventory, { now: new Date(END_OF_2019 - 180 * DAY_MS - 1) }),
    );

    // Assess
    expect(atWindowStart.map((hit) => hit.evidence.daysRemaining)).toEqual([180]);
    expect(justBefore).toEqual([]);
  });

  it('reads the window from the options', () => {
    // Prepare
    const now = new Date(END_OF_2019 - 100 * DAY_MS);

    // Act
    const hits = windowsServerSupportEnding.evaluate(
      ruleInput(anInventoryOnImage(windows2019), { now, endOfSupportWarningDays: 30 }),
    );

    // Assess
    expect(hits).toEqual([]);
  });

  it('stops firing once end of support is reached', () => {
    // Prepare
    const input = ruleInput(anInventoryOnImage(windows2019), { now: new Date(END_OF_2019) });

    // Act
    const hits = windowsServerSupportEnding.evaluate(input);

    // Assess
    expect(hits).toEqual([]);
  });
});
