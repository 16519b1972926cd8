//! Keyboard: Tab reaches every control, and each one shows a focus indicator a sighted person can see.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { playground, sliders } from './harness.mjs';

const withPage = playground({ before, after });

/** The focused element's identity and its box in viewport pixels, or null when nothing is focused. */
const focused = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const box = el.getBoundingClientRect();
    const key = el.id ? `#${el.id}`
      : el.dataset.resetLayer ? `button[data-reset-layer="${el.dataset.resetLayer}"]`
        : `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 40)}"`;
    return { key, box: { x: box.x, y: box.y, width: box.width, height: box.height } };
  });

/** A screenshot of the element's box grown by `pad` pixels on each side, kept inside the viewport. */
async function around(page, box, pad = 8) {
  const view = page.viewportSize();
  const x = Math.max(0, Math.floor(box.x - pad));
  const y = Math.max(0, Math.floor(box.y - pad));
  const clip = {
    x, y,
    width: Math.min(view.width, Math.ceil(box.x + box.width + pad)) - x,
    height: Math.min(view.height, Math.ceil(box.y + box.height + pad)) - y,
  };
  return page.screenshot({ clip, animations: 'disabled', caret: 'hide' });
}

test('Tab reaches every slider, button, the preset menu and the week scrubber, each with a visible focus', async () => {
  await withPage({}, async ({ page }) => {
    if ((await page.locator('#play').textContent()).includes('Pause')) await page.locator('#play').click();
    const want = [
      '#preset', '#reset-all', '#play', '#week',
      ...(await sliders(page)).map((s) => `#${s.id}`),
      ...(await page.$$eval('button[data-reset-layer]', (bs) => bs.map((b) => `button[data-reset-layer="${b.dataset.resetLayer}"]`))),
    ];
    await page.evaluate(() => {
      document.activeElement?.blur();
      window.scrollTo(0, 0);
    });

    const reached = [];
    const invisible = [];
    for (let presses = 0; presses < want.length * 3 + 20; presses++) {
      await page.keyboard.press('Tab');
      const now = await focused(page);
      if (!now) continue;
      if (reached.includes(now.key)) break; // went round the whole page
      reached.push(now.key);
      // Visible focus: the pixels around the element differ with and without focus.
      const element = await page.evaluateHandle(() => document.activeElement);
      const withFocus = await around(page, now.box);
      await element.evaluate((el) => el.blur());
      const without = await around(page, now.box);
      await element.evaluate((el) => el.focus()); // the next Tab goes on from here
      await element.dispose();
      if (withFocus.equals(without)) invisible.push(now.key);
    }

    const missing = want.filter((key) => !reached.includes(key));
    assert.deepEqual(missing, [], `Tab never reached: ${missing.join(', ')}`);
    assert.deepEqual(invisible, [], `no visible focus indicator on: ${invisible.join(', ')}`);
  });
});

test('the keyboard operates the preset menu and the play button', async () => {
  await withPage({}, async ({ page }) => {
    const before = await page.locator('#preset').inputValue();
    await page.locator('#preset').focus();
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction((v) => document.getElementById('preset').value !== v, before)
      .catch(() => assert.fail('ArrowDown on #preset did not choose the next preset'));
    const play = page.locator('#play');
    const name = () => play.evaluate((b) => b.textContent.trim());
    assert.equal(await name(), 'Play');
    await play.focus();
    await page.keyboard.press('Enter');
    assert.equal(await name(), 'Pause', 'Enter on #play plays, and the button says Pause');
    await page.keyboard.press('Enter');
    assert.equal(await name(), 'Play', 'a second Enter pauses, and the button says Play');
  });
});
