//! Opens the served playground in Debian's Chromium and records what a test must never see.
// Shared by the *.test.mjs files, perf.mjs and screenshots.mjs. Names come from the page
// contract: window.flywheel.ready, document.documentElement.dataset.paints, the element ids.
import { chromium } from 'playwright-core';
import { startServer } from './serve.mjs';

/** Flags that let Debian's Chromium start as root on a machine with no network and no GPU. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The folder served: www/, or FLYWHEEL_WWW to test another copy of the page. */
const ROOT = process.env.FLYWHEEL_WWW || undefined;

/** How long a test waits for the page to do one thing (load, repaint) before it fails. */
export const STEP_MS = 15_000;

export function launch({ args = [] } = {}) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_FLAGS, ...args],
  });
}

const isLocal = (address) => {
  const url = new URL(address);
  return url.protocol === 'data:' || url.protocol === 'blob:' || url.hostname === '127.0.0.1';
};

/**
 * A fresh browser context and page at `base` + `path` + `hash`, with `init` (a function) run in
 * every frame before its own scripts. Every request that would leave
 * 127.0.0.1 is aborted and listed in `offsite`; every console error or warning, page error,
 * failed request and HTTP error status is listed in `problems`.
 */
export async function openPage(browser, base, { path = '', hash = '', colorScheme = 'light', viewport, scale = 1, wait = true, init } = {}) {
  const context = await browser.newContext({
    colorScheme, viewport: viewport ?? { width: 1280, height: 800 }, deviceScaleFactor: scale, acceptDownloads: true,
  });
  if (init) await context.addInitScript(init);
  const offsite = [];
  const problems = [];
  const leaving = (address) => {
    if (isLocal(address)) return false;
    if (!offsite.includes(address)) offsite.push(address);
    return true;
  };
  // Routing aborts what would leave; the request event also sees service-worker requests.
  await context.route('**/*', (route) =>
    leaving(route.request().url()) ? route.abort('blockedbyclient') : route.continue());
  context.on('request', (request) => leaving(request.url()));
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_MS);
  page.on('console', (message) => {
    if (['error', 'warning', 'assert'].includes(message.type())) {
      const where = message.location();
      problems.push(`console ${message.type()}: ${message.text()} (${where.url}:${where.lineNumber})`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('crash', () => problems.push('the page crashed'));
  page.on('requestfailed', (request) =>
    problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  await page.goto(base + path + hash);
  if (wait) await ready(page);
  return { context, page, offsite, problems, base };
}

/** Waits for the contract's test hook: window.flywheel.ready resolves after the first full paint. */
export async function ready(page, timeout = STEP_MS) {
  try {
    await page.waitForFunction(() => window.flywheel && window.flywheel.ready, null, { timeout });
  } catch {
    const notice = await page.locator('#notice').textContent({ timeout: 1000 }).catch(() => null);
    throw new Error(
      `the page did not define window.flywheel.ready within ${timeout} ms` +
        (notice ? `; #notice says: ${notice.trim()}` : ''),
    );
  }
  await page.evaluate(() => window.flywheel.ready.then(() => true));
}

/**
 * The page's repaint count (document.documentElement.dataset.paints; 0 before the first), read
 * once the page is at rest: a playground judges the years it has not shown in idle time and
 * repaints the timeline when they are in, and that repaint must not pass for the next action's.
 */
export async function paints(page) {
  await page.waitForFunction(
    () => !window.flywheel?.playground || window.flywheel.playground.run?.pending === 0, null, { timeout: STEP_MS });
  await settle(page);
  return page.evaluate(() => Number(document.documentElement.dataset.paints ?? 0));
}

/** Waits until the repaint count exceeds `before`; `what` names the action in the failure. */
export async function repainted(page, before, what) {
  try {
    await page.waitForFunction((n) => Number(document.documentElement.dataset.paints ?? 0) > n, before, {
      timeout: STEP_MS,
    });
  } catch {
    const count = await page.evaluate(() => Number(document.documentElement.dataset.paints ?? 0));
    throw new Error(`no repaint after ${what}: data-paints stayed at ${count}`);
  }
}

/** The pixels of a canvas as a PNG data URL: equal strings mean identical pixels. */
export const canvasImage = (page, id) =>
  page.evaluate((id) => document.getElementById(id).toDataURL('image/png'), id);

/** Share of a canvas's pixels that differ from its top-left pixel (its background). */
export const canvasInk = (page, id) =>
  page.evaluate((id) => {
    const canvas = document.getElementById(id);
    if (!canvas.width || !canvas.height) return 0;
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2] || data[i + 3] !== data[3]) ink++;
    }
    return ink / (data.length / 4);
  }, id);

/** Every parameter slider on the page, in document order. */
export const sliders = (page) =>
  page.$$eval('input[type=range][id^="p-"]', (inputs) =>
    inputs.map((input) => ({
      id: input.id,
      name: input.name,
      min: Number(input.min),
      max: Number(input.max),
      step: input.step,
      value: input.value,
    })));

/** Text of an element, whitespace collapsed. */
export const text = (page, selector) =>
  page.locator(selector).first().textContent().then((t) => (t ?? '').replace(/\s+/g, ' ').trim());

/** The element id for a parameter id, as the contract names sliders ("compute.x" -> "p-compute-x"). */
export const sliderId = (param) => `p-${param.replace('.', '-')}`;

/**
 * Registers node:test hooks that start the server (with extra response `headers`, if given) and
 * Chromium once per test file, and returns
 * `withPage(options, body)`: opens a page, runs `body(session)`, then fails if anything left
 * 127.0.0.1 or the console reported an error or warning. The context is closed either way.
 */
export function playground({ before, after }, { headers } = {}) {
  const state = {};
  before(async () => {
    state.server = await startServer({ root: ROOT, headers });
    state.browser = await launch();
  });
  after(async () => {
    await state.browser?.close();
    await state.server?.close();
  });
  return async function withPage(options, body) {
    const session = await openPage(state.browser, state.server.url, options);
    try {
      await body(session);
    } catch (error) {
      if (session.problems.length || session.offsite.length) {
        error.message += `\nmeanwhile the page reported:\n  ${[...session.problems, ...session.offsite.map((u) => `offsite request: ${u}`)].join('\n  ')}`;
      }
      throw error;
    } finally {
      await session.context.close();
    }
    assertClean(session);
  };
}

/** Fails if the session saw a request leave 127.0.0.1 or any console error, warning or page error. */
export function assertClean({ offsite, problems }) {
  if (offsite.length) throw new Error(`requests left 127.0.0.1:\n  ${offsite.join('\n  ')}`);
  if (problems.length) throw new Error(`the page reported problems:\n  ${problems.join('\n  ')}`);
}

/** Runs `fn` with a started server and a launched browser, closing both afterwards (for scripts). */
export async function withBrowser(fn, { args } = {}) {
  const server = await startServer({ root: ROOT });
  const browser = await launch({ args });
  try {
    return await fn({ server, browser });
  } finally {
    await browser.close();
    await server.close();
  }
}

/**
 * What the wasm facade itself says for a preset, settings, week and goal, computed inside the
 * page from the same module the page loaded:
 * `{ bottleneck, weeks, panel, captions, outcome, difference, presets, params }`.
 */
export const facade = (page, preset, settings = [], week = 0, goal = undefined) =>
  page.evaluate(async ([preset, settings, week, goal]) => {
    const module = await import(new URL('pkg/flywheel.js', document.baseURI).href);
    const run = new module.Run(preset, settings, goal ?? undefined);
    try {
      return {
        bottleneck: run.bottleneck, weeks: run.weeks, panel: run.panel(week), captions: run.captions(week),
        outcome: { figures: run.panel(week).figures }, difference: module.difference(), presets: module.presets(), params: module.params(),
      };
    } finally {
      run.free();
    }
  }, [preset, settings, week, goal ?? null]);

/** The state a link must carry: preset, week, every slider's value, and the verdict text. */
export const pageState = (page) =>
  page.evaluate(() => ({
    preset: document.getElementById('preset').value,
    week: document.getElementById('week').value,
    sliders: Object.fromEntries(
      [...document.querySelectorAll('input[type=range][id^="p-"]')].map((input) => [input.id, input.value])),
    verdict: document.getElementById('verdict').textContent.replace(/\s+/g, ' ').trim(),
  }));

/** Waits until the page shows `expected` (a pageState); the failure lists what differs. */
export async function untilState(page, expected, what) {
  try {
    await page.waitForFunction((expected) => {
      const $ = (id) => document.getElementById(id);
      if ($('preset').value !== expected.preset || $('week').value !== expected.week) return false;
      if ($('verdict').textContent.replace(/\s+/g, ' ').trim() !== expected.verdict) return false;
      return Object.entries(expected.sliders).every(([id, value]) => $(id)?.value === value);
    }, expected, { timeout: STEP_MS });
  } catch {
    const actual = await pageState(page);
    const diffs = [];
    for (const key of ['preset', 'week', 'verdict']) {
      if (actual[key] !== expected[key]) diffs.push(`${key}: expected ${JSON.stringify(expected[key])}, got ${JSON.stringify(actual[key])}`);
    }
    for (const [id, value] of Object.entries(expected.sliders)) {
      if (actual.sliders[id] !== value) diffs.push(`#${id}: expected ${value}, got ${actual.sliders[id]}`);
    }
    throw new Error(`${what}: the page did not return to the expected state\n  ${diffs.join('\n  ')}`);
  }
}

/** Waits for location.hash to differ from `previous` and then hold still for 300 ms; returns it. */
export async function hashAfter(page, previous, what) {
  try {
    await page.waitForFunction((previous) => location.hash !== previous, previous, { timeout: STEP_MS });
  } catch {
    throw new Error(`the URL hash did not change after ${what}: still ${JSON.stringify(previous)}`);
  }
  let hash = await page.evaluate(() => location.hash);
  for (;;) {
    await page.waitForTimeout(300);
    const now = await page.evaluate(() => location.hash);
    if (now === hash) return hash;
    hash = now;
  }
}

/** Text of the #notice element if it is shown, '' if it is empty or hidden. */
export const shownNotice = async (page) => {
  const notice = page.locator('#notice');
  if (!(await notice.isVisible())) return '';
  return ((await notice.textContent()) ?? '').replace(/\s+/g, ' ').trim();
};

/**
 * Waits until the page's playground has judged its whole verdict: after a change it judges the
 * year shown at once and the other years in idle time (see judgeLater in playground.js).
 */
export const judged = (page) =>
  page.waitForFunction(() => window.flywheel?.playground?.run?.pending === 0, null, { timeout: STEP_MS });

/** Resolves after two more frames have been rendered, so pending repaints have landed. */
export const settle = (page) =>
  page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 0)))));
