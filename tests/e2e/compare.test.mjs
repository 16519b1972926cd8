//! A/B comparison in the page: pin, change B, the verdict's A → B, the link with both that
//! reopens the comparison, swap and clear, the exports of both, and the JS API and embed option.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { paints, playground, sliderId, text } from './harness.mjs';

const withPage = playground({ before, after });

/** Waits for the page at rest, then reads the comparison's words ('' when hidden). */
async function compareText(page) {
  await paints(page);
  await page.waitForTimeout(100);
  return page.evaluate(() => {
    const p = document.getElementById('compare');
    return p.hidden ? '' : p.textContent.replace(/\s+/g, ' ').trim();
  });
}

test('pinning keeps A while the sliders change B, and the verdict says A → B', async () => {
  await withPage({ hash: '#p=healthy&w=200' }, async ({ page }) => {
    await paints(page);
    assert.equal(await compareText(page), '', 'nothing compared before a pin');
    assert.equal(await page.locator('#pinned').isHidden(), true);
    await page.locator('#pin').click();
    assert.equal(await page.locator('#pin').isHidden(), true, 'Pin gives way to the baseline');
    assert.match(await text(page, '#pinned'), /Baseline: Healthy flywheel/);
    const same = await compareText(page);
    assert.match(same, /Bottleneck in year 4: compute in both; over the whole run: compute in both\. Paid requests over the run: (\S+) → \1 \(0, 0\.0%\)\./);

    // B moves on: more throughput per GPU.
    await page.evaluate(() => window.flywheel.playground.set('compute.requests_per_gpu', 40000));
    const moved = await compareText(page);
    assert.match(moved, /Bottleneck in year 4: compute → applications; over the whole run: compute → applications\./);
    assert.match(moved, /Paid requests over the run: 10\.9G → 13\.6G \(\+2\.64G, \+24\.1%\)\./);
    const api = await page.evaluate(() => window.flywheel.playground.compare());
    assert.equal(api.a_bottleneck, 'compute');
    assert.equal(api.b_bottleneck, 'applications');
    assert.ok(Math.abs(api.change - (api.b_goal - api.a_goal)) < 1e-6 * api.a_goal);
    assert.ok(Math.abs(api.change_percent - 24.1) < 0.05, String(api.change_percent));
    // Each chart's words tell A's numbers after B's.
    for (const chart of ['demand', 'funnel', 'loop', 'bottlenecks']) {
      const words = await text(page, `#cap-${chart}`);
      assert.match(words, /\. Dashed, the pinned baseline A: \S/, chart);
    }
    await page.waitForFunction(() => location.hash.includes('&a=healthy'));
    assert.match(await page.evaluate(() => location.hash), /^#p=healthy&w=200&cr=4e4&a=healthy$/);
  });
});

test('a link with A and B reopens the comparison, and swap and clear follow it', async () => {
  await withPage({ hash: '#p=healthy&w=200&cr=4e4&a=compute-crunch&a.g=revenue&a.uq=.8' }, async ({ page }) => {
    const words = await compareText(page);
    assert.match(words, /^A → B/, words);
    assert.match(await text(page, '#pinned'), /Baseline: Compute crunch, 1 change/);
    const pinned = await page.evaluate(() => window.flywheel.playground.run.pinned);
    assert.deepEqual(pinned, { preset: 'compute-crunch', goal: 'revenue', settings: ['users.word_of_mouth=0.8'] });

    await page.locator('#swap').click();
    await compareText(page);
    assert.equal(await page.locator('#preset').inputValue(), 'compute-crunch', 'A comes back to the sliders');
    assert.equal(await page.locator('#goal').inputValue(), 'revenue');
    assert.equal(Number(await page.locator(`#${sliderId('users.word_of_mouth')}`).getAttribute('aria-valuenow') ?? 0) || await page.evaluate(() => window.flywheel.playground.get('users.word_of_mouth')), 0.8);
    await page.waitForFunction(() => location.hash.startsWith('#p=compute-crunch'));
    const swapped = await page.evaluate(() => location.hash);
    assert.match(swapped, /^#p=compute-crunch&w=200&g=revenue&uq=\.8&a=healthy&a\.cr=4e4$/, swapped);

    await page.locator('#unpin').click();
    assert.equal(await compareText(page), '');
    await page.waitForFunction(() => !location.hash.includes('a='));
    assert.equal(await page.locator('#pin').isHidden(), false);
    assert.equal(await page.evaluate(() => window.flywheel.playground.run.pinned), null);
  });
});

test('a bad baseline in a link is named and the rest is kept', async () => {
  await withPage({ hash: '#p=healthy&uq=.8&a=nope&a.zz=1' }, async ({ page }) => {
    await paints(page);
    const notice = await text(page, '#notice-text');
    assert.match(notice, /unknown preset `nope`.*the baseline A uses healthy/);
    assert.match(notice, /baseline A: unknown key `zz`/);
    assert.match(await compareText(page), /^A → B/);
    assert.equal(await page.evaluate(() => window.flywheel.playground.get('users.word_of_mouth')), 0.8);
  });
});

test('the exports of a comparison hold both scenarios', async () => {
  await withPage({ hash: '#p=healthy&cr=4e4&a=healthy' }, async ({ page }) => {
    await paints(page);
    const files = await page.evaluate(async () => {
      const p = window.flywheel.playground;
      const read = async (kind, options) => {
        const file = await p.file(kind, options);
        return { name: file.name, text: await file.blob.text() };
      };
      return { csv: await read('csv'), json: await read('json'), svg: await read('svg', { chart: 'funnel' }) };
    });
    assert.ok(files.svg.text.includes('A (pinned)'), 'the SVG of a compared chart draws A, as its canvas does');
    assert.equal(files.csv.name, 'flywheel-healthy-compared.csv');
    const rows = files.csv.text.trimEnd().split('\n');
    assert.match(rows[0], /^scenario,week,compute_stock,/);
    assert.equal(rows.length, 1 + 2 * 261);
    assert.ok(rows[1].startsWith('A,0,') && rows[262].startsWith('B,0,'), 'A\'s rows, then B\'s');
    const both = JSON.parse(files.json.text);
    assert.deepEqual(Object.keys(both), ['a', 'b']);
    assert.ok(both.b.summary.paid_requests_total > both.a.summary.paid_requests_total);
  });
});

test('the JS API pins and the embed option starts with a baseline', async () => {
  await withPage({ path: 'embed.html' }, async ({ page }) => {
    const result = await page.evaluate(async () => {
      const { mount } = await import('./playground.js');
      const host = document.createElement('div');
      document.body.append(host);
      const p = await mount(host, { preset: 'compute-crunch', baseline: 'healthy', controls: 'compact' });
      const first = p.compare();
      p.unpin();
      const none = p.compare();
      p.pin();
      const self = p.compare();
      let bad = null;
      try {
        await mount(document.createElement('div'), { baseline: 'nope' });
      } catch (error) {
        bad = error.message;
      }
      p.destroy();
      return { first, none, self, bad };
    });
    assert.equal(result.first.a_bottleneck !== undefined, true);
    assert.notEqual(result.first.change, 0, 'healthy against compute-crunch');
    assert.equal(result.none, null);
    assert.equal(result.self.change, 0);
    assert.match(result.bad, /baseline `nope` is not one of healthy/);
  });
});
