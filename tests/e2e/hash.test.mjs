//! The URL hash: short, restored on reload, on a shared link and on back/forward; a bad one is named in #notice.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hashAfter, pageState, playground, settle, shownNotice, sliders, untilState } from './harness.mjs';

const withPage = playground({ before, after });
const hashOf = (page) => page.evaluate(() => location.hash);
const entries = (hash) => new URLSearchParams(hash.replace(/^#/, ''));

/**
 * Presses `key` `times` times on the input `selector` and returns the settled hash, which must
 * have changed if the input's value did.
 */
async function press(page, selector, key, times = 1) {
  const previous = await hashOf(page);
  const input = page.locator(selector);
  const value = await input.inputValue();
  await input.focus();
  for (let i = 0; i < times; i++) await page.keyboard.press(key);
  if ((await input.inputValue()) === value) return hashOf(page);
  return hashAfter(page, previous, `${key} x${times} on ${selector}`);
}

async function choose(page, preset) {
  const previous = await hashOf(page);
  await page.selectOption('#preset', preset);
  return hashAfter(page, previous, `choosing ${preset}`);
}

test('the hash names preset, settings and week, and a reload or a shared link restores them', async () => {
  await withPage({}, async ({ page }) => {
    await choose(page, 'compute-crunch');
    await press(page, '#p-users-word_of_mouth', 'ArrowRight', 3);
    await press(page, '#week', 'Home');
    const hash = await press(page, '#week', 'ArrowRight', 7);
    await settle(page);
    const state = await pageState(page);
    assert.equal(entries(hash).get('p'), 'compute-crunch', `the hash ${hash} names the preset as p=`);
    assert.equal(entries(hash).get('w'), '7', `the hash ${hash} names the week as w=`);

    await page.reload();
    await page.evaluate(() => window.flywheel.ready.then(() => true));
    await untilState(page, state, `reloading ${hash}`);
    assert.equal(await hashOf(page), hash, 'the hash is unchanged by the reload');
    assert.equal(await shownNotice(page), '', 'no notice for the page\'s own hash');

    await withPage({ hash }, async ({ page: other }) => {
      await untilState(other, state, `opening ${hash} in a new page`);
    });
  });
});

test('back and forward restore the states that the page wrote into the hash', async () => {
  let first;
  let second;
  await withPage({}, async ({ page }) => {
    await choose(page, 'apps-without-audience');
    const a = await press(page, '#p-applications-build_rate', 'ArrowLeft', 2);
    await settle(page);
    first = { hash: a, state: await pageState(page) };
    await choose(page, 'hype-without-value');
    const b = await press(page, '#p-payments-price', 'End');
    await settle(page);
    second = { hash: b, state: await pageState(page) };
  });
  await withPage({ hash: first.hash }, async ({ page, base }) => {
    await untilState(page, first.state, `opening ${first.hash}`);
    await page.goto(base + second.hash);
    await untilState(page, second.state, `navigating to ${second.hash}`);
    await page.goBack();
    await untilState(page, first.state, `going back to ${first.hash}`);
    assert.equal(await hashOf(page), first.hash);
    await page.goForward();
    await untilState(page, second.state, `going forward to ${second.hash}`);
    assert.equal(await hashOf(page), second.hash);
  });
});

test('with every slider moved, the hash stays under 300 characters and restores every value', async () => {
  await withPage({}, async ({ page }) => {
    const longest = (await page.$$eval('#preset option', (os) => os.map((o) => o.value)))
      .sort((x, y) => y.length - x.length)[0];
    await choose(page, longest);
    for (const slider of await sliders(page)) {
      const atTop = Number(slider.value) >= slider.max;
      await page.locator(`#${slider.id}`).focus();
      for (let i = 0; i < 3; i++) await page.keyboard.press(atTop ? 'ArrowLeft' : 'ArrowRight');
    }
    await press(page, '#week', 'Home');
    const hash = await press(page, '#week', 'ArrowRight', 5);
    await settle(page);
    const state = await pageState(page);
    const moved = Object.entries(state.sliders).length;
    assert.ok(hash.length < 300, `the hash with ${moved} sliders moved and preset ${longest} is ${hash.length} characters: ${hash}`);
    await page.reload();
    await page.evaluate(() => window.flywheel.ready.then(() => true));
    await untilState(page, state, 'reloading the long hash');
  });
});

describe('a malformed or out-of-range hash', () => {
  // The hash key and value the page itself writes for one setting, found by moving its slider.
  let setting;
  const defaults = {};
  before(async () => {
    await withPage({}, async ({ page }) => {
      const base = await hashOf(page);
      const hash = await press(page, '#p-users-word_of_mouth', 'ArrowRight', 2);
      const old = entries(base);
      const changed = [...entries(hash)].filter(([k, v]) => k !== 'p' && k !== 'w' && old.get(k) !== v);
      assert.equal(changed.length, 1, `moving one slider changes one key=value entry of the hash (${base} -> ${hash})`);
      setting = { key: changed[0][0], value: changed[0][1], slider: await page.locator('#p-users-word_of_mouth').inputValue() };
    });
    for (const preset of ['healthy', 'apps-without-audience']) {
      await withPage({ hash: `#p=${preset}` }, async ({ page }) => {
        assert.equal(await shownNotice(page), '', `no notice for #p=${preset}`);
        defaults[preset] = await pageState(page);
      });
    }
  });

  /** Opens `hash`; checks #notice names every one of `names` (any spelling listed) and the state kept. */
  async function expectNotice(hash, names, check) {
    await withPage({ hash }, async ({ page }) => {
      await page.waitForFunction(() => {
        const n = document.getElementById('notice');
        return n && n.textContent.trim() && n.checkVisibility();
      }, null, { timeout: 3000 }).catch(() => {});
      const notice = await shownNotice(page);
      assert.ok(notice, `opening ${hash} shows a notice in #notice`);
      for (const spellings of names) {
        assert.ok(spellings.some((s) => notice.toLowerCase().includes(String(s).toLowerCase())),
          `the notice for ${hash} names ${spellings.map((s) => JSON.stringify(s)).join(' or ')}: "${notice}"`);
      }
      await check(page);
    });
  }

  test('an unknown key is named and the rest of the hash is kept', async () => {
    const hash = `#p=apps-without-audience&${setting.key}=${setting.value}&zzq=1`;
    await expectNotice(hash, [['zzq']], async (page) => {
      const state = await pageState(page);
      assert.equal(state.preset, 'apps-without-audience', 'the preset is kept');
      assert.equal(state.sliders['p-users-word_of_mouth'], setting.slider, 'the valid setting is kept');
    });
  });

  test('an out-of-range setting is named and falls back to the preset value; the others are kept', async () => {
    const hash = `#p=apps-without-audience&${setting.key}=99999&w=12`;
    await expectNotice(hash, [[setting.key, 'users.word_of_mouth', 'word of mouth', 'word_of_mouth']], async (page) => {
      const state = await pageState(page);
      assert.equal(state.preset, 'apps-without-audience', 'the preset is kept');
      assert.equal(state.week, '12', 'the week is kept');
      assert.equal(state.sliders['p-users-word_of_mouth'], defaults['apps-without-audience'].sliders['p-users-word_of_mouth'],
        'the bad setting uses the preset value');
    });
  });

  test('a setting that is not a number is named', async () => {
    const hash = `#p=healthy&${setting.key}=lots`;
    await expectNotice(hash, [[setting.key, 'users.word_of_mouth', 'word of mouth', 'word_of_mouth']], async (page) => {
      const state = await pageState(page);
      assert.equal(state.sliders['p-users-word_of_mouth'], defaults.healthy.sliders['p-users-word_of_mouth']);
    });
  });

  test('an out-of-range week is named and the preset and setting are kept', async () => {
    const hash = `#p=apps-without-audience&${setting.key}=${setting.value}&w=99999`;
    await expectNotice(hash, [['week', 'w=', '99999']], async (page) => {
      const state = await pageState(page);
      assert.equal(state.preset, 'apps-without-audience', 'the preset is kept');
      assert.equal(state.sliders['p-users-word_of_mouth'], setting.slider, 'the valid setting is kept');
      assert.equal(state.week, defaults['apps-without-audience'].week, 'the week falls back to its default');
    });
  });

  test('an unknown preset is named; the default preset is used and the setting kept', async () => {
    const hash = `#p=no-such-preset&${setting.key}=${setting.value}`;
    await expectNotice(hash, [['no-such-preset']], async (page) => {
      const state = await pageState(page);
      assert.equal(state.preset, defaults.healthy.preset, 'the default preset is shown');
      assert.equal(state.sliders['p-users-word_of_mouth'], setting.slider, 'the valid setting is kept');
    });
  });

  for (const garbage of ['#%E0%A4%A&&==;;', '#just-some-words', '#p']) {
    test(`garbage (${garbage}) shows a notice and the default scenario`, async () => {
      await expectNotice(garbage, [], async (page) => {
        const state = await pageState(page);
        assert.equal(state.preset, defaults.healthy.preset, 'the default preset is shown');
        assert.deepEqual(state.sliders, defaults.healthy.sliders, 'every slider at its default');
        assert.ok(state.verdict.length > 20, 'a verdict is shown');
      });
    });
  }
});

describe('a hostile hash', () => {
  /** The notice's text, its height and whether the playground's loop is on the first screen. */
  const view = (page) => page.evaluate(() => {
    const notice = document.getElementById('notice');
    const loop = document.getElementById('chart-loop').getBoundingClientRect();
    return {
      text: notice.checkVisibility() ? document.getElementById('notice-text').textContent.replace(/\s+/g, ' ').trim() : '',
      height: notice.getBoundingClientRect().height,
      loopOnScreen: loop.top >= 0 && loop.top < innerHeight - 200,
      firstPaint: performance.getEntriesByName('flywheel:first-paint')[0]?.startTime,
    };
  });

  test('a 100 KB link is refused in one short line and the playground starts on screen', async () => {
    // Once a 2,020,065-character notice, 327,307 px tall, 3.4 s to the first paint.
    const hash = `#p=compute-crunch${'&zz=1'.repeat(20_000)}`;
    await withPage({ hash }, async ({ page }) => {
      const shown = await view(page);
      assert.match(shown.text, /this link is 100016 characters long, more than the 2000 allowed, so none of it is used; showing healthy/);
      assert.ok(shown.text.length < 300, `the notice is ${shown.text.length} characters`);
      assert.ok(shown.height < 200, `the notice is ${shown.height} px tall`);
      assert.ok(shown.loopOnScreen, 'the playground is on the first screen');
      assert.ok(shown.firstPaint < 5000, `first paint after ${shown.firstPaint} ms`);
      assert.equal((await pageState(page)).preset, 'healthy', 'none of the link is used');
    });
  });

  test('under the limit, five problems are named, the rest counted, a repeated one merged, and the rest of the link kept', async () => {
    const distinct = Array.from({ length: 150 }, (_, i) => `&k${i}=1`).join('');
    await withPage({ hash: `#p=compute-crunch&w=12${distinct}` }, async ({ page }) => {
      const shown = await view(page);
      assert.match(shown.text, /^Parts of this link could not be used: unknown key `k0`.*unknown key `k4` .*; and 145 more problems\.$/);
      assert.doesNotMatch(shown.text, /`k5`|defaults stand in for it/);
      assert.ok(shown.height < 200, `the notice is ${shown.height} px tall`);
      assert.ok(shown.loopOnScreen, 'the playground is on the first screen');
      const state = await pageState(page);
      assert.equal(state.preset, 'compute-crunch');
      assert.equal(state.week, '12');
    });
    await withPage({ hash: `#p=healthy${'&zz=1'.repeat(300)}&uq=lots` }, async ({ page }) => {
      const shown = await view(page);
      assert.match(shown.text, /^Parts of this link could not be used: `zz` appears 300 times: unknown key `zz` \(expected [^;]*; `users.word_of_mouth` = `lots` is not a number; using the preset's value\.$/);
    });
  });

  test('a right-to-left override in the link is shown as an escape, isolated, and the words keep their order', async () => {
    await withPage({ hash: '#p=%E2%80%AEyhtlaeh' }, async ({ page }) => {
      const shown = await view(page);
      assert.ok(shown.text.includes('unknown preset `\\u{202e}yhtlaeh`'), shown.text);
      assert.ok(!shown.text.includes('\u202e'), 'no override character reaches the page');
      // The quoted text sits in its own bidirectional isolate.
      const isolates = await page.$$eval('#notice bdi', (bs) => bs.map((b) => b.textContent));
      assert.deepEqual(isolates, ['\\u{202e}yhtlaeh']);
      // Left to right on screen, in the order they are written.
      const words = ['Part', 'unknown', 'preset', 'yhtlaeh', 'presets:', 'showing'];
      const lefts = await page.evaluate((words) => {
        const text = document.getElementById('notice-text');
        const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
        const nodes = [];
        while (walker.nextNode()) nodes.push(walker.currentNode);
        let from = 0;
        let all = '';
        const starts = nodes.map((n) => { const s = all.length; all += n.data; return s; });
        return words.map((word) => {
          const at = all.indexOf(word, from);
          from = at + word.length;
          const i = starts.findLastIndex((s) => s <= at);
          const range = document.createRange();
          range.setStart(nodes[i], at - starts[i]);
          range.setEnd(nodes[i], at - starts[i] + 1);
          const box = range.getBoundingClientRect();
          return { left: box.left, top: box.top };
        });
      }, words);
      for (let i = 1; i < words.length; i++) {
        const [a, b] = [lefts[i - 1], lefts[i]];
        assert.ok(b.top > a.top + 2 || (Math.abs(b.top - a.top) <= 2 && b.left > a.left),
          `"${words[i]}" comes after "${words[i - 1]}" on screen (${JSON.stringify(lefts)})`);
      }
    });
  });
});
