//! A change judges the year shown before the paint and the rest of the verdict in idle time: the other years and the whole run show as pending, never as an earlier scenario's answer, and a newer change cancels the judging still pending.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { facade, playground, settle, text } from './harness.mjs';

const withPage = playground({ before, after });
/** A viewport that holds the whole page: a chart far off screen keeps its last picture until it comes near. */
const TALL = { width: 1280, height: 3200 };

/**
 * Runs before the page's scripts: idle callbacks are held in `window.__idle` until the test
 * releases them, so the test sees the page between the paint and the judging of the rest.
 * A cancelled callback is set to null in the queue.
 */
function holdIdle() {
  const queue = [];
  window.__idle = queue;
  window.requestIdleCallback = (work) => queue.push(work);
  window.cancelIdleCallback = (id) => {
    if (id > 0 && id <= queue.length) queue[id - 1] = null;
  };
}

/** Idle callbacks still waiting (not run, not cancelled). */
const waiting = (page) => page.evaluate(() => window.__idle.filter(Boolean).length);

/** Runs the held idle callbacks, and any they ask for, until none waits. */
const releaseIdle = (page) =>
  page.evaluate(() => {
    const queue = window.__idle;
    for (let i = 0; i < queue.length; i++) {
      const work = queue[i];
      queue[i] = null;
      work?.({ timeRemaining: () => 50, didTimeout: false });
    }
  });

/** The page's timeline, and whether the facade draws the same on a canvas of its size from a fresh run. */
const timelines = (page, preset, settings, week, { pending }) =>
  page.evaluate(async ([preset, settings, week, pending]) => {
    const module = await import(new URL('pkg/flywheel.js', document.baseURI).href);
    const shown = document.getElementById('chart-bottlenecks');
    const canvas = document.createElement('canvas');
    Object.assign(canvas, { width: shown.width, height: shown.height });
    canvas.getContext('2d', { alpha: false });
    // A run that never saw another scenario: judged in full, or only the year that holds `week`.
    const run = new module.Run(preset, settings);
    try {
      if (pending) run.update(preset, settings, undefined, week);
      const parts = run.pending;
      run.drawBottlenecks(canvas, week, false);
      // PNGs of both (reading pixels back twice would make Chromium warn): equal strings, equal pixels.
      const picture = shown.toDataURL();
      return { same: picture === canvas.toDataURL(), picture, parts };
    } finally {
      run.free();
    }
  }, [preset, settings, week, pending]);

/** Waits until the page has painted and written its words for the latest change. */
async function painted(page) {
  await settle(page);
  await settle(page);
}

test('after a change the year shown is judged and painted, the other years and the whole run show as pending, then fill in', async () => {
  await withPage({ hash: '#p=models-nobody-uses&w=260', init: holdIdle, viewport: TALL }, async ({ page }) => {
    await releaseIdle(page);
    await painted(page);
    // The scenario before: applications every year and over the run.
    assert.match(await text(page, '#cap-bottlenecks'), /year 1 \(weeks 0 to 52\) applications/);
    const events = await page.evaluate(() => {
      const seen = [];
      window.flywheel.playground.addEventListener('change', (event) => seen.push(event.detail.bottleneck));
      window.__events = seen;
      return seen.length;
    });
    assert.equal(events, 0);

    await page.selectOption('#preset', 'healthy');
    await painted(page);
    const full = await facade(page, 'healthy', [], 260);
    assert.equal(await page.evaluate(() => window.flywheel.playground.run.pending), 5,
      'years 1 to 4 and the whole run wait for idle time');
    assert.ok(await waiting(page) >= 1, 'the judging of the rest is queued for idle time');
    // The year shown is the new scenario's, on every chart and in words.
    assert.equal(await text(page, '#verdict .fw-headline'), `${full.panel.headline}.`);
    assert.equal(await page.getAttribute('#verdict', 'data-bottleneck'), full.panel.bottleneck);
    assert.equal(await text(page, '#cap-loop'), full.captions.loop.replace(/\s+/g, ' ').trim());
    // The other years and the whole run are pending, never the scenario before's applications.
    const caption = await text(page, '#cap-bottlenecks');
    for (const year of [1, 2, 3, 4]) {
      assert.match(caption, new RegExp(`year ${year} \\(weeks \\d+ to \\d+\\) being worked out`), `year ${year} pending: ${caption}`);
    }
    assert.match(caption, /year 5 \(weeks 208 to 260\) compute/);
    assert.doesNotMatch(caption, /applications/, 'nothing of the scenario before');
    assert.match(await text(page, '#verdict .fw-whole'), /^Over all five years: being worked out\.$/);
    const pendingPicture = await timelines(page, 'healthy', [], 260, { pending: true });
    assert.equal(pendingPicture.parts, 5);
    assert.ok(pendingPicture.same,
      'the timeline shows the new run with its pending years greyed, as a run that never saw the scenario before draws it');
    assert.deepEqual(await page.evaluate(() => window.__events), [], 'no change event before the whole-run verdict is known');

    await releaseIdle(page);
    await painted(page);
    assert.equal(await page.evaluate(() => window.flywheel.playground.run.pending), 0);
    assert.equal(await text(page, '#cap-bottlenecks'), full.captions.bottlenecks.replace(/\s+/g, ' ').trim());
    assert.equal(await text(page, '#verdict'), full.panel.text.replace(/\s+/g, ' ').trim());
    const whole = await timelines(page, 'healthy', [], 260, { pending: false });
    assert.ok(whole.same, 'once judged, the timeline is the full verdict');
    assert.ok(whole.picture !== pendingPicture.picture, 'the pending years were drawn differently');
    assert.deepEqual(await page.evaluate(() => window.__events), [full.bottleneck], 'one change event, with the whole-run bottleneck');
  });
});

