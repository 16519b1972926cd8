//! Moving a slider by keyboard and by mouse re-runs the model: the demand chart's pixels and the verdict change.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { paints, playground, repainted, settle } from './harness.mjs';

const withPage = playground({ before, after });
/** A viewport that holds the whole page: charts off screen keep their last picture until they come near. */
const TALL = { width: 1280, height: 3200 };

/** What a slider move should change: the demand chart, the verdict, the loop gain, the chart's caption. */
const look = (page) =>
  page.evaluate(() => {
    const squash = (el) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const chart = document.getElementById('chart-demand');
    const caption = (chart.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean)
      .map((id) => squash(document.getElementById(id))).join(' ');
    return {
      chart: chart.toDataURL('image/png'),
      verdict: squash(document.getElementById('verdict')),
      loopGain: squash(document.getElementById('loop-gain')),
      caption,
    };
  });

/** The text of the <output> that shows a slider's value. */
const shownValue = (page, id) =>
  page.evaluate((id) => {
    const input = document.getElementById(id);
    const output = document.querySelector(`output[for~="${id}"]`) ?? input.parentElement.querySelector('output');
    return output?.textContent.replace(/\s+/g, ' ').trim() ?? null;
  }, id);

test('keyboard: ArrowRight steps a focused slider and repaints; End moves it to its maximum and changes chart and verdict', async () => {
  await withPage({ viewport: TALL }, async ({ page }) => {
    const id = 'p-compute-requests_per_gpu';
    const slider = page.locator(`#${id}`);
    const before = await look(page);
    const value0 = Number(await slider.inputValue());
    const shown0 = await shownValue(page, id);

    await slider.focus();
    let n = await paints(page);
    await page.keyboard.press('ArrowRight');
    await repainted(page, n, `ArrowRight on #${id}`);
    const value1 = Number(await slider.inputValue());
    assert.ok(value1 > value0, `ArrowRight raised #${id} from ${value0} (now ${value1})`);
    assert.notEqual(await shownValue(page, id), shown0, `the <output> of #${id} shows the new value`);

    n = await paints(page);
    await page.keyboard.press('End');
    await repainted(page, n, `End on #${id}`);
    await settle(page);
    assert.equal(await slider.inputValue(), await slider.getAttribute('max'), `End moved #${id} to its maximum`);
    const after = await look(page);
    assert.notEqual(after.chart, before.chart, 'the demand chart pixels changed');
    assert.ok(after.verdict !== before.verdict || after.loopGain !== before.loopGain,
      `the verdict or loop gain changed (verdict still "${after.verdict}", loop gain still "${after.loopGain}")`);
    assert.notEqual(after.caption, before.caption, 'the demand chart\'s text alternative changed with the numbers');
  });
});

test('mouse: dragging a slider\'s thumb along the track changes its value, the demand chart and the verdict', async () => {
  await withPage({ viewport: TALL }, async ({ page }) => {
    const id = 'p-compute-initial_gpus';
    const slider = page.locator(`#${id}`);
    await slider.scrollIntoViewIfNeeded();
    const before = await look(page);
    const [min, max, value0] = await slider.evaluate((s) => [Number(s.min), Number(s.max), Number(s.value)]);
    const shown0 = await shownValue(page, id);
    const box = await slider.boundingBox();
    const y = box.y + box.height / 2;
    const from = box.x + box.width * ((value0 - min) / (max - min));
    const to = box.x + box.width * 0.8;

    const n = await paints(page);
    await page.mouse.move(from, y);
    await page.mouse.down();
    await page.mouse.move(to, y, { steps: 12 });
    await page.mouse.up();
    await repainted(page, n, `a drag on #${id}`);
    await settle(page);

    const value = Number(await slider.inputValue());
    const share = (value - min) / (max - min);
    assert.ok(share > 0.65 && share < 0.95, `the drag to 80% of the track left #${id} at ${value} (${(share * 100).toFixed(0)}% of its range)`);
    assert.notEqual(await shownValue(page, id), shown0, `the <output> of #${id} shows the new value`);
    const after = await look(page);
    assert.notEqual(after.chart, before.chart, 'the demand chart pixels changed');
    assert.ok(after.verdict !== before.verdict || after.loopGain !== before.loopGain,
      `the verdict or loop gain changed (verdict still "${after.verdict}")`);
  });
});

/**
 * What must not move when a slider goes one step away and back: every value exactly (the
 * handle's get), every slider's position and shown value, the verdict and the link the page
 * would write now. The run must have caught up with the last press first.
 */
const exactState = (page) =>
  page.evaluate(async () => {
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    const playground = window.flywheel.playground;
    const inputs = [...document.querySelectorAll('input[type=range][name]')];
    return {
      values: Object.fromEntries(inputs.map((input) => [input.name, playground.get(input.name)])),
      shown: Object.fromEntries(inputs.map((input) => [input.name, `${input.value} ${input.getAttribute('aria-valuetext')}`])),
      verdict: playground.verdict().text,
      link: playground.hash(),
    };
  });

/** Differences between two exactState results, as lines. */
function differences(before, after) {
  const lines = [];
  for (const key of ['values', 'shown']) {
    for (const [id, value] of Object.entries(before[key])) {
      if (after[key][id] !== value) lines.push(`${key} ${id}: ${value} became ${after[key][id]}`);
    }
  }
  if (after.verdict !== before.verdict) lines.push(`verdict: "${before.verdict}" became "${after.verdict}"`);
  if (after.link !== before.link) lines.push(`link: ${before.link} became ${after.link}`);
  return lines;
}

