import { describe, expect, it } from 'vitest';
import {
  anEksWindowsImage,
  anInventory,
  anInventoryOfNodesReporting,
  anInventoryOnImage,
  ruleInput,
} from '../../../test/builders/inventory.ts';
import { evaluateInventory } from '../evaluate.ts';
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

  describe('with the builds Systems Manager reports for the running nodes', () => {
    /** Before 2022's mainstream end (2026-10-13): only 2019 is past it. */
    const BEFORE_2022_ENDS = { now: new Date('2026-06-01T00:00:00.000Z') };
    /** A group on the 2022 AMI (or another) whose nodes report these builds; absent: none. */

    it('judges the 2019 build one node of a 2022 group reports, naming that node, under an id of its own', () => {
      // Prepare
      const inventory = anInventoryOfNodesReporting({
        'i-0old': '10.0.17763',
        'i-0new': '10.0.20348',
      });

      // Act
      const hits = windowsServerMainstreamEnded.evaluate(ruleInput(inventory, BEFORE_2022_ENDS));
      const { findings } = evaluateInventory(
        inventory,
        ruleInput(inventory, BEFORE_2022_ENDS).options,
        [windowsServerMainstreamEnded],
      );

      // Assess
      expect(hits).toHaveLength(1);
      expect(hits[0]?.evidence).toEqual({
        release: '2019',
        edition: 'Core',
        basis: 'ssm',
        mainstreamEnd: '2024-01-09',
        endOfSupport: '2029-01-09',
        imageId: 'ami-0windows2022a',
        reportingInstances: 1,
        instanceIds: ['i-0old'],
      });
      expect(hits[0]?.detail).toBe(
        'Microsoft mainstream support for Windows Server 2019 ended after 2024-01-09; security updates continue until 2029-01-09. Systems Manager reports Windows Server 2019 on 1 running node: i-0old.',
      );
      expect(findings.map((finding) => finding.id)).toEqual([
        '123456789012/us-west-2/prod/windows-server-mainstream-ended/AwsEc2LaunchTemplate/lt-0123456789abcdef0/windows-2019',
      ]);
    });

    it('judges the nodes Systems Manager does not know by the AMI name, and those it knows by their build', () => {
      // Prepare: the AMI says 2019; one node reports 2022, the other nothing.
      const inventory = anInventoryOfNodesReporting(
        { 'i-0known': '10.0.20348', 'i-0unknown': undefined },
        windows2019,
      );

      // Act
      const hits = windowsServerMainstreamEnded.evaluate(ruleInput(inventory, BEFORE_2022_ENDS));

      // Assess
      expect(hits).toHaveLength(1);
      expect(hits[0]?.evidence).toMatchObject({ release: '2019', basis: 'amiName' });
      expect(hits[0]?.evidence).not.toHaveProperty('instanceIds');
      expect(hits[0]?.qualifier).toBeUndefined();
    });

    it('judges no node that reports a build of no known release as the release its AMI is named for', () => {
      // Prepare: the AMI says 2019; one node reports 14393 (Windows Server 2016), one nothing.
      const allUnknown = anInventoryOfNodesReporting({ 'i-0a': '10.0.14393' }, windows2019);
      const oneUnreported = anInventoryOfNodesReporting(
        { 'i-0a': '10.0.14393', 'i-0b': undefined },
        windows2019,
      );

      // Act
      const unknownOnly = windowsServerMainstreamEnded.evaluate(
        ruleInput(allUnknown, BEFORE_2022_ENDS),
      );
      const withUnreported = windowsServerMainstreamEnded.evaluate(
        ruleInput(oneUnreported, BEFORE_2022_ENDS),
      );

      // Assess: the node SSM knows nothing of still runs what the AMI says
      expect(unknownOnly).toEqual([]);
      expect(withUnreported.map((hit) => hit.evidence)).toEqual([
        expect.objectContaining({ release: '2019', basis: 'amiName' }),
      ]);
    });

    it('takes the build every node reports over the AMI name', () => {
      // Prepare: the AMI says 2019; both nodes report 2022.
      const inventory = anInventoryOfNodesReporting(
        { 'i-0a': '10.0.20348', 'i-0b': '10.0.20348' },
        windows2019,
      );

      // Act
      const hits = windowsServerMainstreamEnded.evaluate(ruleInput(inventory, BEFORE_2022_ENDS));

      // Assess
      expect(hits).toEqual([]);
    });

    it('keeps the id of a release the AMI name and every node agree on', () => {
      // Prepare
      const inventory = anInventoryOfNodesReporting({ 'i-0a': '10.0.17763' }, windows2019);

      // Act
      const { findings } = evaluateInventory(
        inventory,
        ruleInput(inventory, BEFORE_2022_ENDS).options,
        [windowsServerMainstreamEnded],
      );

      // Assess
      expect(findings.map((finding) => [finding.id, finding.evidence.basis])).toEqual([
        [
          '123456789012/us-west-2/prod/windows-server-mainstream-ended/AwsEc2LaunchTemplate/lt-0123456789abcdef0',
          'ssm',
        ],
      ]);
    });

    it('makes a finding per release when the nodes of one site report two that are both past it', () => {
      // Prepare: at NOW (2026-11-25) 2022's mainstream support has ended too.
      const inventory = anInventoryOfNodesReporting({
        'i-0old': '10.0.17763',
        'i-0new1': '10.0.20348',
        'i-0new2': '10.0.20348',
      });

      // Act
      const { findings } = evaluateInventory(inventory, ruleInput(inventory).options, [
        windowsServerMainstreamEnded,
      ]);

      // Assess
      expect(
        findings.map((finding) => [
          finding.id.split('/').slice(-2).join('/'),
          finding.evidence.release,
          finding.evidence.instanceIds,
        ]),
      ).toEqual([
        ['lt-0123456789abcdef0/windows-2019', '2019', ['i-0old']],
        ['AwsEc2LaunchTemplate/lt-0123456789abcdef0', '2022', ['i-0new1', 'i-0new2']],
      ]);
    });
  });
});
