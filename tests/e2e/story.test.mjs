//! One story on the page: the verdict, the ring, the demand panels, the funnel and the timeline name the same bottleneck (the year's) for every preset and week; the busiest layer is apart and explained in one sentence; the goal control changes the verdict and the link; the headline outcome shows the run's numbers.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { facade, hashAfter, judged, playground, settle, text } from './harness.mjs';

const withPage = playground({ before, after });
const squash = (s) => s.replace(/\s+/g, ' ').trim();

/** Waits until #verdict shows exactly the facade's panel text. */
async function showing(page, panel, what) {
  const expected = squash(panel.text);
  await page.waitForFunction((t) => document.getElementById('verdict').textContent.replace(/\s+/g, ' ').trim() === t, expected)
    .catch(async () => assert.fail(`${what}: #verdict should read\n  ${expected}\nbut reads\n  ${await text(page, '#verdict')}`));
}

/** The captions each chart carries (its text alternative), as the page shows them. */
const captions = (page) => page.evaluate(() => Object.fromEntries(
  ['loop', 'demand', 'funnel', 'bottlenecks'].map((c) => [c, document.getElementById(`cap-${c}`).textContent])));

test('for every preset and several weeks the panel and every chart name the bottleneck of that year', async () => {
  await withPage({}, async ({ page }) => {
    const ids = await page.$$eval('#preset option', (os) => os.map((o) => o.value));
    for (const id of ids) {
      for (const week of [0, 60, 130, 260]) {
        await page.evaluate((hash) => { location.hash = hash; }, `#p=${id}&w=${week}`);
        const { panel, captions: expected } = await facade(page, id, [], week);
        await showing(page, panel, `${id} at week ${week}`);
        // The other years are judged in idle time after the paint; the timeline's words follow.
        await judged(page);
        await settle(page);
        const shown = await captions(page);
        assert.deepEqual(shown, expected, `${id} week ${week}: the charts' words are the facade's`);
        const headline = panel.headline;
        assert.match(headline, /^Bottleneck in year \d: [a-z]+$/, `${id} week ${week}: one layer each year`);
        assert.ok(shown.loop.includes(`${headline}, ringed in red`), `the ring marks ${headline}: ${shown.loop}`);
        assert.ok(shown.demand.includes(`${headline}, its panel framed`), `the demand panels frame it: ${shown.demand}`);
        assert.ok(shown.funnel.includes(`The bottleneck of the year is ${panel.bottleneck}`), `the funnel marks it: ${shown.funnel}`);
        assert.ok(shown.bottlenecks.includes(`year ${panel.year} (weeks ${panel.from_week} to ${panel.to_week}) ${panel.bottleneck},`),
          `the timeline blocks year ${panel.year} on ${panel.bottleneck}: ${shown.bottlenecks}`);
        assert.equal(await page.getAttribute('#verdict', 'data-bottleneck'), panel.bottleneck);
        assert.match(await text(page, '#verdict .fw-headline'), new RegExp(`^${headline}\\.$`));
      }
    }
  });
});

test('the busiest layer is named apart, muted, with one sentence on how it differs; no footnote of three questions', async () => {
  await withPage({ hash: '#p=healthy&w=130' }, async ({ page }) => {
    const { panel, difference } = await facade(page, 'healthy', [], 130);
    await showing(page, panel, 'healthy at week 130');
    assert.equal(panel.bottleneck, 'compute', 'precondition: compute holds year 3 back');
    assert.equal(panel.busiest, 'applications', 'precondition: applications are busiest at week 130');
    const busiest = page.locator('#verdict .fw-busiest');
    assert.equal(squash(await busiest.textContent()), panel.busiest_text);
    assert.match(panel.busiest_text, /^Busiest at week 130: applications/);
    const look = await page.evaluate(() => {
      const style = (s) => getComputedStyle(document.querySelector(s));
      return {
        busiest: [parseFloat(style('#verdict .fw-busiest').fontSize), style('#verdict .fw-busiest').color],
        headline: parseFloat(style('#verdict .fw-headline').fontSize),
        muted: getComputedStyle(document.querySelector('.fw')).getPropertyValue('--fw-muted'),
        body: style('#verdict .fw-detail').color,
      };
    });
    assert.ok(look.busiest[0] < look.headline, `the busiest line (${look.busiest[0]}px) is smaller than the headline (${look.headline}px)`);
    assert.notEqual(look.busiest[1], look.body, 'the busiest line is muted, not the body colour');
    const sentence = page.locator('#difference');
    assert.ok(await sentence.isVisible(), 'the sentence on busiest versus bottleneck is visible');
    assert.equal(squash(await sentence.textContent()), difference);
    assert.match(difference, /^The busiest layer is .*; the bottleneck is where more capacity would pay most/);
    const all = await text(page, 'body');
    assert.ok(!/three different questions/i.test(all), 'the old footnote is gone');
  });
});

