//! The Uncertainty view: its progress reaches every future, Cancel stops it, a change of
//! scenario starts it again, a link reproduces its odds, bad link parts and bad ranges are
//! named while the rest keeps working, and an embed can show it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { canvasInk, hashAfter, playground, shownNotice, STEP_MS, text } from './harness.mjs';

const withPage = playground({ before, after });
/** Futures can take a few seconds on a loaded 2-core machine. */
const RUN_MS = 60_000;

const progress = (page) => page.evaluate(() => {
  const bar = document.getElementById('u-progress');
  return { now: Number(bar.getAttribute('aria-valuenow')), max: Number(bar.getAttribute('aria-valuemax')) };
});

/** The view's generation of futures as last drawn (every stop or start makes a new one). */
const generation = (page) => page.evaluate(() => Number(document.getElementById('uncertainty').dataset.generation ?? 0));

/**
 * Waits until every future of the view's current plan has been counted and drawn, in a
 * generation after `after` if given (so the futures of a change, not those before it).
 */
async function finished(page, runs, after = -1) {
  await page.waitForFunction(([runs, after]) => {
    const bar = document.getElementById('u-progress');
    return Number(document.getElementById('uncertainty').dataset.generation) > after &&
      Number(bar.getAttribute('aria-valuemax')) === runs && Number(bar.getAttribute('aria-valuenow')) === runs &&
      !/once every future is in/.test(document.getElementById('u-rules').textContent);
  }, [runs, after], { timeout: RUN_MS });
}

/** The shares (in %) named in the odds caption's first sentence. */
function shares(caption) {
  const first = caption.split('.')[0];
  return [...first.matchAll(/(\d+(?:\.\d+)?)%/g)].map((m) => Number(m[1]));
}

/** What a reader sees of the odds: the headline, the odds in words and the rules. */
const odds = async (page) => ({
  headline: await text(page, '#u-headline'),
  caption: await text(page, '#u-cap-odds'),
  rules: await text(page, '#u-rules'),
});

test('the view opens from its button, counts every future, and its odds sum to 100%', async () => {
  await withPage({}, async ({ page }) => {
    assert.equal(await page.locator('#u-body').isVisible(), false, 'the view starts closed on the page');
    await page.click('#u-open');
    assert.equal(await page.getAttribute('#u-open', 'aria-expanded'), 'true');
    await page.fill('#u-runs', '240');
    await page.locator('#u-runs').dispatchEvent('change');
    await finished(page, 240);
    const { headline, caption, rules } = await odds(page);
    assert.match(headline, /^Most likely bottleneck over 5 years: [a-z]+ \(\d+% of 240 futures\)$/);
    const named = shares(caption);
    assert.ok(named.length >= 1, `the odds caption names shares: ${caption}`);
    const sum = named.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - 100) <= 1.5, `the shares ${named.join(' + ')} = ${sum}, not ~100: ${caption}`);
    assert.match(rules, /is the bottleneck in \d+% of futures where|No layer is the bottleneck in enough futures/);
    assert.match(await text(page, '#u-status'), /^240 futures in \d+\.\d\d s\./);
    assert.equal(await page.locator('#u-cancel').isVisible(), false, 'nothing to cancel once done');
    for (const name of ['odds', 'fan', 'tornado']) {
      assert.ok(await canvasInk(page, `u-chart-${name}`) > 0.01, `the ${name} chart is drawn`);
      assert.ok((await text(page, `#u-cap-${name}`)).length > 40, `the ${name} chart has words`);
    }
    // The report is the CLI's ensemble JSON.
    const report = await page.evaluate(() => window.flywheel.playground.uncertainty.report());
    assert.equal(report.runs, 240);
    const total = report.bottleneck_odds.reduce((a, o) => a + o.share, 0);
    assert.ok(Math.abs(total - 1) < 1e-9, `the report's odds sum to ${total}`);
  });
});

