import { describe, expect, it } from 'vitest';
import {
  anEksWindowsImage,
  anInventory,
  anInventoryOnImage,
  ruleInput,
} from '../../../test/builders/inventory.ts';
import { windowsServerMainstreamEnded } from './windows-server-mainstream-ended.ts';

const windows2019 = anEksWindowsImage({
  imageId: 'ami-0windows2019a',
  name: 'Windows_Server-2019-English-Core-EKS_Optimized-1.33-2026.11.10',
});

describe('Rule: windows-server-mainstream-ended', () => {
  it('fires for Windows Server 2019, whose mainstream support ended in 2024', () => {
    // Prepare
    const input = ruleInput(anInventoryOnImage(windows2019));

    // Act
    const hits = windowsServerMainstreamEnded.evaluate(input);

    // Assess
    expect(hits).toHaveLength(1);
    expect(hits[0]?.evidence).toEqual({
      release: '2019',
      edition: 'Core',
      basis: 'amiName',
      mainstreamEnd: '2024-01-09',
      endOfSupport: '2029-01-09',
      imageId: 'ami-0windows2019a',
    });
    expect(hits[0]?.detail).toBe(
      'Microsoft mainstream support for Windows Server 2019 ended after 2024-01-09; security updates continue until 2029-01-09.',
    );
  });

  it("does not fire for Windows Server 2022 through 2026-10-13, Microsoft's last mainstream day, and fires the day after", () => {
    // Prepare
    const inventory = anInventory();

    // Act
    const before = windowsServerMainstreamEnded.evaluate(
      ruleInput(inventory, { now: new Date('2026-10-13T23:59:59.999Z') }),
    );
    const onTheDay = windowsServerMainstreamEnded.evaluate(
      ruleInput(inventory, { now: new Date('2026-10-14T00:00:00.000Z') }),
    );

    // Assess
    expect(before).toEqual([]);
    expect(onTheDay.map((hit) => hit.evidence.mainstreamEnd)).toEqual(['2026-10-13']);
  });

  it('gives way to windows-server-end-of-support once extended support has ended', () => {
    // Prepare
    const input = ruleInput(anInventoryOnImage(windows2019), {
      now: new Date('2029-01-10T00:00:00.000Z'),
    });

    // Act
    const hits = windowsServerMainstreamEnded.evaluate(input);

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not fire for a Semi-Annual Channel release, which has no mainstream phase', () => {
    // Prepare
    const windows20H2 = anEksWindowsImage({
      imageId: 'ami-0windows20h2',
      name: 'Windows_Server-20H2-English-Core-EKS_Optimized-1.21-2022.05.10',
    });

    // Act
    const hits = windowsServerMainstreamEnded.evaluate(ruleInput(anInventoryOnImage(windows20H2)));

    // Assess
    expect(hits).toEqual([]);
  });
});
