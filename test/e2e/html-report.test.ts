/**
 * The HTML report in a real browser: headless Chromium opens the page from a file with every
 * network request blocked, and the test reads it as an auditor would: content, counts, the
 * INCOMPLETE banner, the filters, print layout. Leaves a full-page screenshot in
 * test-results/html-report.png.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../src/evaluate/index.ts';
import type { Finding } from '../../src/evaluate/types.ts';
import { formatHtml } from '../../src/report/format/html.ts';
import type { Report } from '../../src/report/types.ts';
import { ensureChromium } from '../support/chromium.ts';
import { ACCOUNT_ID, makeFinding, makeReport } from '../unit/report/fixtures.ts';

const RESULTS_DIRECTORY = fileURLToPath(new URL('../../test-results/', import.meta.url));
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** The first start of Chromium on a fresh machine includes installing it. */
const SETUP_TIMEOUT_MS = 900_000;
const HOSTILE_NAME = '<img src=x onerror=alert(1)>';

/** A finding of a real rule of the catalogue, so the page shows real titles and remediations. */
function ruleFinding(ruleId: string, overrides: Partial<Finding>): Finding {
  const rule = RULES.find((candidate) => candidate.id === ruleId);
  if (rule === undefined) throw new Error(`no rule '${ruleId}' in the catalogue`);
  return makeFinding({
    ruleId,
    severity: rule.severity,
    title: rule.title,
    description: rule.description,
    remediation: rule.remediation,
    ...overrides,
  });
}

/** Two clusters in two regions, every severity, one suppressed finding. */
function estateReport(): Report {
  return makeReport(
    {
      region: 'us-west-2',
      clusters: ['prod', 'staging'],
      nodeSources: 6,
      windowsNodeSources: 4,
      findings: [
        ruleFinding('docker-runtime-unsupported', {
          cluster: 'prod',
          resource: {
            type: 'AwsEc2LaunchTemplate',
            id: 'lt-0aaa1111bbbb2222c',
            name: 'win-2019-docker',
            arn: `arn:aws:ec2:us-west-2:${ACCOUNT_ID}:launch-template/lt-0aaa1111bbbb2222c`,
          },
          affected: [
            { type: 'AwsAutoScalingAutoScalingGroup', name: 'win-asg-a' },
            { type: 'AwsAutoScalingAutoScalingGroup', name: 'win-asg-b' },
          ],
          evidence: { containerRuntime: 'docker', kubernetesVersion: '1.29' },
        }),
        ruleFinding('ami-unavailable', {
          cluster: 'prod',
          resource: { type: 'AwsEc2LaunchTemplate', id: 'lt-0bbb2222cccc3333d', name: 'win-2022' },
          affected: [{ type: 'AwsEksNodegroup', name: 'win-2022-ng' }],
          evidence: { imageId: 'ami-0123456789abcdef0' },
        }),
        ruleFinding('bootstrap-cluster-mismatch', {
          cluster: 'staging',
          resource: { type: 'AwsEc2LaunchTemplate', id: 'lt-0ccc3333dddd4444e', name: 'win-core' },
          affected: [{ type: 'AwsAutoScalingAutoScalingGroup', name: 'staging-win' }],
          evidence: { eksClusterName: 'stagign', cluster: 'staging' },
        }),
        ruleFinding('windows-server-mainstream-ended', {
          cluster: 'staging',
          resource: { type: 'AwsEc2Instance', id: 'i-0123456789abcdef0' },
          affected: [{ type: 'AwsEc2Instance', name: 'i-0123456789abcdef0' }],
          evidence: { windowsRelease: '2019', mainstreamEnd: '2024-01-09' },
          suppressed: true,
        }),
      ],
    },
    {
      region: 'eu-central-1',
      clusters: ['analytics'],
      nodeSources: 2,
      windowsNodeSources: 2,
      findings: [
        ruleFinding('ami-expiring', {
          region: 'eu-central-1',
          cluster: 'analytics',
          resource: { type: 'AwsAutoScalingAutoScalingGroup', id: 'win-batch', name: 'win-batch' },
          affected: [{ type: 'AwsAutoScalingAutoScalingGroup', name: 'win-batch' }],
          evidence: { imageId: 'ami-0fedcba9876543210', expectedPrivateOn: '2026-12-10' },
        }),
        ruleFinding('ami-outdated', {
          region: 'eu-central-1',
          cluster: 'analytics',
          resource: { type: 'AwsEc2Instance', id: 'i-0fedcba9876543210' },
          affected: [],
          evidence: { imageId: 'ami-0fedcba9876543210', latestImageId: 'ami-0abcabcabcabcabc0' },
        }),
      ],
    },
  );
}

