//! Full-page screenshots of the playground, light and dark, wide (1280x800) and narrow (390x844),
//! of its Uncertainty view (the view alone, the same four ways), of a comparison (the same four
//! ways), of the guided tour (light and wide, dark and narrow) and of the frame page at 1280.
// usage: node tests/e2e/screenshots.mjs [folder]   (default /tmp/flywheel-shots)
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { openPage, ready, withBrowser } from './harness.mjs';

const folder = resolve(process.argv[2] ?? '/tmp/flywheel-shots');
const SIZES = [{ width: 1280, height: 800 }, { width: 390, height: 844 }];
await mkdir(folder, { recursive: true });

let trouble = 0;
await withBrowser(async ({ server, browser }) => {
  for (const colorScheme of ['light', 'dark']) {
    for (const viewport of SIZES) {
      const { context, page, problems, offsite } = await openPage(browser, server.url, { colorScheme, viewport, wait: false });
      try {
        await ready(page);
      } catch (error) {
        console.error(`warning: ${error.message}; taking the screenshot anyway`);
        trouble++;
      }
      await page.evaluate(() => document.fonts.ready.then(() => true));
      // The words follow the charts by a frame.
      await page.waitForFunction(() => document.getElementById('verdict')?.textContent.trim(), null, { timeout: 5000 })
        .catch(() => console.error('warning: the verdict stayed empty'));
      // The years not shown are judged in idle time just after: the page as a reader sees it a moment later.
      await page.waitForFunction(() => window.flywheel.playground?.run.pending === 0, null, { timeout: 5000 })
        .catch(() => console.error('warning: the verdict stayed pending'));
      await page.waitForTimeout(200);
      const file = join(folder, `flywheel-${colorScheme}-${viewport.width}x${viewport.height}.png`);
      await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      console.log(`${file} (${viewport.width}x${height} full page)`);
      for (const problem of [...problems, ...offsite.map((u) => `offsite request: ${u}`)]) {
        console.error(`warning: ${colorScheme} ${viewport.width}x${viewport.height}: ${problem}`);
        trouble++;
      }
      await context.close();
    }
  }
  // The Uncertainty view, light and dark, wide and narrow, once its 1000 futures are in.
  for (const colorScheme of ['light', 'dark']) {
    for (const viewport of SIZES) {
      const { context, page, problems } = await openPage(browser, server.url, { hash: '#p=healthy&n=1000&s=1', colorScheme, viewport });
      await page.waitForFunction(() => document.getElementById('uncertainty')?.dataset.doneAt, null, { timeout: 60000 })
        .catch(() => { console.error('warning: the futures did not finish'); trouble++; });
      await page.click('#u-ranges summary');
      await page.evaluate(() => document.fonts.ready.then(() => true));
      const file = join(folder, `flywheel-uncertainty-${colorScheme}-${viewport.width}.png`);
      await page.locator('#uncertainty').screenshot({ path: file, animations: 'disabled' });
      console.log(file);
      for (const problem of problems) {
        console.error(`warning: uncertainty: ${problem}`);
        trouble++;
      }
      await context.close();
    }
  }
  // A comparison, light and dark, wide and narrow: healthy pinned as A, B with twice the
  // throughput per GPU, at week 200.
  for (const colorScheme of ['light', 'dark']) {
    for (const viewport of SIZES) {
      const { context, page, problems } = await openPage(browser, server.url, { hash: '#p=healthy&w=200&cr=4e4&a=healthy', colorScheme, viewport });
      await page.waitForFunction(() => !document.getElementById('compare')?.hidden && window.flywheel.playground.run.pending === 0, null, { timeout: 15000 })
        .catch(() => { console.error('warning: the comparison did not show'); trouble++; });
      await page.evaluate(() => document.fonts.ready.then(() => true));
      await page.waitForTimeout(200);
      const file = join(folder, `flywheel-compare-${colorScheme}-${viewport.width}.png`);
      await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
      console.log(file);
      for (const problem of problems) {
        console.error(`warning: compare: ${problem}`);
        trouble++;
      }
      await context.close();
    }
  }
  // The tour, wide and light and narrow and dark; the frame page at 1280.
  const pages = [
    ['docs.html', 'docs', 'light', { width: 1280, height: 800 }],
    ['docs.html', 'docs', 'dark', { width: 390, height: 844 }],
    ['embed.html?preset=compute-crunch&layers=compute', 'embed', 'light', { width: 1280, height: 800 }],
  ];
  for (const [path, name, colorScheme, viewport] of pages) {
    const { context, page, problems } = await openPage(browser, server.url, { path, colorScheme, viewport, wait: false });
    // Every playground's verdict is written: the tags' in their shadow roots, else the page's.
    await page.waitForFunction(() => {
      const tags = [...document.querySelectorAll('flywheel-playground')];
      const roots = tags.length ? tags.map((tag) => tag.shadowRoot) : [document];
      return roots.every((root) => root?.getElementById('verdict')?.textContent.trim());
    }, null, { timeout: 15000 })
      .catch(() => { console.error(`warning: ${name}: a playground has no verdict`); trouble++; });
    await page.evaluate(() => document.fonts.ready.then(() => true));
    const file = join(folder, `flywheel-${name}-${colorScheme}-${viewport.width}.png`);
    await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
    console.log(file);
    for (const problem of problems) {
      console.error(`warning: ${name}: ${problem}`);
      trouble++;
    }
    await context.close();
  }
});
process.exitCode = trouble ? 1 : 0;
