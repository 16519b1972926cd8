//! Input-to-painted timing of the playground in headless Chromium: a benchmark, never a test gate.
//
// usage: node tests/e2e/perf.mjs [--n 200] [--slider p-users-word_of_mouth] [--warmup 20] [--burst 300]
//                                [--futures N] [--hash 'a=healthy']
//
// The page opens on the default scenario and one slider is moved N times between two values.
// A capturing `input` listener on window (it runs before the page's own listeners) stamps t0
// with performance.now() and then follows the repaint:
//   drawn   = t0 -> the moment the page raises document.documentElement.dataset.paints
//             (a MutationObserver callback: the page's run + draw work, and any wait it adds);
//   painted = t0 -> the first task after the rendering update (rAF callbacks, style, layout,
//             paint) of the first frame whose rAF came after that raise: a requestAnimationFrame
//             callback posts a MessageChannel message, and the message runs once that frame is
//             rendered. This is the moment the new pixels are committed for display.
// Two drivers:
//   drag     - real mouse moves through Chromium's input pipeline with the button held on the
//              slider. Chromium delivers such moves at the start of a frame, as it does for a
//              person dragging, so `painted` is the page's cost plus one rendering update. The
//              issue's targets (median <= 8 ms, p95 <= 16 ms) are judged on this driver.
//   dispatch - `input` events dispatched from timer tasks at random moments. These wait for the
//              next frame (headless Chromium renders at 60 Hz), so `painted` also holds 0-16.7 ms
//              of frame wait; the line "frame wait alone" measures that wait with no work at all.
//   burst    - --burst key presses (ArrowRight and ArrowLeft in turn) sent back to back on the
//              focused slider, none waiting for the one before: input piles up unless the page
//              coalesces it. Reported: every press's input -> painted, and the
//              last press's, which must be painted within a frame of being sent.
// With --futures N the page opens with its Uncertainty view running N futures in its workers
// (`#n=N`), so every driver runs while they do. Use it with `--slider week`: the week slider does
// not restart the futures, while a parameter slider stops them on every move (they start again
// after 40 ms of quiet). The line `futures running at each input` says how many inputs met
// them still at work.
// --hash adds to the page's link: `a=healthy` times a comparison, with healthy pinned as A.
// If the wasm facade has Run.update and the draw methods, their own times are printed too
// (run-only and draw-only, measured in the page on the page's canvases); with Run.judgeNext,
// also the update a change makes (only the year shown judged) and the judging of the rest,
// which the page does in idle time after the paint.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { openPage, withBrowser } from './harness.mjs';

const { values: options } = parseArgs({
  options: {
    n: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '20' },
    slider: { type: 'string', default: 'p-users-word_of_mouth' },
    burst: { type: 'string', default: '300' },
    futures: { type: 'string', default: '0' },
    hash: { type: 'string', default: '' },
  },
});
const N = Number(options.n);
const WARMUP = Number(options.warmup);
const BURST = Number(options.burst);
const FUTURES = Number(options.futures);
if (!Number.isInteger(N) || N < 1 || !Number.isInteger(WARMUP) || WARMUP < 0 || !Number.isInteger(BURST) || BURST < 0
  || !Number.isInteger(FUTURES) || FUTURES < 0 || FUTURES > 100000) {
  console.error(`perf.mjs: --n (${options.n}), --warmup (${options.warmup}), --burst (${options.burst}) and --futures (${options.futures}, at most 100000) must be whole numbers, n >= 1`);
  process.exit(2);
}
const TARGET = { median: 8, p95: 16 };

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted.at(-1) };
}
const ms = (x) => `${x.toFixed(2).padStart(7)} ms`;
const line = (label, s) => `  ${label.padEnd(34)} median ${ms(s.median)}   p95 ${ms(s.p95)}   max ${ms(s.max)}   (n=${s.n})`;