/** One key press on a slider, then the opposite one; returns whether the first moved it. */
async function awayAndBack(page, id) {
  const slider = page.locator(`#${id}`);
  await slider.focus();
  const [position, max] = await slider.evaluate((s) => [Number(s.value), Number(s.max)]);
  const [away, back] = position < max ? ['ArrowRight', 'ArrowLeft'] : ['ArrowLeft', 'ArrowRight'];
  await page.keyboard.press(away);
  const moved = Number(await slider.inputValue()) !== position;
  await page.keyboard.press(back);
  return moved;
}

test('ArrowRight then ArrowLeft returns every slider of every preset exactly: values, verdict and link', async () => {
  await withPage({}, async ({ page }) => {
    const presets = await page.$$eval('#preset option', (os) => os.map((o) => o.value));
    const ids = await page.$$eval('input[type=range][id^="p-"]', (inputs) => inputs.map((i) => i.id));
    const drift = [];
    for (const preset of presets) {
      await page.evaluate((hash) => { location.hash = hash; }, `#p=${preset}`);
      await page.waitForFunction((p) => document.getElementById('preset').value === p, preset);
      const start = await exactState(page);
      assert.equal(start.link, `#p=${preset}`, `${preset}: the link of the preset as loaded`);
      for (const id of ids) {
        const moved = await awayAndBack(page, id);
        assert.ok(moved, `${preset}: a key press did not move #${id}`);
        const now = await exactState(page);
        drift.push(...differences(start, now).map((line) => `${preset}, #${id} away and back: ${line}`));
      }
    }
    assert.deepEqual(drift, []);
  });
});

test('a value from a link that is between two steps comes back exactly after a step away and back', async () => {
  // 1990 GPUs, 20.5k requests per GPU and a price of 6.1 lie between steps of their sliders.
  await withPage({ hash: '#p=healthy&cg=1990&cr=20500&pp=6.1' }, async ({ page }) => {
    const start = await exactState(page);
    assert.equal(start.values['compute.initial_gpus'], 1990, 'precondition: the link set 1990 GPUs');
    for (const id of ['p-compute-initial_gpus', 'p-compute-requests_per_gpu', 'p-payments-price']) {
      await awayAndBack(page, id);
      assert.deepEqual(differences(start, await exactState(page)), [], `#${id} away and back`);
    }
  });
});

test('every value of every preset is a slider position: moving the slider there gives the value exactly', async () => {
  await withPage({}, async ({ page }) => {
    const missed = await page.evaluate(async () => {
      const module = await import(new URL('pkg/flywheel.js', document.baseURI).href);
      const playground = window.flywheel.playground;
      const missed = [];
      for (const preset of module.presets()) {
        for (const [param, value] of module.presetValues(preset.id)) {
          const slider = document.querySelector(`input[type=range][name="${param}"]`);
          slider.value = String(module.sliderPosition(param, value));
          slider.dispatchEvent(new Event('input', { bubbles: true }));
          if (playground.get(param) !== value) missed.push(`${preset.id} ${param}=${value} gives ${playground.get(param)}`);
        }
      }
      return missed;
    });
    assert.deepEqual(missed, []);
  });
});

test('after a soak of key presses only the moved values are in the link, and a walk back to the start leaves none', async () => {
  await withPage({}, async ({ page }) => {
    const ids = await page.$$eval('input[type=range][id^="p-"]', (inputs) => inputs.map((i) => i.id));
    const start = await exactState(page);
    // A seeded walk over every slider that ends where it began: each step away is undone later.
    let seed = 9;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const keys = ['ArrowRight', 'ArrowLeft', 'ArrowUp', 'ArrowDown'];
    const undo = { ArrowRight: 'ArrowLeft', ArrowLeft: 'ArrowRight', ArrowUp: 'ArrowDown', ArrowDown: 'ArrowUp' };
    for (const id of ids) {
      const slider = page.locator(`#${id}`);
      const [position, max] = await slider.evaluate((s) => [Number(s.value), Number(s.max)]);
      if (position < 4 || position > max - 4) continue; // a step at an end would be lost
      await slider.focus();
      const steps = Array.from({ length: 6 }, () => keys[Math.floor(random() * 2) * 2 + (random() < 0.5 ? 0 : 1)]);
      for (const key of steps) await page.keyboard.press(key);
      for (const key of steps.reverse()) await page.keyboard.press(undo[key]);
    }
    assert.deepEqual(differences(start, await exactState(page)), [], 'after walks back to the start');
    // Three sliders moved for good: the link names those three and nothing else.
    const moved = ['p-compute-initial_gpus', 'p-users-word_of_mouth', 'p-payments-price'];
    for (const id of moved) {
      await page.locator(`#${id}`).focus();
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    }
    const end = await exactState(page);
    const changed = Object.keys(start.values).filter((param) => end.values[param] !== start.values[param]);
    assert.deepEqual(changed.sort(), ['compute.initial_gpus', 'payments.price', 'users.word_of_mouth']);
    const codes = end.link.slice(1).split('&').map((part) => part.split('=')[0]);
    assert.equal(codes.length, 4, `the link ${end.link} holds the preset and three values`);
    const hash = await page.waitForFunction((link) => location.hash === link, end.link).then(() => true, () => false);
    assert.ok(hash, `the address bar carries ${end.link}`);
  });
});
