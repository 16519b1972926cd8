//! Work per frame: input coalesces to at most one run a frame, charts far off screen wait until
//! they come near, a tour playground scrolled away stops playing, and reduced motion is honoured.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { canvasImage, playground, settle } from './harness.mjs';

const withPage = playground({ before, after });

/** Counts the page's runs of the model (Run.update) and its rendered frames from now on. */
const countRunsAndFrames = (page) =>
  page.evaluate(async () => {
    const module = await import(new URL('pkg/flywheel.js', document.baseURI).href);
    const counts = { runs: 0, frames: 0 };
    const update = module.Run.prototype.update;
    module.Run.prototype.update = function counted(...args) {
      counts.runs += 1;
      return update.apply(this, args);
    };
    const frame = () => requestAnimationFrame(() => {
      counts.frames += 1;
      frame();
    });
    frame();
    window.__counts = counts;
  });

test('300 key presses sent back to back run the model at most once a frame, and the page ends on the last', async () => {
  await withPage({}, async ({ page }) => {
    await countRunsAndFrames(page);
    const slider = page.locator('#p-users-word_of_mouth');
    await slider.focus();
    // Sent without waiting for each other, as fast as the browser takes them.
    const presses = [];
    for (let i = 0; i < 300; i++) presses.push(page.keyboard.press(i % 3 === 2 ? 'ArrowLeft' : 'ArrowRight'));
    await Promise.all(presses);
    await settle(page);
    const { runs, frames } = await page.evaluate(() => window.__counts);
    assert.ok(runs <= frames + 1, `${runs} runs in ${frames} frames`);
    // What is shown is the run of the last value.
    const shown = await page.evaluate(() => ({
      value: window.flywheel.playground.get('users.word_of_mouth'),
      verdict: document.getElementById('verdict').textContent.replace(/\s+/g, ' ').trim(),
    }));
    const expected = await page.evaluate(async (value) => {
      const module = await import(new URL('pkg/flywheel.js', document.baseURI).href);
      const run = new module.Run('healthy', [`users.word_of_mouth=${value}`]);
      try {
        return run.panel(run.weeks).text.replace(/\s+/g, ' ').trim();
      } finally {
        run.free();
      }
    }, shown.value);
    await page.waitForFunction((t) => document.getElementById('verdict').textContent.replace(/\s+/g, ' ').trim() === t, expected)
      .catch(() => assert.fail(`the verdict is not of the last value ${shown.value}: ${shown.verdict}`));
  });
});

test('a chart far off screen keeps its picture while sliders move, and is drawn once it comes near', async () => {
  await withPage({}, async ({ page }) => {
    const funnel = await canvasImage(page, 'chart-funnel');
    const loop = await canvasImage(page, 'chart-loop');
    await page.locator('#p-compute-requests_per_gpu').focus();
    await page.keyboard.press('End');
    await settle(page);
    assert.notEqual(await canvasImage(page, 'chart-loop'), loop, 'the loop, on screen, was redrawn');
    assert.equal(await canvasImage(page, 'chart-funnel'), funnel, 'the funnel, far below, was left alone');
    await page.locator('#chart-funnel').scrollIntoViewIfNeeded();
    await page.waitForFunction((before) => document.getElementById('chart-funnel').toDataURL('image/png') !== before, funnel)
      .catch(() => assert.fail('the funnel was not drawn when it came on screen'));
  });
});

test('a tour playground scrolled out of view stops playing and painting, and resumes in view', async () => {
  await withPage({ wait: false, path: 'docs.html' }, async ({ page }) => {
    await page.evaluate(() => Promise.all([...document.querySelectorAll('flywheel-playground')].map((e) => e.ready)));
    const element = page.locator('flywheel-playground').first();
    const paints = () => element.evaluate((e) => Number(e.dataset.paints));
    const week = () => element.evaluate((e) => Number(e.shadowRoot.getElementById('week').value));
    await element.evaluate((e) => e.shadowRoot.getElementById('week').focus());
    await page.keyboard.press('Home');
    await element.evaluate((e) => e.shadowRoot.getElementById('play').click());
    await page.waitForFunction((e) => Number(e.shadowRoot.getElementById('week').value) > 5, await element.elementHandle());
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await settle(page);
    const [paints0, week0] = [await paints(), await week()];
    await page.waitForTimeout(2000);
    const hidden = (await paints()) - paints0;
    assert.ok(hidden <= 2, `${hidden} repaints in 2 s while scrolled away`);
    assert.equal(await week(), week0, 'time stands still while nobody can see it');
    await element.scrollIntoViewIfNeeded();
    await page.waitForFunction(([e, w]) => Number(e.shadowRoot.getElementById('week').value) > w + 5, [await element.elementHandle(), week0])
      .catch(() => assert.fail('play did not resume in view'));
    assert.equal(await element.evaluate((e) => e.shadowRoot.getElementById('play').textContent.trim()), 'Pause');
  });
});

test('with reduced motion the dots stand still and play moves a quarter at a time', async () => {
  await withPage({}, async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.locator('#week').focus();
    await page.keyboard.press('Home');
    const weeks = await page.evaluate(() => new Promise((done) => {
      const seen = new Set();
      const week = document.getElementById('week');
      document.getElementById('play').click();
      const look = () => {
        seen.add(Number(week.value));
        if (seen.size < 4) requestAnimationFrame(look);
        else {
          document.getElementById('play').click();
          done([...seen]);
        }
      };
      look();
    }));
    assert.deepEqual(weeks.filter((w) => w % 13 !== 0), [], `weeks shown while playing: ${weeks}`);
    // Paused, the loop is what a still drawing (dots at their start) of that week looks like.
    await settle(page);
    const same = await page.evaluate(async () => {
      const module = await import(new URL('pkg/flywheel.js', document.baseURI).href);
      const shown = document.getElementById('chart-loop');
      const still = document.createElement('canvas');
      Object.assign(still, { width: shown.width, height: shown.height });
      still.getContext('2d', { alpha: false });
      const run = new module.Run('healthy', []);
      try {
        run.drawLoop(still, Number(document.getElementById('week').value), 0, false);
      } finally {
        run.free();
      }
      return still.toDataURL() === shown.toDataURL();
    });
    assert.ok(same, 'the dots moved');
  });
});
