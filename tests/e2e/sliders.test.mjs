//! Moving a slider by keyboard and by mouse re-runs the model: the demand chart's pixels and the verdict change.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { paints, playground, repainted, settle } from './harness.mjs';

const withPage = playground({ before, after });

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
  await withPage({}, async ({ page }) => {
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
  await withPage({}, async ({ page }) => {
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