/** Installs the capturing listener that times every `input` event on the slider `id`. */
const instrument = (page, id) =>
  page.evaluate((id) => {
    const paints = () => Number(document.documentElement.dataset.paints ?? 0);
    const samples = [];
    window.__inputTiming = samples;
    addEventListener('input', (event) => {
      if (event.target.id !== id) return;
      const t0 = performance.now();
      const before = paints();
      const bar = document.getElementById('u-progress');
      const running = Boolean(bar) && Number(bar.getAttribute('aria-valuenow')) < Number(bar.getAttribute('aria-valuemax'));
      let drawn = null;
      const watch = new MutationObserver(() => {
        if (drawn === null && paints() > before) drawn = performance.now();
      });
      watch.observe(document.documentElement, { attributes: true, attributeFilter: ['data-paints'] });
      let frames = 0;
      const frame = () =>
        requestAnimationFrame(() => {
          frames++;
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            if (drawn !== null) {
              watch.disconnect();
              samples.push({ drawn: (drawn ?? performance.now()) - t0, painted: performance.now() - t0, frames, running });
            } else if (frames > 120) {
              watch.disconnect();
              samples.push({ missing: true });
            } else {
              frame();
            }
          };
          channel.port2.postMessage(null);
        });
      frame();
    }, true);
  }, id);

const sampleCount = (page) => page.evaluate(() => window.__inputTiming.length);

async function drag(page, id, count) {
  const slider = page.locator(`#${id}`);
  await slider.scrollIntoViewIfNeeded();
  const box = await slider.boundingBox();
  const y = box.y + box.height / 2;
  const at = [box.x + box.width * 0.3, box.x + box.width * 0.7];
  await page.mouse.move(at[1], y);
  await page.mouse.down();
  const start = await sampleCount(page);
  for (let i = 0; i < count; i++) {
    await page.mouse.move(at[i % 2], y);
    await page.waitForFunction((n) => window.__inputTiming.length >= n, start + i + 1, { timeout: 5000 });
  }
  await page.mouse.up();
}

const dispatch = (page, id, count) =>
  page.evaluate(async ([id, count]) => {
    const slider = document.getElementById(id);
    const span = Number(slider.max) - Number(slider.min);
    const values = [Number(slider.min) + span * 0.3, Number(slider.min) + span * 0.7];
    const start = window.__inputTiming.length;
    for (let i = 0; i < count; i++) {
      await new Promise((done) => setTimeout(done, 20 + Math.random() * 17));
      slider.value = String(values[i % 2]);
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      while (window.__inputTiming.length < start + i + 1) await new Promise((done) => setTimeout(done, 1));
    }
  }, [id, count]);

/**
 * Key presses sent back to back on the slider `id`, timed by one light probe (a listener per
 * press would itself hold the page up): each keydown's arrival (event.timeStamp, when Chromium
 * received it), when the page saw it, and each rendered frame's time and repaint count. A press
 * is painted at the first frame, rendered after the page saw it, whose count passed the count
 * then. Returns `{ keys: [{received, seen, painted, frames}] (ms from arrival), repaints }`.
 */
async function burst(page, id, count) {
  const slider = page.locator(`#${id}`);
  await slider.scrollIntoViewIfNeeded();
  await slider.focus();
  await page.evaluate((id) => {
    const paints = () => Number(document.documentElement.dataset.paints ?? 0);
    const probe = { keys: [], frames: [], on: true };
    window.__burst = probe;
    addEventListener('keydown', (event) => {
      if (probe.on && event.target.id === id) probe.keys.push({ received: event.timeStamp, seen: performance.now(), paints: paints() });
    }, true);
    const frame = () => requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        probe.frames.push({ at: performance.now(), paints: paints() });
        if (probe.on) frame();
      };
      channel.port2.postMessage(null);
    });
    frame();
  }, id);
  const presses = [];
  for (let i = 0; i < count; i++) presses.push(page.keyboard.press(i % 2 ? 'ArrowLeft' : 'ArrowRight'));
  await Promise.all(presses);
  await page.waitForFunction((n) => window.__burst.keys.length >= n, count, { timeout: 60000 });
  await page.waitForTimeout(500);
  const { keys, frames } = await page.evaluate(() => {
    window.__burst.on = false;
    return window.__burst;
  });
  const timed = keys.map((key) => {
    const after = frames.filter((f) => f.at >= key.seen);
    const index = after.findIndex((f) => f.paints > key.paints);
    if (index < 0) return { missing: true };
    return { seen: key.seen - key.received, painted: after[index].at - key.received, frames: index + 1 };
  });
  const during = frames.filter((f) => f.at >= keys[0].seen && f.at <= keys.at(-1).seen);
  return { keys: timed, repaints: frames.at(-1).paints - keys[0].paints, framesDuring: during.length };
}