function incompleteReport(): Report {
  return makeReport({
    findings: [ruleFinding('ami-unavailable', {})],
    complete: false,
    errors: [
      {
        accountId: ACCOUNT_ID,
        region: 'us-west-2',
        cluster: 'prod',
        operation: 'DescribeNodegroup',
        code: 'AccessDeniedException',
        message: 'User is not authorized to perform eks:DescribeNodegroup',
      },
    ],
  });
}

interface OpenedPage {
  page: Page;
  /** Every request other than the page file itself: must stay empty. */
  attempted: string[];
  consoleErrors: string[];
  dialogs: string[];
}

let context: BrowserContext;
let workDirectory: string;
let pageCount = 0;

beforeAll(async () => {
  const executablePath = await ensureChromium();
  workDirectory = await mkdtemp(join(tmpdir(), 'eks-windows-scanner-html-'));
  context = await chromium.launchPersistentContext(join(workDirectory, 'profile'), {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await context?.close();
  if (workDirectory) await rm(workDirectory, { recursive: true, force: true });
});

/** Writes the page to a file and opens it with the network cut off. */
async function openReport(report: Report): Promise<OpenedPage> {
  pageCount += 1;
  const file = join(workDirectory, `report-${pageCount}.html`);
  await writeFile(file, formatHtml(report), 'utf8');
  const url = pathToFileURL(file).href;

  const page = await context.newPage();
  const opened: OpenedPage = { page, attempted: [], consoleErrors: [], dialogs: [] };
  await page.route('**/*', async (route) => {
    if (route.request().url() === url) return route.continue();
    opened.attempted.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  page.on('request', (request) => {
    if (request.url() !== url && !opened.attempted.includes(request.url())) {
      opened.attempted.push(request.url());
    }
  });
  page.on('console', (message) => {
    if (message.type() === 'error') opened.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => opened.consoleErrors.push(error.message));
  page.on('dialog', async (dialog) => {
    opened.dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await page.goto(url, { waitUntil: 'load' });
  return opened;
}

async function visibleRuleIds(page: Page): Promise<string[]> {
  return page.locator('.finding:visible .rule-id').allTextContents();
}

describe('HTML report in Chromium', () => {
  describe('a complete scan', () => {
    const report = estateReport();
    let opened: OpenedPage;

    beforeAll(async () => {
      opened = await openReport(report);
    }, SETUP_TIMEOUT_MS);

    afterAll(async () => {
      await opened?.page.close();
    });

    it('shows the title, scanner, scope and a complete status without an INCOMPLETE banner', async () => {
      // Prepare
      const { page } = opened;

      // Assess
      expect(await page.title()).toBe(
        'EKS Windows nodes compliance report – 2026-11-25 12:00:00 UTC',
      );
      const masthead = page.locator('.masthead');
      expect(await masthead.textContent()).toContain(
        `eks-windows-scanner ${report.scanner.version}`,
      );
      expect(await masthead.textContent()).toContain('us-west-2, eu-central-1');
      expect(await masthead.textContent()).toContain(ACCOUNT_ID);
      expect(await page.locator('#scan-status').textContent()).toContain('Scan complete');
      expect(await page.getByText('INCOMPLETE SCAN').count()).toBe(0);
    });

    it('shows the unsuppressed count of every severity on its card', async () => {
      // Act
      const cards = await page()
        .locator('.card')
        .evaluateAll((elements) =>
          elements.map((element) => [
            element.getAttribute('data-severity'),
            element.querySelector('.count')?.textContent,
          ]),
        );

      // Assess
      expect(Object.fromEntries(cards)).toEqual({
        CRITICAL: '1',
        HIGH: '2',
        MEDIUM: '1',
        LOW: '1',
        INFORMATIONAL: '0',
      });
      expect(report.summary.findings).toEqual({
        CRITICAL: 1,
        HIGH: 2,
        MEDIUM: 1,
        LOW: 1,
        INFORMATIONAL: 0,
      });
    });

    it("shows a finding's resource, affected node sources, evidence and remediation", async () => {
      // Prepare
      const finding = report.findings.find(
        (entry) => entry.ruleId === 'docker-runtime-unsupported',
      );
      const card = page().locator('.finding', { hasText: 'docker-runtime-unsupported' });

      // Assess
      expect(finding).toBeDefined();
      expect(await card.isVisible()).toBe(true);
      const text = (await card.textContent()) ?? '';
      expect(text).toContain(finding?.remediation);
      expect(text).toContain('Launch template win-2019-docker');
      expect(text).toContain(finding?.resource.arn);
      expect(text).toContain('Auto Scaling group win-asg-b');
      expect(
        await card.locator('.evidence tr', { hasText: 'containerRuntime' }).textContent(),
      ).toContain('docker');
    });

    it('hides suppressed findings until asked, then marks them SUPPRESSED', async () => {
      // Prepare
      const counter = page().locator('#findings-shown');
      const suppressed = page().locator('.finding[data-suppressed="true"]');

      // Assess: hidden at first
      expect(await counter.textContent()).toBe('5 of 6 findings shown');
      expect(await suppressed.isVisible()).toBe(false);

      // Act
      await page().getByLabel('Show suppressed (1)').check();

      // Assess
      expect(await counter.textContent()).toBe('6 of 6 findings shown');
      expect(await suppressed.isVisible()).toBe(true);
      expect(await suppressed.locator('.tag-suppressed').textContent()).toBe('SUPPRESSED');

      // Act: back as it was
      await page().getByLabel('Show suppressed (1)').uncheck();
      expect(await counter.textContent()).toBe('5 of 6 findings shown');
    });

    it('hides the CRITICAL findings and their heading when Critical is unchecked', async () => {
      // Prepare
      const critical = page().locator('.finding[data-severity="CRITICAL"]');
      expect(await critical.isVisible()).toBe(true);

      // Act
      await page().getByRole('checkbox', { name: 'Critical' }).uncheck();

      // Assess
      expect(await critical.isVisible()).toBe(false);
      expect(await page().locator('#severity-critical').isVisible()).toBe(false);
      expect(await page().locator('#findings-shown').textContent()).toBe('4 of 6 findings shown');
      expect(await visibleRuleIds(page())).not.toContain('docker-runtime-unsupported');

      // Act: back as it was
      await page().getByRole('checkbox', { name: 'Critical' }).check();
      expect(await page().locator('#findings-shown').textContent()).toBe('5 of 6 findings shown');
    });

    it('shows only the chosen cluster', async () => {
      // Act
      await page().locator('#filter-cluster').selectOption({ label: 'analytics · eu-central-1' });

      // Assess
      expect((await visibleRuleIds(page())).sort()).toEqual(['ami-expiring', 'ami-outdated']);
      expect(await page().locator('#findings-shown').textContent()).toBe('2 of 6 findings shown');

      // Act: back as it was
      await page().locator('#filter-cluster').selectOption({ label: 'All clusters' });
      expect(await page().locator('#findings-shown').textContent()).toBe('5 of 6 findings shown');
    });

    it('counts in each severity heading the findings the filters leave', async () => {
      // Prepare
      const highTally = page().locator('#severity-high .tally');
      expect(await highTally.textContent()).toBe('2 findings');

      // Act: prod has one of the two HIGH findings.
      await page().locator('#filter-cluster').selectOption({ label: 'prod · us-west-2' });

      // Assess
      expect(await highTally.textContent()).toBe('1 of 2 findings');
      expect(await page().locator('#severity-critical .tally').textContent()).toBe('1 finding');

      // Act: back as it was
      await page().locator('#filter-cluster').selectOption({ label: 'All clusters' });
      expect(await highTally.textContent()).toBe('2 findings');
    });

    it('narrows to the findings whose text holds every search word', async () => {
      // Act
      await page().locator('#filter-search').fill('WIN-2022 ami-0123456789');

      // Assess
      expect(await visibleRuleIds(page())).toEqual(['ami-unavailable']);
      expect(await page().locator('#findings-shown').textContent()).toBe('1 of 6 findings shown');

      // Act
      await page().locator('#filter-search').fill('nothing-matches-this');

      // Assess
      expect(await visibleRuleIds(page())).toEqual([]);
      expect(await page().locator('#no-match').isVisible()).toBe(true);

      // Act: back as it was
      await page().locator('#filter-search').fill('');
      expect(await page().locator('#findings-shown').textContent()).toBe('5 of 6 findings shown');
    });

    it('tells how to list the suppressed finding on screen, and that it is listed when printed', async () => {
      // Act
      const note = page().locator('#summary .summary-note');
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what is asserted
      const onScreen = await note.innerText();
      await page().emulateMedia({ media: 'print' });
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what is asserted
      const printed = await note.innerText();
      await page().emulateMedia({ media: 'screen' });

      // Assess
      expect(onScreen).toBe(
        'Counts of findings that need attention; 1 suppressed finding is not counted: tick “Show suppressed” below to list it.',
      );
      expect(printed).toBe(
        'Counts of findings that need attention; 1 suppressed finding is not counted, and listed below, marked SUPPRESSED.',
      );
    });

    it('leaves findings off screen unrendered on screen (content-visibility), and renders all in print', async () => {
      // Act: the test compiles without the DOM's types, so the window comes from the element.
      const contentVisibility = () =>
        page()
          .locator('.finding')
          .first()
          .evaluate(
            (finding) =>
              finding.ownerDocument.defaultView?.getComputedStyle(finding).contentVisibility,
          );
      const onScreen = await contentVisibility();
      await page().emulateMedia({ media: 'print' });
      const inPrint = await contentVisibility();
      await page().emulateMedia({ media: 'screen' });

      // Assess
      expect(onScreen).toBe('auto');
      expect(inPrint).toBe('visible');
    });

    it('prints every finding, suppressed and filtered-out ones too, without the filter controls', async () => {
      // Prepare
      await page().getByRole('checkbox', { name: 'High' }).uncheck();

      // Act
      await page().emulateMedia({ media: 'print' });
      const printed = await visibleRuleIds(page());
      const filtersPrinted = await page().locator('#filters').isVisible();
      await page().emulateMedia({ media: 'screen' });
      await page().getByRole('checkbox', { name: 'High' }).check();

      // Assess
      expect(printed).toHaveLength(report.findings.length);
      expect(filtersPrinted).toBe(false);
    });

    it('takes a full-page screenshot for the record', async () => {
      // Act
      await mkdir(RESULTS_DIRECTORY, { recursive: true });
      const screenshot = await page().screenshot({
        path: join(RESULTS_DIRECTORY, 'html-report.png'),
        fullPage: true,
      });

      // Assess
      expect(screenshot.byteLength).toBeGreaterThan(10_000);
    });

    it('attempted no network request and logged no console error through all of the above', () => {
      // Assess
      expect(opened.attempted).toEqual([]);
      expect(opened.consoleErrors).toEqual([]);
    });

    function page(): Page {
      return opened.page;
    }
  });

  describe('an incomplete scan', () => {
    it('shows the INCOMPLETE banner with the errors table', async () => {
      // Prepare
      const report = incompleteReport();

      // Act
      const { page, attempted, consoleErrors } = await openReport(report);

      // Assess
      expect(await page.title()).toMatch(/^\[INCOMPLETE\] /);
      const banner = page.locator('#scan-status');
      expect(await banner.isVisible()).toBe(true);
      expect(await banner.locator('h2').textContent()).toBe('INCOMPLETE SCAN');
      const row = banner.locator('#scan-errors tbody tr');
      expect(await row.count()).toBe(1);
      expect(await row.textContent()).toContain('DescribeNodegroup');
      expect(await row.textContent()).toContain('AccessDeniedException');
      await page.screenshot({
        path: join(RESULTS_DIRECTORY, 'html-report-incomplete.png'),
        fullPage: true,
      });
      expect(attempted).toEqual([]);
      expect(consoleErrors).toEqual([]);
      await page.close();
    });
  });

  describe('a report with hostile names', () => {
    it('shows a resource name that is markup as text, and runs none of it', async () => {
      // Prepare
      const report = makeReport({
        findings: [
          makeFinding({
            cluster: HOSTILE_NAME,
            resource: { type: 'AwsEc2LaunchTemplate', id: 'lt-0abc', name: HOSTILE_NAME },
            evidence: { [HOSTILE_NAME]: '</script><script>alert(2)</script>' },
          }),
        ],
      });

      // Act
      const { page, attempted, consoleErrors, dialogs } = await openReport(report);

      // Assess
      expect(await page.locator('.resource strong').textContent()).toBe(HOSTILE_NAME);
      expect(await page.locator('main img').count()).toBe(0);
      expect(await page.locator('#filter-cluster option').allTextContents()).toContain(
        HOSTILE_NAME,
      );
      const embedded = await page.locator('#report-data').textContent();
      expect(JSON.parse(embedded ?? '')).toEqual(report);
      expect(dialogs).toEqual([]);
      expect(attempted).toEqual([]);
      expect(consoleErrors).toEqual([]);
      await page.close();
    });
  });
});