test('a newer input cancels the judging still pending for the one before; only the last is judged and announced', async () => {
  await withPage({ hash: '#p=healthy&w=30', init: holdIdle, viewport: TALL }, async ({ page }) => {
    await releaseIdle(page);
    await painted(page);
    await page.evaluate(() => {
      window.__events = [];
      window.flywheel.playground.addEventListener('change', (event) => window.__events.push(event.detail.settings.join(',')));
    });
    // Each press is painted (the year shown judged) before the next; the rest waits for idle time.
    const slider = page.locator('#p-users-word_of_mouth');
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await painted(page);
    assert.equal(await waiting(page), 1, 'the first press queued its judging');
    const first = await page.evaluate(() => window.flywheel.playground.settings());
    await page.keyboard.press('ArrowRight');
    await painted(page);
    assert.equal(await waiting(page), 1, 'the second press cancelled the first one\'s judging and queued its own');
    const second = await page.evaluate(() => window.flywheel.playground.settings());
    assert.notDeepEqual(first, second);
    assert.equal(await page.evaluate(() => window.flywheel.playground.run.pending), 5, 'week 30: years 2 to 5 and the whole run pending');

    // Moving the week into a pending year judges that year before it is drawn.
    await page.evaluate(() => {
      const week = document.getElementById('week');
      week.value = '150';
      week.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await painted(page);
    const atWeek = await facade(page, 'healthy', second, 150);
    assert.equal(await text(page, '#verdict .fw-headline'), `${atWeek.panel.headline}.`);
    assert.match(await text(page, '#cap-bottlenecks'), /year 3 \(weeks 104 to 156\) (compute|users|models|applications|payments|incentives|verification|trust)/);
    assert.equal(await page.evaluate(() => window.flywheel.playground.run.pending), 4);

    await releaseIdle(page);
    await painted(page);
    assert.equal(await page.evaluate(() => window.flywheel.playground.run.pending), 0);
    assert.deepEqual(await page.evaluate(() => window.__events), [second.join(',')],
      'one change event, for the last press only');
    assert.equal(await text(page, '#verdict'), atWeek.panel.text.replace(/\s+/g, ' ').trim());
  });
});

test('reading the verdict or the results judges what is pending at once', async () => {
  await withPage({ hash: '#p=healthy', init: holdIdle, viewport: TALL }, async ({ page }) => {
    await releaseIdle(page);
    await page.selectOption('#preset', 'compute-crunch');
    await painted(page);
    assert.ok(await page.evaluate(() => window.flywheel.playground.run.pending) > 0);
    const full = await facade(page, 'compute-crunch', [], 260);
    const read = await page.evaluate(() => {
      const playground = window.flywheel.playground;
      return { panel: playground.verdict(), stages: playground.results().stages, pending: playground.run.pending };
    });
    assert.equal(read.pending, 0);
    assert.equal(read.panel.text, full.panel.text);
    assert.equal(read.stages.length, 5);
    assert.ok(read.stages.every((stage) => stage.bottleneck === 'compute'), JSON.stringify(read.stages.map((s) => s.bottleneck)));
    assert.equal(await waiting(page), 0, 'nothing is left for idle time');
  });
});
