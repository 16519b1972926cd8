//! Choosing a preset with a different bottleneck changes the story and the verdict to that preset's.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { facade, playground, text } from './harness.mjs';

const withPage = playground({ before, after });

const squash = (s) => s.replace(/\s+/g, ' ').trim();

/** Selects a preset and waits until #verdict contains the facade's panel text for it. */
async function choose(page, id) {
  await page.selectOption('#preset', id);
  await page.waitForFunction((id) => document.getElementById('preset').value === id, id);
  // The facade's answer for the preset's own settings at the week the page shows, computed once;
  // the page's words follow its charts by a frame.
  const week = Number(await page.locator('#week').inputValue());
  const { panel } = await facade(page, id, [], week);
  const expected = squash(panel.text);
  await page.waitForFunction((text) => document.getElementById('verdict').textContent.replace(/\s+/g, ' ').includes(text), expected, { timeout: 5000 })
    .catch(async () => assert.fail(`after choosing ${id}, #verdict should contain the facade's verdict for week ${week}\n` +
      `  expected: ${expected}\n  shown:    ${await text(page, '#verdict')}`));
}

test('healthy -> apps-without-audience moves the verdict from compute to users', async () => {
  await withPage({}, async ({ page }) => {
    const model = await facade(page, 'healthy');
    const audience = await facade(page, 'apps-without-audience');
    assert.equal(model.bottleneck, 'compute', 'precondition: the facade finds compute binding healthy');
    assert.equal(audience.bottleneck, 'users', 'precondition: the facade finds users binding apps-without-audience');
    const stories = new Map(model.presets.map((p) => [p.id, p.story]));

    await choose(page, 'healthy');
    const healthy = await text(page, '#verdict');
    assert.match(healthy, /\bcompute\b/i, '#verdict names compute for healthy');
    assert.equal(squash(await text(page, '#story')), squash(stories.get('healthy')), '#story tells the healthy story');

    await choose(page, 'apps-without-audience');
    const apps = await text(page, '#verdict');
    assert.notEqual(apps, healthy, 'the verdict text changed');
    assert.match(apps, /\busers\b/i, '#verdict names users for apps-without-audience');
    assert.equal(squash(await text(page, '#story')), squash(stories.get('apps-without-audience')),
      '#story tells the apps-without-audience story');
  });
});

test('every preset shows its own verdict', async () => {
  await withPage({}, async ({ page }) => {
    const ids = await page.$$eval('#preset option', (os) => os.map((o) => o.value));
    const seen = new Set();
    for (const id of [...ids].reverse()) {
      await choose(page, id);
      seen.add(await text(page, '#verdict'));
    }
    assert.equal(seen.size, ids.length, 'each preset\'s verdict text differs from the others');
  });
});
