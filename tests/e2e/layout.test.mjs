//! Space on the page as a reader sees it: a wide embed leaves no tall empty column beside its
//! loop and names its scenario; the tour's stories stand beside their playgrounds, not far
//! shorter than what stands beside them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { playground } from './harness.mjs';

const withPage = playground({ before, after });

test('embed.html at 1280 pixels names its scenario and puts no tall empty space beside the loop', async () => {
  await withPage({ path: 'embed.html?preset=compute-crunch&layers=compute', viewport: { width: 1280, height: 900 } }, async ({ page }) => {
    const title = await page.evaluate(async () => {
      const module = await import(new URL('pkg/flywheel.js', document.baseURI).href);
      return module.presets().find((p) => p.id === 'compute-crunch').title;
    });
    const named = await page.locator('.fw-toolbar').textContent();
    assert.ok(named.includes(title), `the toolbar names the scenario "${title}": ${named}`);
    const boxes = await page.evaluate(() => {
      const box = (selector) => document.querySelector(selector).getBoundingClientRect();
      const loop = box('.fw-chart-loop');
      const beside = ['.fw-verdict', '.fw-controls'].map(box).filter((b) => b.left >= loop.right - 1);
      return { loop: { top: loop.top, bottom: loop.bottom }, beside: Math.max(...beside.map((b) => b.bottom)), count: beside.length };
    });
    assert.ok(boxes.count >= 1, 'the verdict stands beside the loop');
    const empty = Math.abs(boxes.loop.bottom - boxes.beside);
    assert.ok(empty <= 200, `${empty.toFixed(0)} px of empty space beside the loop or under it (${JSON.stringify(boxes)})`);
  });
});

test('each story of the tour stands beside its playground and is at least half as tall as what stands beside it', async () => {
  await withPage({ path: 'docs.html', wait: false, viewport: { width: 1280, height: 900 } }, async ({ page }) => {
    await page.evaluate(() => Promise.all([...document.querySelectorAll('flywheel-playground')].map((e) => e.ready)));
    const cases = await page.$$eval('section.case', (sections) => sections.map((section) => {
      const prose = section.querySelector('.prose').getBoundingClientRect();
      const main = section.querySelector('flywheel-playground').shadowRoot.querySelector('.fw-lead-main')?.getBoundingClientRect();
      return { title: section.querySelector('h2').textContent, prose: [prose.left, prose.right, prose.height], main: main && [main.left, main.height] };
    }));
    for (const { title, prose, main } of cases) {
      assert.ok(main, `${title}: the playground has a part beside the story`);
      assert.ok(prose[1] <= main[0], `${title}: the story is beside the playground, not above it`);
      assert.ok(prose[2] >= 0.5 * main[1], `${title}: the story is ${prose[2].toFixed(0)} px tall beside ${main[1].toFixed(0)} px of playground`);
    }
  });
});