/** The same burst on a bare range input in an empty page: what the browser's input pipeline costs alone. */
async function bareBurst(browser, count) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.setContent('<input type="range" id="r" min="0" max="300" value="150">');
    await page.evaluate(() => {
      window.__keys = [];
      addEventListener('keydown', (event) => window.__keys.push(performance.now() - event.timeStamp), true);
    });
    await page.locator('#r').focus();
    const presses = [];
    for (let i = 0; i < count; i++) presses.push(page.keyboard.press(i % 2 ? 'ArrowLeft' : 'ArrowRight'));
    await Promise.all(presses);
    return await page.evaluate(() => window.__keys);
  } finally {
    await context.close();
  }
}

/** The frame wait alone: from a timer task at a random moment to the task after the next rendered frame. */
const frameWait = (page, count) =>
  page.evaluate(async (count) => {
    const waits = [];
    for (let i = 0; i < count; i++) {
      await new Promise((done) => setTimeout(done, 20 + Math.random() * 17));
      const t0 = performance.now();
      await new Promise((done) => requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = done;
        channel.port2.postMessage(null);
      }));
      waits.push(performance.now() - t0);
    }
    return waits;
  }, count);

/** run.update and each draw method timed on their own, if the facade has them. */
const facadeSplit = (page, id, count) =>
  page.evaluate(async ([id, count]) => {
    const module = await import(new URL('pkg/flywheel.js', document.baseURI).href);
    const preset = document.getElementById('preset').value;
    const slider = document.getElementById(id);
    // The week slider changes no parameter: there is no run of the facade to time for it.
    if (!slider.name) return {};
    const positions = [0.3, 0.7].map((f) => Math.round(Number(slider.min) + (Number(slider.max) - Number(slider.min)) * f));
    const settings = positions.map((p) => [`${slider.name}=${module.sliderValue(slider.name, p)}`]);
    const run = new module.Run(preset, []);
    const result = {};
    try {
      if (typeof run.update === 'function') {
        result.run = [];
        for (let i = 0; i < count; i++) {
          const t0 = performance.now();
          run.update(preset, settings[i % 2]);
          result.run.push(performance.now() - t0);
        }
        // What the page runs on a change: the year shown judged, the rest left for idle time.
        if (typeof run.judgeNext === 'function') {
          const shown = Number(document.getElementById('week')?.value ?? run.weeks);
          result.runShown = [];
          result.judgeRest = [];
          for (let i = 0; i < count; i++) {
            const t0 = performance.now();
            run.update(preset, settings[i % 2], undefined, shown);
            const t1 = performance.now();
            while (run.judgeNext());
            result.runShown.push(t1 - t0);
            result.judgeRest.push(performance.now() - t1);
          }
        }
      }
      const week = Number(document.getElementById('week')?.value ?? 0);
      const dark = matchMedia('(prefers-color-scheme: dark)').matches;
      const draws = {
        drawDemand: ['chart-demand', (c) => run.drawDemand(c, week, dark)],
        drawFunnel: ['chart-funnel', (c) => run.drawFunnel(c, week, dark)],
        drawLoop: ['chart-loop', (c) => run.drawLoop(c, week, 0.25, dark)],
        drawBottlenecks: ['chart-bottlenecks', (c) => run.drawBottlenecks(c, week, dark)],
      };
      const usable = Object.entries(draws).filter(([name, [canvas]]) =>
        typeof run[name] === 'function' && document.getElementById(canvas));
      if (usable.length) {
        result.draws = Object.fromEntries(usable.map(([name]) => [name, []]));
        result.drawAll = [];
        for (let i = 0; i < count; i++) {
          const start = performance.now();
          for (const [name, [canvas, draw]] of usable) {
            const t0 = performance.now();
            draw(document.getElementById(canvas));
            result.draws[name].push(performance.now() - t0);
          }
          result.drawAll.push(performance.now() - start);
        }
      }
    } finally {
      run.free();
    }
    return result;
  }, [id, count]);

