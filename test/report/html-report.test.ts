/**
 * The demo's HTML report in a real browser: a small `lockstep demo` run (the built binary),
 * then headless Debian chromium driven by playwright-core. The page must load with no console
 * errors or page errors, show the cluster plot with its points and the campaign table with
 * rows, and make no network request (it is one self-contained file).
 * Needs `apt-get install -y chromium` and a build (npx nx run cli:build).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'services/cli/bin/lockstep.js');
const CHROMIUM = '/usr/bin/chromium';

describe('demo HTML report in headless chromium', () => {
  let dir: string;
  let browser: BrowserContext | undefined;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-report-'));
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LOCKSTEP_')));
    const run = spawnSync(process.execPath, [BIN, 'demo', '--seed', '3', '--accounts', '500', '--hours', '8', '--out-dir', path.join(dir, 'out'), '--quiet'], {
      cwd: ROOT,
      env: base,
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (run.status !== 0) throw new Error(`lockstep demo failed (${run.status}): ${run.stderr}`);
    expect(run.stdout).toContain(`HTML report: ${path.join(dir, 'out', 'report.html')}`);
    // A fresh profile per run (playwright passes it to chromium as --user-data-dir).
    browser = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('renders without console errors, with the plot and the campaign table', async () => {
    const page = await browser!.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });

    await page.goto(`file://${path.join(dir, 'out', 'report.html')}`, { waitUntil: 'load' });

    const plot = page.locator('svg#cluster-plot');
    expect(await plot.isVisible()).toBe(true);
    const marks = await plot.locator('.pt').count();
    expect(marks).toBeGreaterThan(100);
    expect(await plot.locator('path.pt').count()).toBeGreaterThan(10); // campaign accounts (triangles)

    const table = page.locator('table#campaign-table');
    expect(await table.isVisible()).toBe(true);
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await table.locator('thead th').allTextContents()).toEqual(expect.arrayContaining(['campaign', 'size', 'score', 'evidence summary']));
    expect(await page.locator('svg#timeline').isVisible()).toBe(true);

    // The inline script works: a legend click hides that group's marks.
    const button = page.locator('.legend button[data-group]').first();
    const group = await button.getAttribute('data-group');
    const visibleBefore = await plot.locator(`.pt[data-group="${group}"]:not(.hidden)`).count();
    await button.click();
    expect(visibleBefore).toBeGreaterThan(0);
    expect(await plot.locator(`.pt[data-group="${group}"]:not(.hidden)`).count()).toBe(0);

    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
  });
});
