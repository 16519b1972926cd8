//! axe-core finds no accessibility violation on the page, the guided tour and the frame, in
//! either colour scheme; a skip link reaches the sliders and Escape closes the embed panel.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { playground } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const withPage = playground({ before, after });

/** Runs axe in the page and returns its violations as lines: rule, impact and where. */
async function violations(page) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() => window.axe.run(document));
  return result.violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

const pages = [
  ['index.html', '', () => window.flywheel?.ready],
  ['docs.html', 'docs.html', () => Promise.all([...document.querySelectorAll('flywheel-playground')].map((e) => e.ready))],
  ['embed.html', 'embed.html?preset=compute-crunch&layers=compute', () => window.flywheel?.ready],
  // The Uncertainty view open, its futures all in and its ranges shown.
  ['the Uncertainty view', 'index.html#p=healthy&n=200&s=1', () => {
    if (!document.getElementById('uncertainty')?.dataset.doneAt) return false;
    document.getElementById('u-ranges').open = true;
    return true;
  }],
];

for (const [name, path, ready] of pages) {
  for (const colorScheme of ['light', 'dark']) {
    test(`${name} has no axe violation in the ${colorScheme} scheme`, async () => {
      await withPage({ path, wait: false, colorScheme }, async ({ page }) => {
        await page.waitForFunction(ready);
        assert.deepEqual(await violations(page), []);
      });
    });
  }
}

test('a skip link is the first stop and takes the keyboard to the sliders', async () => {
  await withPage({}, async ({ page }) => {
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => ({
      text: document.activeElement.textContent.trim(),
      href: document.activeElement.getAttribute('href'),
    }));
    assert.match(first.text, /skip/i, `the first Tab stop is ${JSON.stringify(first)}`);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    const next = await page.evaluate(() => document.activeElement.getAttribute('type'));
    assert.equal(next, 'range', 'one Tab after the skip link is not a slider');
  });
});

test('Escape closes the embed panel and gives focus back to its button', async () => {
  await withPage({}, async ({ page }) => {
    const button = page.getByRole('button', { name: /embed/i });
    await button.click();
    const panel = page.locator('[role="dialog"], dialog[open], #embed-panel').first();
    await panel.waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    assert.equal(await button.evaluate((b) => b === document.activeElement), true);
  });
});

/** The box of a slider's help, the slider's own box, and every other slider's box. */
const helpBoxes = (page, id) =>
  page.evaluate((id) => {
    const box = (el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, shown: r.width > 0 && getComputedStyle(el).display !== 'none' };
    };
    const input = document.getElementById(id);
    const all = [...document.querySelectorAll('input[type=range][name]')];
    const next = all[all.indexOf(input) + 1];
    const help = document.getElementById(input.getAttribute('aria-describedby'));
    return {
      help: box(help),
      own: box(input),
      next: next && next.closest('fieldset') === input.closest('fieldset') ? box(next) : null,
      others: all.filter((other) => other !== input).map((other) => ({ id: other.id, ...box(other) })),
    };
  }, id);

const overlaps = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

test('a slider\'s help, on focus or hover, covers neither the slider below nor its own; on focus no slider at all', async () => {
  for (const width of [1280, 390]) {
    await withPage({ viewport: { width, height: 900 } }, async ({ page }) => {
      const ids = await page.$$eval('input[type=range][name]', (inputs) => inputs.map((i) => i.id));
      for (const id of ids) {
        const slider = page.locator(`#${id}`);
        await slider.focus();
        let boxes = await helpBoxes(page, id);
        assert.ok(boxes.help.shown, `${width}px: focus on #${id} shows its help`);
        const covered = boxes.others.filter((other) => overlaps(boxes.help, other)).map((o) => o.id);
        assert.deepEqual(covered, [], `${width}px: the help of focused #${id} covers sliders`);
        assert.ok(!overlaps(boxes.help, boxes.own), `${width}px: the help of focused #${id} covers it`);
        await slider.evaluate((s) => s.blur());
        const box = await slider.boundingBox();
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        boxes = await helpBoxes(page, id);
        assert.ok(boxes.help.shown, `${width}px: hovering #${id} shows its help`);
        assert.ok(!overlaps(boxes.help, boxes.own), `${width}px: the help of hovered #${id} covers it`);
        assert.ok(!boxes.next || !overlaps(boxes.help, boxes.next), `${width}px: the help of hovered #${id} covers the slider below`);
      }
    });
  }
});
