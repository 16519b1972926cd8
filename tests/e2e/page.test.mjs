//! The page as loaded: every control of the contract, charts drawn with text alternatives, the verdict, play, reset, themes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  canvasImage, canvasInk, facade, paints, playground, repainted, shownNotice, sliderId, sliders, text,
} from './harness.mjs';

const withPage = playground({ before, after });
/** A viewport that holds the whole page: charts off screen keep their last picture until they come near. */
const TALL = { width: 1280, height: 3200 };
const CHARTS = ['chart-demand', 'chart-funnel', 'chart-loop', 'chart-bottlenecks'];
const LAYERS = ['compute', 'models', 'applications', 'users', 'payments', 'incentives', 'verification', 'trust'];

test('every control of the contract is on the page, labelled and described', async () => {
  await withPage({}, async ({ page }) => {
    const model = await facade(page, await page.locator('#preset').inputValue());

    const options = await page.$$eval('#preset option', (os) => os.map((o) => o.value));
    assert.deepEqual(options, model.presets.map((p) => p.id), '#preset offers the six presets in order');
    assert.ok((await text(page, '#story')).length > 40, '#story shows the preset story');

    assert.equal(await page.getAttribute('#verdict', 'aria-live'), 'polite', '#verdict is aria-live="polite"');
    assert.match((await page.getAttribute('#notice', 'role')) ?? '', /^(status|alert)$/, '#notice has role status or alert');
    assert.equal(await shownNotice(page), '', '#notice is empty on a plain load');
    assert.match(await text(page, '#loop-gain'), /\d/, '#loop-gain shows a number');

    const found = await sliders(page);
    assert.deepEqual(found.map((s) => s.id).sort(), model.params.map((p) => sliderId(p.id)).sort(),
      'one slider per parameter, id p-<layer>-<param>');
    for (const param of model.params) {
      const id = sliderId(param.id);
      const info = await page.evaluate((id) => {
        const input = document.getElementById(id);
        const label = document.querySelector(`label[for="${id}"]`);
        const described = (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean)
          .map((ref) => document.getElementById(ref)?.textContent ?? '').join(' ');
        const fieldset = input.closest('fieldset');
        const output = document.querySelector(`output[for~="${id}"]`) ?? input.parentElement.querySelector('output');
        return {
          name: input.name, min: Number(input.min), max: Number(input.max), valuetext: input.getAttribute('aria-valuetext') ?? '',
          label: label?.textContent.trim() ?? null, described,
          layer: fieldset?.dataset.layer ?? null,
          legend: fieldset?.querySelector('legend')?.textContent.trim() ?? null,
          reset: Boolean(fieldset?.querySelector(`button[data-reset-layer="${fieldset?.dataset.layer}"]`)),
          output: output?.textContent.trim() ?? null,
        };
      }, id);
      assert.equal(info.name, param.id, `#${id} name`);
      // Sliders run over positions (log scales for ranges that span decades); the value and
      // its unit are what a screen reader hears.
      assert.equal(info.min, 0, `#${id} min`);
      assert.equal(info.max, param.positions, `#${id} max`);
      assert.ok(info.valuetext.endsWith(param.unit) && /\d/.test(info.valuetext),
        `#${id} aria-valuetext "${info.valuetext}" gives the value and ${param.unit}`);
      assert.ok(info.label, `#${id} has a <label for>`);
      assert.ok(info.described.includes(param.meaning), `#${id} is described by its meaning "${param.meaning}" (got "${info.described}")`);
      assert.equal(info.layer, param.layer, `#${id} sits in fieldset[data-layer="${param.layer}"]`);
      assert.ok(info.legend, `the ${param.layer} fieldset has a legend`);
      assert.ok(info.reset, `the ${param.layer} fieldset has its reset button`);
      assert.match(info.output ?? '', /\d/, `#${id} shows its value in an <output>`);
    }
    const layers = await page.$$eval('fieldset[data-layer]', (fs) => fs.map((f) => f.dataset.layer));
    assert.deepEqual(layers, LAYERS, 'one fieldset per layer, in loop order');

    assert.equal(await page.locator('#reset-all').count(), 1, '#reset-all exists');
    assert.equal(await page.getByRole('button', { name: 'Play', exact: true }).getAttribute('id'), 'play', '#play is named Play');
    const week = await page.$eval('#week', (w) => ({ type: w.type, min: w.min, max: w.max }));
    assert.deepEqual(week, { type: 'range', min: '0', max: String(model.weeks) }, '#week scrubs weeks 0..weeks');
  });
});

