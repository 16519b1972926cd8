//! Size and start-up budgets of the embeds: a benchmark, never a test gate (sizes are also
//! checked by package.test.mjs).
//
// usage: node tests/e2e/budget.mjs [--n 15]
//
// Sizes: each file of one embed, gzipped at level 9, from the npm package that
// pkg-config/build.sh assembles. Start-up: a fresh browser context per load (nothing cached; the
// server sends no-store), from navigation start to
//   drawn   - the first chart drawn (the playground's performance mark `flywheel:first-paint`),
//   painted - the first task after the next rendered frame, when those pixels are on screen;
// for a page with several embeds both to the first of them (what the target is about) and to
// the last. Targets: 150 KB gzipped for the wasm, 200 KB for all of one embed, 300 ms to the
// first painted chart.
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { openPage, withBrowser } from './harness.mjs';

const { values: options } = parseArgs({ options: { n: { type: 'string', default: '15' } } });
const N = Number(options.n);
if (!Number.isInteger(N) || N < 1) {
  console.error(`budget.mjs: --n (${options.n}) must be a whole number from 1`);
  process.exit(2);
}

const PACKAGE = fileURLToPath(new URL('../../target/npm/flywheel-playground/', import.meta.url));
const EMBED = ['embed.js', 'playground.js', 'pkg/flywheel.js', 'pkg/flywheel_bg.wasm', 'playground.css'];
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

console.log('Sizes of one embed (gzip -9):');
let total = 0;
for (const file of EMBED) {
  const raw = readFileSync(`${PACKAGE}${file}`);
  const gz = gzipSync(raw, { level: 9 }).length;
  total += gz;
  console.log(`  ${file.padEnd(22)} ${kb(raw.length).padStart(9)} raw  ${kb(gz).padStart(9)} gzipped`);
}
const wasm = gzipSync(readFileSync(`${PACKAGE}pkg/flywheel_bg.wasm`), { level: 9 }).length;
console.log(`  ${'all of one embed'.padEnd(22)} ${''.padStart(13)} ${kb(total).padStart(9)} gzipped (target <= 200 KB)`);
console.log(`  ${'wasm'.padEnd(22)} ${''.padStart(13)} ${kb(wasm).padStart(9)} gzipped (target <= 150 KB)`);

/** Runs in every page before its scripts: notes when each first chart is drawn and painted. */
function watchFirstPaints() {
  window.__firstPaints = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.name !== 'flywheel:first-paint') continue;
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => window.__firstPaints.push({ drawn: entry.startTime, painted: performance.now() });
        channel.port2.postMessage(null);
      });
    }
  }).observe({ type: 'mark', buffered: true });
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
const ms = (x) => `${x.toFixed(1).padStart(6)} ms`;

await withBrowser(async ({ server, browser }) => {
  console.log(`Start-up, ${N} cold loads each, headless Chromium ${browser.version()}:`);
  for (const [label, path, count] of [
    ['one embed (fixtures/one.html)', '__fixtures/one.html', 1],
    ['guided tour (docs.html, six embeds)', 'docs.html', 6],
    ['full playground (index.html)', '', 1],
  ]) {
    const times = { drawn: [], painted: [], lastDrawn: [], lastPainted: [] };
    for (let i = 0; i < N; i++) {
      const { context, page } = await openPage(browser, server.url, { path, wait: false, init: watchFirstPaints });
      await page.waitForFunction((n) => window.__firstPaints?.length >= n, count, { timeout: 15000 });
      const paints = await page.evaluate(() => window.__firstPaints);
      times.drawn.push(Math.min(...paints.map((p) => p.drawn)));
      times.painted.push(Math.min(...paints.map((p) => p.painted)));
      times.lastDrawn.push(Math.max(...paints.map((p) => p.drawn)));
      times.lastPainted.push(Math.max(...paints.map((p) => p.painted)));
      await context.close();
    }
    for (const list of Object.values(times)) list.sort((a, b) => a - b);
    const row = (what, list, note = '') =>
      console.log(`    ${what.padEnd(32)} median ${ms(quantile(list, 0.5))}  p95 ${ms(quantile(list, 0.95))}${note}`);
    console.log(`  ${label}`);
    row('navigation -> first chart drawn', times.drawn);
    row('navigation -> first chart painted', times.painted, '  (target <= 300 ms)');
    if (count > 1) {
      row(`navigation -> all ${count} drawn`, times.lastDrawn);
      row(`navigation -> all ${count} painted`, times.lastPainted);
    }
  }
});
