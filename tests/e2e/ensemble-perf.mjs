//! The Uncertainty view's speed in headless Chromium: a benchmark, never a test gate.
//
// usage: node tests/e2e/ensemble-perf.mjs [--n 7] [--verdicts whole|stages] [--keys 40]
//
// The page opens with the view running 1,000 futures. Then, --n times, a parameter slider
// moves one step (a key press) and the harness reads the view's own stamps (performance.now()
// in the page, on #uncertainty's data-*): `first odds` is the key press to the frame that first
// drew counted futures, `1000 runs` the key press to the frame that drew the last of them, and
// `workers` from the futures' start (after the view's 40 ms of quiet) to that frame. Then
// input-to-paint: --keys presses, 150 ms apart, on the week slider (which does not restart the
// futures: with 20,000 of them the workers are busy throughout) and on a parameter slider (each
// press stops them; they start again once the presses stop, 250 ms after the last), each timed from the key's `input` event to the frame that painted it (as
// perf.mjs's `painted`), first with the view closed and then with futures running, so the two
// are measured under the same load. Medians and p95, with the machine's load average beside.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { openPage, withBrowser } from './harness.mjs';

const { values: options } = parseArgs({
  options: {
    n: { type: 'string', default: '7' },
    verdicts: { type: 'string', default: 'whole' },
    keys: { type: 'string', default: '40' },
  },
});
const N = Number(options.n);
const KEYS = Number(options.keys);
if (!Number.isInteger(N) || N < 1 || !Number.isInteger(KEYS) || KEYS < 1 || !['whole', 'stages'].includes(options.verdicts)) {
  console.error('ensemble-perf.mjs: --n and --keys are whole numbers of 1 or more; --verdicts is whole or stages');
  process.exit(2);
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
const stats = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted.at(-1) };
};
const ms = (x) => `${x.toFixed(1).padStart(7)} ms`;
const line = (label, s) => `  ${label.padEnd(40)} median ${ms(s.median)}   p95 ${ms(s.p95)}   max ${ms(s.max)}   (n=${s.n})`;
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');

/** Times every `input` event on the page to the first frame rendered after its repaint. */
const instrument = (page) =>
  page.evaluate(() => {
    const paints = () => Number(document.documentElement.dataset.paints ?? 0);
    window.__painted = [];
    addEventListener('input', () => {
      const t0 = performance.now();
      const before = paints();
      let frames = 0;
      const frame = () => requestAnimationFrame(() => {
        frames++;
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          if (paints() > before) window.__painted.push(performance.now() - t0);
          else if (frames < 120) frame();
        };
        channel.port2.postMessage(null);
      });
      frame();
    }, true);
  });

const view = (page) => page.evaluate(() => ({ ...document.getElementById('uncertainty').dataset }));

await withBrowser(async ({ server, browser }) => {
  const hash = `#p=healthy&n=1000&s=1${options.verdicts === 'stages' ? '&j=stages' : ''}`;
  const { page } = await openPage(browser, server.url, { hash });
  const finished = (after) => page.waitForFunction((after) => {
    const d = document.getElementById('uncertainty').dataset;
    return Number(d.doneAt) > after && Number(d.changedAt) > after;
  }, after, { timeout: 60_000 });
  await finished(0);
  const cold = await view(page);
  console.log(`Uncertainty view, ${options.verdicts} verdicts, 1000 futures; load ${load()}`);
  console.log(`  cold (page load, wasm compiled, workers started): first odds ${ms(cold.firstOddsAt - cold.changedAt)}, 1000 runs ${ms(cold.doneAt - cold.changedAt)}`);
  await instrument(page);
  const first = [];
  const done = [];
  const workers = [];
  const slider = page.locator('#p-users-word_of_mouth');
  for (let i = 0; i < N; i++) {
    await slider.focus();
    const t0 = await page.evaluate(() => performance.now());
    await page.keyboard.press(i % 2 ? 'ArrowLeft' : 'ArrowRight');
    await finished(t0);
    const d = await view(page);
    first.push(d.firstOddsAt - t0);
    done.push(d.doneAt - t0);
    const started = await page.evaluate(() => window.flywheel.playground.uncertainty.timing.ran);
    workers.push(started);
  }
  console.log(line('key press -> first odds painted', stats(first)));
  console.log(line('key press -> 1000 runs painted', stats(done)));
  console.log(line('futures start -> 1000 runs painted', stats(workers)));
  console.log(`  load ${load()}`);

  const compute = await page.evaluate(() => window.flywheel.playground.uncertainty.timing.workMs);
  console.log(`  the last 1000 runs: ${ms(compute)} of work in the workers together (whole verdicts cost ~1 ms a run natively)`);

  /** Key presses 150 ms apart on `id`; the futures are open or not. Returns input -> painted. */
  const keys = async (id, open) => {
    await page.evaluate((open) => window.flywheel.playground.uncertainty.setOpen(open), open);
    if (open) {
      // 20,000 futures, so the workers are still busy at the last key.
      await page.fill('#u-runs', '20000');
      await page.locator('#u-runs').dispatchEvent('change');
      await page.waitForTimeout(500);
    }
    await page.evaluate(() => { window.__painted = []; });
    await page.locator(id).focus();
    let running = 0;
    for (let i = 0; i < KEYS; i++) {
      await page.keyboard.press(i % 2 ? 'ArrowLeft' : 'ArrowRight');
      await page.waitForTimeout(150);
      if (open && await page.evaluate(() => window.flywheel.playground.uncertainty.state === 'running')) running++;
    }
    await page.waitForTimeout(300);
    return { painted: await page.evaluate(() => window.__painted), running };
  };
  for (const [label, id] of [['week slider', '#week'], ['parameter slider', '#p-users-word_of_mouth']]) {
    const closed = await keys(id, false);
    console.log(line(`${label}, view closed: input -> painted`, stats(closed.painted)));
    const open = await keys(id, true);
    console.log(line(`${label}, futures running: input -> painted`, stats(open.painted)));
    console.log(`    (futures were running 150 ms after ${open.running} of ${KEYS} presses; load ${load()})`);
  }
  await page.fill('#u-runs', '1000');
  await page.locator('#u-runs').dispatchEvent('change');
});