test('Cancel stops the futures where they are, and Continue counts the rest', async () => {
  await withPage({ hash: '#p=healthy&n=20000&s=2' }, async ({ page }) => {
    await page.waitForFunction(() => Number(document.getElementById('u-progress').getAttribute('aria-valuenow')) >= 64, null, { timeout: RUN_MS });
    await page.click('#u-cancel');
    const stopped = await progress(page);
    assert.ok(stopped.now < 20000, 'cancelled before the end');
    await page.waitForTimeout(800);
    assert.deepEqual(await progress(page), stopped, 'the progress does not grow after Cancel');
    assert.match(await text(page, '#u-status'), new RegExp(`^Stopped at ${stopped.now} of 20000 futures`));
    assert.equal(await text(page, '#u-cancel'), 'Continue');
    await page.click('#u-cancel');
    await page.waitForFunction((n) => Number(document.getElementById('u-progress').getAttribute('aria-valuenow')) > n, stopped.now, { timeout: RUN_MS });
  });
});

test('moving a slider starts the futures again from none, with the new value in the plan', async () => {
  await withPage({ hash: '#p=healthy&n=20000&s=3' }, async ({ page }) => {
    await page.waitForFunction(() => Number(document.getElementById('u-progress').getAttribute('aria-valuenow')) >= 200, null, { timeout: RUN_MS });
    const before = await progress(page);
    const valueOf = () => page.evaluate(() =>
      window.flywheel.playground.uncertainty.report().plan.params.find((p) => p.id === 'users.word_of_mouth').value);
    const was = await valueOf();
    const generation = await page.evaluate(() => Number(document.getElementById('uncertainty').dataset.generation));
    await page.locator('#p-users-word_of_mouth').focus();
    await page.keyboard.press('ArrowRight');
    // A new generation of futures, counted from nothing.
    await page.waitForFunction((g) => {
      const d = document.getElementById('uncertainty').dataset;
      return Number(d.generation) > g && Number(d.counted) > 0;
    }, generation, { timeout: RUN_MS });
    const restarted = await progress(page);
    assert.ok(restarted.now < before.now, `the count went back: ${before.now} then ${restarted.now}`);
    const now = await valueOf();
    assert.notEqual(now, was, 'the plan holds the slider\'s new value');
    assert.equal(now, await page.evaluate(() => window.flywheel.playground.get('users.word_of_mouth')));
  });
});

test('a link with seed, futures, spread and a range opens the view with the same odds', async () => {
  let hash;
  let seen;
  await withPage({}, async ({ page }) => {
    await page.click('#u-open');
    for (const [id, value] of [['#u-runs', '300'], ['#u-seed', '7'], ['#u-spread', '0.4']]) {
      await page.fill(id, value);
      await page.locator(id).dispatchEvent('change');
    }
    await page.click('#u-ranges summary');
    await page.fill('#u-lo-users-word_of_mouth', '0.3');
    await page.fill('#u-hi-users-word_of_mouth', '0.9');
    await page.locator('#u-hi-users-word_of_mouth').dispatchEvent('change');
    // The futures of the last change, not of one before it.
    await finished(page, 300, await page.evaluate(() => window.flywheel.playground.uncertainty.generation));
    hash = await hashAfter(page, '', 'setting the futures');
    const entries = new URLSearchParams(hash.slice(1));
    assert.equal(entries.get('n'), '300', hash);
    assert.equal(entries.get('s'), '7', hash);
    assert.equal(entries.get('sp'), '.4', hash);
    assert.equal(entries.get('~uq'), '.3:.9', hash);
    seen = await odds(page);
    const plan = await page.evaluate(() => window.flywheel.playground.uncertainty.report().plan);
    const uq = plan.params.find((p) => p.id === 'users.word_of_mouth');
    assert.deepEqual([uq.lo, uq.hi], [0.3, 0.9]);
  });
  await withPage({ hash }, async ({ page }) => {
    await finished(page, 300);
    assert.deepEqual(await odds(page), seen, `${hash} shows the same odds`);
    assert.equal(await page.inputValue('#u-seed'), '7');
    assert.equal(await page.inputValue('#u-lo-users-word_of_mouth'), '0.3');
    assert.equal(await shownNotice(page), '');
  });
});