test('the goal control changes the verdict and the link, and a link restores it', async () => {
  await withPage({ hash: '#p=healthy&w=130' }, async ({ page }) => {
    const options = await page.$$eval('#goal option', (os) => os.map((o) => [o.value, o.textContent]));
    assert.deepEqual(options, [['paid', 'paid requests'], ['revenue', 'revenue'], ['users', 'active users']]);
    assert.equal(await page.locator('label[for="goal"]').count(), 1, '#goal has a label');
    const before = await page.evaluate(() => location.hash);
    await page.selectOption('#goal', 'users');
    const hash = await hashAfter(page, before, 'choosing the users goal');
    assert.match(hash, /(^#|&)g=users(&|$)/, `the link carries g=users: ${hash}`);
    const { panel, outcome } = await facade(page, 'healthy', [], 130, 'users');
    await showing(page, panel, 'healthy, goal users');
    assert.match(panel.relief, /% user-weeks by week 260/);
    const goalFigure = await page.locator('#outcome .fw-is-goal').textContent();
    assert.ok(goalFigure.includes(outcome.figures[3].value) && goalFigure.includes('user-weeks'), `the outcome marks user-weeks as the goal: ${goalFigure}`);

    await page.reload();
    await page.evaluate(() => window.flywheel.ready.then(() => true));
    assert.equal(await page.locator('#goal').inputValue(), 'users', 'the reload restores the goal');
    await showing(page, panel, 'after the reload');

    await page.selectOption('#goal', 'paid');
    const plain = await hashAfter(page, hash, 'choosing paid requests again');
    assert.ok(!plain.includes('g='), `the default goal is left out of the link: ${plain}`);
  });
  await withPage({ hash: '#p=healthy&g=profit' }, async ({ page }) => {
    await page.locator('#notice').filter({ hasText: 'profit' }).waitFor();
    assert.match(await text(page, '#notice'), /goal = `profit` is not allowed: expected paid, revenue or users; using paid requests/);
    assert.equal(await page.locator('#goal').inputValue(), 'paid');
  });
});

test('the headline outcome shows paid requests, growth, revenue and users from the run', async () => {
  await withPage({ hash: '#p=hype-without-value' }, async ({ page }) => {
    const { outcome } = await facade(page, 'hype-without-value', [], 260);
    await page.locator('#outcome dd').first().waitFor();
    const figures = await page.$$eval('#outcome .fw-figure', (fs) => fs.map((f) => ({
      value: f.querySelector('dd').textContent, label: f.querySelector('dt').textContent,
    })));
    assert.deepEqual(figures.map((f) => f.value), outcome.figures.map((f) => f.value));
    assert.match(figures[1].label, /served demand grew in five years/);
    assert.match(figures[1].value, /^\d+(\.\d)?×$/);
    // A slider move changes the numbers.
    await page.locator('#p-payments-paying_share').focus();
    await page.keyboard.press('End');
    await page.waitForFunction((v) => document.querySelector('#outcome dd').textContent !== v, figures[0].value)
      .catch(() => assert.fail('paid requests did not change when everybody pays'));
  });
});

test('no bottleneck is said in words on the page and in the charts', async () => {
  await withPage({ hash: '#p=healthy&g=revenue&pp=0&w=60' }, async ({ page }) => {
    const { panel, captions: expected } = await facade(page, 'healthy', ['payments.price=0'], 60, 'revenue');
    assert.equal(panel.bottleneck, null, 'precondition: free requests earn no revenue');
    await showing(page, panel, 'free requests, goal revenue');
    assert.match(await text(page, '#verdict .fw-headline'), /^No bottleneck in year 2\.$/);
    assert.match(await text(page, '#verdict'), /Weeks 52 to 104: the run has no revenue/);
    await judged(page);
    await settle(page);
    assert.deepEqual(await captions(page), expected);
    assert.match(expected.bottlenecks, /year 2 \(weeks 52 to 104\) none/);
  });
});
