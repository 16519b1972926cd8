//! The guided tour quotes the model's own numbers: each number in its prose appears in the playground beside it, at load or after the change its "Try" paragraph asks for.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { playground } from './harness.mjs';

const withPage = playground({ before, after });

/** Waits until the playground in `section` shows every one of `quotes` (in its words or numbers). */
async function shows(page, section, quotes, what) {
  try {
    await page.waitForFunction(([section, quotes]) => {
      const root = document.querySelectorAll('section.case')[section].querySelector('flywheel-playground').shadowRoot;
      const text = (root?.textContent ?? '').replace(/\s+/g, ' ');
      return quotes.every((q) => text.includes(q));
    }, [section, quotes], { timeout: 5000 });
  } catch {
    const shown = await page.evaluate((section) => {
      const root = document.querySelectorAll('section.case')[section].querySelector('flywheel-playground').shadowRoot;
      return [root.getElementById('outcome')?.textContent, root.getElementById('verdict')?.textContent].join(' | ');
    }, section);
    assert.fail(`${what}: the playground should show ${quotes.join(', ')}; it shows ${shown}`);
  }
}

test('every number the tour quotes is on the playground beside it', async () => {
  await withPage({ path: 'docs.html', wait: false }, async ({ page }) => {
    await page.waitForFunction(() => document.querySelectorAll('flywheel-playground').length > 0);
    await page.evaluate(() => Promise.all([...document.querySelectorAll('flywheel-playground')].map((e) => e.ready)));
    const sections = await page.$$eval('section.case', (cases) => cases.map((c) => ({
      title: c.querySelector('h2').textContent,
      preset: c.querySelector('flywheel-playground').getAttribute('preset'),
      before: [...c.querySelectorAll('[data-quote="before"]')].map((q) => q.textContent.trim()),
      tries: [...c.querySelectorAll('[data-try]')].map((t) => ({
        settings: t.dataset.try.split(',').map((s) => s.split('=')),
        after: [...t.querySelectorAll('[data-quote="after"]')].map((q) => q.textContent.trim()),
      })),
    })));
    const quoted = sections.reduce((n, s) => n + s.before.length + s.tries.reduce((m, t) => m + t.after.length, 0), 0);
    assert.ok(quoted >= 12, `the tour quotes numbers (${quoted} found)`);
    for (const [i, section] of sections.entries()) {
      await shows(page, i, section.before, `${section.title} (${section.preset}) as it loads`);
      for (const { settings, after: quotes } of section.tries) {
        await page.evaluate(([i, settings]) => {
          const element = document.querySelectorAll('section.case')[i].querySelector('flywheel-playground');
          for (const [id, value] of settings) element.set(id, Number(value));
        }, [i, settings]);
        await shows(page, i, quotes, `${section.title} after ${settings.map((s) => s.join('=')).join(', ')}`);
      }
    }
  });
});
