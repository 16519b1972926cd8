//! A soak of the playground in headless Chromium: a benchmark to run by hand, never a test gate.
//
// usage: node tests/e2e/soak.mjs [--moves 10000] [--every 1000] [--switch 250]
//
// Moves random sliders to random positions with real key presses (Arrow, PageUp/PageDown,
// Home/End), and every --switch moves picks another preset. Every --every moves it prints the
// JS heap in use (performance.memory), the wasm linear memory (the module's memory buffer),
// the paint count and the input-to-painted percentiles of the key presses since the last
// report. At the end it fails (exit 1) if the page reported a console error, or if JS heap or
// wasm memory grew by more than half between the first report and the last: memory must stay
// flat however long a person plays.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { openPage, withBrowser } from './harness.mjs';

const { values: options } = parseArgs({
  options: {
    moves: { type: 'string', default: '10000' },
    every: { type: 'string', default: '1000' },
    switch: { type: 'string', default: '250' },
    seed: { type: 'string', default: '7' },
  },
});
const [MOVES, EVERY, SWITCH, SEED] = ['moves', 'every', 'switch', 'seed'].map((k) => Number(options[k]));
if (![MOVES, EVERY, SWITCH, SEED].every((n) => Number.isInteger(n) && n > 0)) {
  console.error('soak.mjs: --moves, --every, --switch and --seed must be whole numbers above 0');
  process.exit(2);
}

/** A small seeded generator, so a soak can be repeated move for move. */
let state = SEED >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (list) => list[Math.floor(random() * list.length)];

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;

/** Times each key press on a slider to the first rendered frame after the page's repaint. */
const instrument = (page) =>
  page.evaluate(() => {
    window.__soak = [];
    addEventListener('keydown', (event) => {
      if (event.target.type !== 'range') return;
      const t0 = performance.now();
      const before = Number(document.documentElement.dataset.paints ?? 0);
      let frames = 0;
      const frame = () => requestAnimationFrame(() => {
        frames++;
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          const painted = Number(document.documentElement.dataset.paints ?? 0) > before;
          if (painted || frames > 30) window.__soak.push(painted ? performance.now() - t0 : null);
          else frame();
        };
        channel.port2.postMessage(null);
      });
      frame();
    }, true);
  });

const memory = (page) =>
  page.evaluate(async () => {
    const module = await import(new URL('pkg/flywheel.js', document.baseURI).href);
    // The module's init returns the instance's exports, the same instance once initialised.
    const exports = await module.default();
    return {
      heap: performance.memory?.usedJSHeapSize ?? 0,
      wasm: exports.memory.buffer.byteLength,
      paints: Number(document.documentElement.dataset.paints ?? 0),
    };
  });

await withBrowser(async ({ server, browser }) => {
  const session = await openPage(browser, server.url, { viewport: { width: 1280, height: 900 } });
  const { page, problems } = session;
  await instrument(page);
  const sliders = await page.locator('input[type=range]').evaluateAll((all) => all.map((s) => s.id));
  const presets = await page.locator('#preset option').evaluateAll((all) => all.map((o) => o.value));
  const keys = ['ArrowRight', 'ArrowLeft', 'ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End'];
  console.log(`soak: ${MOVES} key presses over ${sliders.length} sliders, a preset switch every ${SWITCH}, seed ${SEED}`);
  console.log(`machine: ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const reports = [];
  let since = 0;
  for (let move = 1; move <= MOVES; move++) {
    if (move % SWITCH === 0) await page.selectOption('#preset', pick(presets));
    const id = pick(sliders);
    await page.focus(`#${id}`);
    await page.keyboard.press(pick(keys));
    if (move % EVERY === 0 || move === MOVES) {
      // Let the last press paint before reading its timing and the memory.
      await page.waitForFunction((n) => window.__soak.length >= n, move, { timeout: 10_000 }).catch(() => {});
      const times = await page.evaluate((from) => window.__soak.slice(from), since);
      since += times.length;
      const painted = times.filter((t) => t !== null).sort((a, b) => a - b);
      const m = await memory(page);
      reports.push(m);
      console.log(
        `${String(move).padStart(6)} moves: JS heap ${mb(m.heap)}, wasm ${mb(m.wasm)}, ${m.paints} paints; ` +
        `key to paint p50 ${quantile(painted, 0.5)?.toFixed(1)} ms, p95 ${quantile(painted, 0.95)?.toFixed(1)} ms, ` +
        `${times.length - painted.length} presses with no repaint`);
    }
  }
  await session.context.close();
  const [first, last] = [reports[0], reports.at(-1)];
  const grew = (a, b) => a > 0 && b > 1.5 * a;
  const failures = [
    ...problems,
    ...(grew(first.heap, last.heap) ? [`JS heap grew from ${mb(first.heap)} to ${mb(last.heap)}`] : []),
    ...(grew(first.wasm, last.wasm) ? [`wasm memory grew from ${mb(first.wasm)} to ${mb(last.wasm)}`] : []),
  ];
  if (failures.length) {
    console.error(`soak failed:\n  ${failures.join('\n  ')}`);
    process.exitCode = 1;
  } else {
    console.log('soak: memory flat, no console error');
  }
}, { args: ['--enable-precise-memory-info'] });