await withBrowser(async ({ server, browser }) => {
  const parts = [FUTURES ? `n=${FUTURES}` : '', options.hash].filter(Boolean);
  const { page, problems } = await openPage(browser, server.url, { hash: parts.length ? `#${parts.join('&')}` : '' });
  if (!(await page.locator(`#${options.slider}`).count())) {
    throw new Error(`the page has no slider #${options.slider}`);
  }
  const canvases = await page.$$eval('canvas', (cs) => cs.map((c) => `${c.id} ${c.width}x${c.height}`));
  await instrument(page, options.slider);

  await drag(page, options.slider, WARMUP);
  let start = await sampleCount(page);
  await drag(page, options.slider, N);
  const dragged = (await page.evaluate((s) => window.__inputTiming.slice(s), start)).filter((x) => !x.missing);
  start = await sampleCount(page);
  await dispatch(page, options.slider, N);
  const dispatched = (await page.evaluate((s) => window.__inputTiming.slice(s), start)).filter((x) => !x.missing);
  const bursted = BURST ? await burst(page, options.slider, BURST) : { keys: [] };
  const bare = BURST ? await bareBurst(browser, BURST) : [];
  const waits = await frameWait(page, N);
  const split = await facadeSplit(page, options.slider, N);

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`Flywheel input-to-painted, default scenario, slider #${options.slider}, ${N} inputs per driver after ${WARMUP} warm-up`);
  console.log(`  machine: ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}`);
  console.log(`  browser: headless Chromium ${browser.version()}; node ${process.version}`);
  console.log(`  canvases: ${canvases.join(', ')} (device pixels)`);
  console.log('drag (real mouse moves, delivered at frame start):');
  console.log(line('input -> drawn (run + draw)', stats(dragged.map((x) => x.drawn))));
  const painted = stats(dragged.map((x) => x.painted));
  console.log(line('input -> painted', painted));
  if (FUTURES) {
    const busy = (xs) => `${xs.filter((x) => x.running).length} of ${xs.length}`;
    console.log(`  futures running at each input: drag ${busy(dragged)}, dispatch ${busy(dispatched)}; load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  }
  console.log('dispatch (input events from timer tasks, unaligned to frames):');
  console.log(line('input -> drawn (run + draw)', stats(dispatched.map((x) => x.drawn))));
  console.log(line('input -> painted', stats(dispatched.map((x) => x.painted))));
  console.log(line('frame wait alone (no work)', stats(waits)));
  if (bursted.keys.length) {
    const timed = bursted.keys.filter((x) => !x.missing);
    console.log(`burst (${BURST} key presses back to back; ${bursted.repaints} repaints, ${bursted.framesDuring} frames while they came in):`);
    console.log(line('key received -> painted', stats(timed.map((x) => x.painted))));
    console.log(line('key received -> page sees it', stats(timed.map((x) => x.seen))));
    console.log(line('page sees key -> painted', stats(timed.map((x) => x.painted - x.seen))));
    const last = bursted.keys.at(-1);
    console.log(last.missing ? '  last key: never painted'
      : `  last key: received -> painted ${ms(last.painted)}; seen -> painted ${ms(last.painted - last.seen)}, in frame ${last.frames} after it`);
    console.log(line('bare range input: received -> seen', stats(bare)));
  }
  console.log('facade alone (in the page, same slider values):');
  if (split.run) console.log(line('run.update (whole verdict)', stats(split.run)));
  if (split.runShown) {
    console.log(line('run.update (year shown only)', stats(split.runShown)));
    console.log(line('judging the rest (idle time)', stats(split.judgeRest)));
  }
  else console.log('  run.update: not in this facade');
  if (split.draws) {
    for (const [name, times] of Object.entries(split.draws)) console.log(line(`run.${name}`, stats(times)));
    console.log(line('all draws', stats(split.drawAll)));
  } else {
    console.log('  draw methods: not in this facade');
  }
  const pass = painted.median <= TARGET.median && painted.p95 <= TARGET.p95;
  console.log(`${pass ? 'PASS' : 'FAIL'}: drag input -> painted median ${painted.median.toFixed(2)} ms (target <= ${TARGET.median}), ` +
    `p95 ${painted.p95.toFixed(2)} ms (target <= ${TARGET.p95})`);
  if (dragged.length < N || dispatched.length < N) {
    console.log(`note: ${N - dragged.length} drag and ${N - dispatched.length} dispatch inputs were never repainted within 120 frames`);
  }
  if (problems.length) console.log(`note: the page reported:\n  ${problems.join('\n  ')}`);
});