test('bad futures in a link are named, and the view runs with what stands in for them', async () => {
  await withPage({ hash: '#p=healthy&n=0&s=-4&sp=abc&~uq=0.9:0.3&j=maybe&~zz=1:2&n=120' }, async ({ page }) => {
    const notice = await shownNotice(page);
    assert.match(notice, /futures `0` is not a whole number from 1 to 100000/);
    assert.match(notice, /seed `-4` is not a whole number/);
    assert.match(notice, /spread `abc` is not a number from 0 to 10/);
    assert.match(notice, /range `~uq=0.9:0.3` has LO above HI/);
    assert.match(notice, /and 1 more problem/);
    // The later n=120 is used; the rest stand at their defaults.
    await finished(page, 120);
    assert.equal(await page.inputValue('#u-seed'), '1');
  });
});

test('a bad range is named beside the table, and what runs and every other input are kept', async () => {
  await withPage({ hash: '#p=healthy&n=150&s=5' }, async ({ page }) => {
    await finished(page, 150);
    const before = await odds(page);
    const first = await generation(page);
    await page.click('#u-ranges summary');
    await page.fill('#u-lo-payments-price', '0.5');
    await page.locator('#u-lo-payments-price').dispatchEvent('change');
    await page.fill('#u-hi-payments-price', '0.2');
    await page.locator('#u-hi-payments-price').dispatchEvent('change');
    await page.waitForFunction(() => document.getElementById('u-error').textContent.length > 0, null, { timeout: STEP_MS });
    assert.match(await text(page, '#u-error'), /LO must not be above HI/);
    assert.equal(await page.getAttribute('#u-hi-payments-price', 'aria-invalid'), 'true');
    assert.equal(await page.inputValue('#u-hi-payments-price'), '0.2', 'the text typed stays to be corrected');
    assert.equal(await page.inputValue('#u-lo-payments-price'), '0.5');
    await finished(page, 150, first);
    const plan = await page.evaluate(() => window.flywheel.playground.uncertainty.report().plan);
    const price = plan.params.find((p) => p.id === 'payments.price');
    assert.equal(price.lo, 0.5, 'the good bound before it is in use');
    assert.notEqual(price.hi, 0.2);
    assert.notDeepEqual(await odds(page), before, 'the range set before the bad one runs');
    // A number that is not one.
    await page.fill('#u-runs', '0');
    await page.locator('#u-runs').dispatchEvent('change');
    assert.match(await text(page, '#u-error'), /runs = 0 is outside|1 to 100000/);
    assert.equal(await page.getAttribute('#u-runs', 'aria-invalid'), 'true');
    assert.equal((await progress(page)).max, 150, 'the futures asked for before stay');
  });
});

test('an embed frame shows the view, running, with uncertainty=open', async () => {
  await withPage({ path: 'embed.html?preset=compute-crunch&charts=none&controls=compact&uncertainty=open' }, async ({ page }) => {
    await page.waitForFunction(() => {
      const bar = document.getElementById('u-progress');
      return bar && Number(bar.getAttribute('aria-valuenow')) === 1000;
    }, null, { timeout: RUN_MS });
    assert.match(await text(page, '#u-headline'), /^Most likely bottleneck over 5 years: compute \(\d+% of 1000 futures\)$/);
  });
});

test('the futures wait while the week slider moves, and go on once it stops', async () => {
  await withPage({ hash: '#p=healthy&n=20000' }, async ({ page }) => {
    await page.waitForFunction(() => Number(document.getElementById('u-progress').getAttribute('aria-valuenow')) > 0, null, { timeout: RUN_MS });
    await page.locator('#week').focus();
    // Presses 60 ms apart for about a second and a half: the futures keep out of the way.
    const counts = [];
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press(i % 2 ? 'ArrowRight' : 'ArrowLeft');
      await page.waitForTimeout(60);
      if (i === 5 || i === 24) counts.push((await progress(page)).now);
    }
    assert.equal(counts[1], counts[0], `no futures were added while the week moved (${counts})`);
    const { now, max } = await progress(page);
    assert.ok(now < max, 'the futures were not finished');
    await page.waitForFunction((n) => Number(document.getElementById('u-progress').getAttribute('aria-valuenow')) > n, now, { timeout: STEP_MS });
  });
});