test('every chart is drawn at its CSS size and has a text alternative with numbers', async () => {
  await withPage({}, async ({ page }) => {
    // The words follow the verdict's years judged in idle time: read them once the page is at rest.
    await paints(page);
    for (const id of CHARTS) {
      const info = await page.evaluate((id) => {
        const canvas = document.getElementById(id);
        if (!canvas) return null;
        const box = canvas.getBoundingClientRect();
        const refs = (canvas.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
        return {
          tag: canvas.tagName, width: canvas.width, height: canvas.height,
          want: [Math.round(box.width * devicePixelRatio), Math.round(box.height * devicePixelRatio)],
          alternative: refs.map((ref) => document.getElementById(ref)?.textContent ?? '').join(' ').trim(),
        };
      }, id);
      assert.ok(info, `canvas#${id} exists`);
      assert.equal(info.tag, 'CANVAS', `#${id} is a canvas`);
      assert.ok(Math.abs(info.width - info.want[0]) <= 2 && Math.abs(info.height - info.want[1]) <= 2,
        `#${id} is ${info.width}x${info.height}, its CSS size x devicePixelRatio is ${info.want.join('x')}`);
      assert.match(info.alternative, /\d/, `#${id} is described (aria-describedby) by text with numbers`);
      const ink = await canvasInk(page, id);
      assert.ok(ink > 0.01, `#${id} has something drawn on it (${(ink * 100).toFixed(2)}% of pixels differ from the background)`);
    }
  });
});

test('the verdict panel shows the facade verdict and loop gain for the shown week', async () => {
  await withPage({}, async ({ page }) => {
    const preset = await page.locator('#preset').inputValue();
    const week = Number(await page.locator('#week').inputValue());
    const { panel } = await facade(page, preset, [], week);
    const verdict = await text(page, '#verdict');
    assert.ok(verdict.includes(panel.text.replace(/\s+/g, ' ').trim()),
      `#verdict contains run.panel(${week}).text\n  expected: ${panel.text}\n  shown:    ${verdict}`);
    const gain = Number((await text(page, '#loop-gain')).match(/-?\d+(\.\d+)?/)?.[0]);
    const near = (x) => Math.abs(gain - x) <= Math.max(0.006, Math.abs(x) * 0.01);
    assert.ok(near(panel.loop_gain) || near(panel.loop_gain_median),
      `#loop-gain shows ${gain}; the facade says ${panel.loop_gain} at week ${week}, median ${panel.loop_gain_median}`);
  });
});

test('scrubbing the week moves the verdict panel and the funnel to that week', async () => {
  await withPage({ viewport: TALL }, async ({ page }) => {
    const preset = await page.locator('#preset').inputValue();
    const week = page.locator('#week');
    await week.focus();
    let n = await paints(page);
    await page.keyboard.press('Home');
    await repainted(page, n, 'Home on #week');
    const funnel0 = await canvasImage(page, 'chart-funnel');
    n = await paints(page);
    for (let i = 0; i < 60; i++) await page.keyboard.press('ArrowRight');
    await repainted(page, n, 'ArrowRight on #week');
    await page.waitForFunction(() => document.getElementById('week').value === '60');
    const { panel } = await facade(page, preset, [], 60);
    await page.waitForFunction((t) => document.getElementById('verdict').textContent.replace(/\s+/g, ' ').includes(t),
      panel.text.replace(/\s+/g, ' ').trim()).catch(async () => {
      assert.fail(`at week 60 #verdict should contain "${panel.text}", shows "${await text(page, '#verdict')}"`);
    });
    assert.notEqual(await canvasImage(page, 'chart-funnel'), funnel0, 'the funnel chart changed between week 0 and week 60');
  });
});

/** The accessible name of #play: what pressing it will do. */
const playName = (page) => page.locator('#play').evaluate((b) => b.textContent.trim());

test('play animates the loop and advances the week, named Pause while it plays; pressing again pauses', async () => {
  await withPage({}, async ({ page }) => {
    const play = page.locator('#play');
    assert.equal(await playName(page), 'Play');
    await page.locator('#week').focus();
    await page.keyboard.press('Home');
    const loop0 = await canvasImage(page, 'chart-loop');
    const week0 = Number(await page.locator('#week').inputValue());
    await play.focus();
    await page.keyboard.press('Space');
    assert.equal(await playName(page), 'Pause', '#play is named Pause while playing');
    assert.equal(await page.getByRole('button', { name: 'Pause' }).count(), 1, 'its accessible name is Pause');
    await page.waitForFunction((w) => Number(document.getElementById('week').value) > w, week0)
      .catch(() => assert.fail('the week did not advance while playing'));
    assert.notEqual(await canvasImage(page, 'chart-loop'), loop0, 'the loop chart changes while playing');
    await page.keyboard.press('Space');
    assert.equal(await playName(page), 'Play', '#play is named Play again after a second Space');
    const stopped = await page.locator('#week').inputValue();
    await page.waitForTimeout(500);
    assert.equal(await page.locator('#week').inputValue(), stopped, 'the week holds still when paused');
  });
});

test('reset per layer and reset all bring sliders back to the preset values', async () => {
  await withPage({}, async ({ page }) => {
    const initial = Object.fromEntries((await sliders(page)).map((s) => [s.id, s.value]));
    const verdict = await text(page, '#verdict');
    const moved = ['p-compute-requests_per_gpu', 'p-users-word_of_mouth'];
    for (const id of moved) {
      await page.locator(`#${id}`).focus();
      await page.keyboard.press('End');
      assert.notEqual(await page.locator(`#${id}`).inputValue(), initial[id], `End moved #${id}`);
    }
    const valueIs = (id, value, what) =>
      page.waitForFunction(([id, value]) => document.getElementById(id).value === value, [id, value])
        .catch(async () => assert.fail(`${what}: #${id} is ${await page.locator(`#${id}`).inputValue()}, expected ${value}`));
    await page.locator('button[data-reset-layer="compute"]').focus();
    await page.keyboard.press('Enter');
    await valueIs('p-compute-requests_per_gpu', initial['p-compute-requests_per_gpu'], 'Enter on the compute reset button');
    assert.notEqual(await page.locator('#p-users-word_of_mouth').inputValue(), initial['p-users-word_of_mouth'],
      'the compute reset leaves the users layer alone');
    await page.locator('#reset-all').click();
    await valueIs('p-users-word_of_mouth', initial['p-users-word_of_mouth'], 'a click on #reset-all');
    const now = Object.fromEntries((await sliders(page)).map((s) => [s.id, s.value]));
    assert.deepEqual(now, initial, 'every slider is back at its preset value');
    await page.waitForFunction((v) => document.getElementById('verdict').textContent.replace(/\s+/g, ' ').trim() === v, verdict)
      .catch(async () => assert.fail(`after #reset-all the verdict should read "${verdict}" again, reads "${await text(page, '#verdict')}"`));
  });
});

test('dark and light themes draw differently (prefers-color-scheme)', async () => {
  const look = {};
  for (const colorScheme of ['light', 'dark']) {
    await withPage({ colorScheme }, async ({ page }) => {
      look[colorScheme] = {
        background: await page.evaluate(() => getComputedStyle(document.body).backgroundColor),
        chart: await canvasImage(page, 'chart-demand'),
      };
    });
  }
  assert.notEqual(look.dark.background, look.light.background, 'the page background follows the colour scheme');
  assert.notEqual(look.dark.chart, look.light.chart, 'the demand chart is drawn in the dark theme\'s colours');
});

test('every preset, the narrow layout and the dark theme run with no console error or warning', async () => {
  await withPage({}, async ({ page }) => {
    const ids = await page.$$eval('#preset option', (os) => os.map((o) => o.value));
    for (const id of ids) {
      await page.selectOption('#preset', id);
      await page.waitForFunction((id) => document.getElementById('preset').value === id, id);
      await page.locator('#week').focus();
      await page.keyboard.press('End');
      await page.keyboard.press('Home');
    }
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.locator('#play').click();
    await page.waitForTimeout(600);
    await page.locator('#play').click();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForTimeout(200);
    // withPage fails the test if anything reached the console meanwhile.
  });
});

test('once loaded the page works offline: a slider still re-runs the model and repaints', async () => {
  await withPage({ viewport: TALL }, async ({ context, page }) => {
    await context.setOffline(true);
    const slider = page.locator('#p-payments-price');
    const before = await canvasImage(page, 'chart-demand');
    const n = await paints(page);
    await slider.focus();
    await page.keyboard.press('End');
    await repainted(page, n, 'End on #p-payments-price while offline');
    assert.notEqual(await canvasImage(page, 'chart-demand'), before, 'the demand chart changed offline');
    await page.locator('#preset').selectOption('compute-crunch');
    await page.waitForFunction(() => document.getElementById('verdict').textContent.includes('compute'));
    // withPage fails the test if any request failed or left 127.0.0.1 meanwhile.
  });
});
