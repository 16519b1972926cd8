//! Full-page screenshots of the playground, light and dark, wide (1280x800) and narrow (390x844).
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
});
process.exitCode = trouble ? 1 : 0;
