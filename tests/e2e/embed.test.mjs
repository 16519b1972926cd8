//! Embedding: the guided tour's tags are independent, fire their events and can be destroyed;
//! mount() gives the same handle; the frame mode renders, sizes itself and takes the host's scheme.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { playground } from './harness.mjs';

const withPage = playground({ before, after });

/** Waits until every <flywheel-playground> on the page is ready; returns how many there are. */
const allReady = (page) =>
  page.evaluate(async () => {
    const elements = [...document.querySelectorAll('flywheel-playground')];
    await Promise.all(elements.map((e) => customElements.whenDefined('flywheel-playground').then(() => e.ready)));
    return elements.length;
  });

/** Waits until no embed has repainted for 300 ms (first sizes settle after the first paint). */
async function still(page) {
  const counts = () => page.$$eval('flywheel-playground', (es) => es.map((e) => e.dataset.paints).join());
  let last = await counts();
  for (;;) {
    await page.waitForTimeout(300);
    const now = await counts();
    if (now === last) return;
    last = now;
  }
}

/** Each embed's canvases as PNG data URLs, keyed by canvas id, in page order. */
const pictures = (page) =>
  page.evaluate(() => [...document.querySelectorAll('flywheel-playground')].map((e) =>
    Object.fromEntries([...e.shadowRoot.querySelectorAll('canvas')].map((c) => [c.id, c.toDataURL()]))));

test('the guided tour holds one independent playground per story; a slider moves only its own', async () => {
  await withPage({ wait: false, path: 'docs.html' }, async ({ page }) => {
    const count = await allReady(page);
    assert.ok(count >= 3, `the tour has ${count} playgrounds`);
    const presets = await page.$$eval('flywheel-playground', (es) => es.map((e) => e.getAttribute('preset')));
    assert.equal(new Set(presets).size, count, 'each tells a different story');
    // Each shows only the layers it was given.
    const layers = await page.$$eval('flywheel-playground', (es) => es.map((e) =>
      [...e.shadowRoot.querySelectorAll('fieldset[data-layer]')].map((f) => f.dataset.layer).join(',')));
    const asked = await page.$$eval('flywheel-playground', (es) => es.map((e) => e.getAttribute('layers')));
    const sorted = (list) => list.map((l) => l.split(',').sort().join(','));
    assert.deepEqual(sorted(layers), sorted(asked));

    await still(page);
    const before = await pictures(page);
    const target = 2;
    const slider = page.locator('flywheel-playground').nth(target).locator('input[type=range][name]').first();
    await slider.focus();
    await page.keyboard.press('End');
    await still(page);
    const afterMove = await pictures(page);
    for (let i = 0; i < count; i++) {
      const changed = Object.keys(before[i]).filter((id) => id !== 'chart-loop' && before[i][id] !== afterMove[i][id]);
      if (i === target) assert.ok(changed.length > 0, `playground ${i} (moved) redrew its charts`);
      else assert.deepEqual(changed, [], `playground ${i} was left alone`);
    }
  });
});

test('change and bottleneck events carry the new verdict', async () => {
  await withPage({ wait: false, path: 'docs.html' }, async ({ page }) => {
    await allReady(page);
    const result = await page.evaluate(async () => {
      const element = document.querySelector('flywheel-playground[preset="verification-ignored"]');
      const events = [];
      for (const type of ['change', 'bottleneck']) {
        element.addEventListener(type, (event) => events.push({ type, detail: event.detail }));
      }
      const before = element.verdict().bottleneck;
      element.set('trust.reliability_care', 0.9);
      return { before, after: element.verdict().bottleneck, events, care: element.get('trust.reliability_care') };
    });
    assert.notEqual(result.before, result.after, 'caring about reliability moves the bottleneck');
    assert.equal(result.after, 'verification');
    assert.equal(result.care, 0.9);
    const change = result.events.find((e) => e.type === 'change');
    assert.ok(change, 'a change event fired');
    assert.equal(change.detail.bottleneck, 'verification');
    // The panel speaks of the year holding the week shown (the last, by default).
    assert.match(change.detail.panel.text, /^Bottleneck in year 5: verification\./);
    assert.equal(change.detail.goal, 'paid');
    assert.deepEqual(change.detail.settings, ['trust.reliability_care=0.9']);
    const moved = result.events.find((e) => e.type === 'bottleneck');
    assert.deepEqual(moved?.detail, { bottleneck: 'verification', previous: result.before });
  });
});

test('a bad value is refused with its range and changes nothing; destroy frees the playground', async () => {
  await withPage({ wait: false, path: 'docs.html' }, async ({ page }) => {
    await allReady(page);
    const result = await page.evaluate(async () => {
      const element = document.querySelector('flywheel-playground[preset="compute-crunch"]');
      const events = [];
      element.addEventListener('change', () => events.push('change'));
      const paints = element.dataset.paints;
      let refused = '';
      try {
        element.set('compute.initial_gpus', 1e9);
      } catch (error) {
        refused = error.message;
      }
      const unchanged = element.get('compute.initial_gpus') === 500 && element.dataset.paints === paints;
      element.destroy();
      let afterwards = '';
      try {
        element.set('compute.initial_gpus', 600);
      } catch (error) {
        afterwards = error.message;
      }
      return {
        refused, unchanged, events, afterwards,
        canvases: element.shadowRoot.querySelectorAll('canvas').length,
        children: element.shadowRoot.childElementCount,
      };
    });
    assert.match(result.refused, /`compute\.initial_gpus` = 1000000000 is outside its range 0 to 100000 GPUs/);
    assert.ok(result.unchanged, 'the refused value left the playground as it was');
    assert.equal(result.canvases, 0, 'destroy removed the canvases');
    assert.equal(result.children, 0);
    assert.deepEqual(result.events, [], 'no events: the refused set and the destroyed one fired nothing');
    assert.match(result.afterwards, /not ready|destroyed/);
  });
});

test('mount() renders into any element and returns a handle with get, set, results and destroy', async () => {
  await withPage({ wait: false, path: '__fixtures/one.html' }, async ({ page }) => {
    await allReady(page);
    const result = await page.evaluate(async () => {
      const { mount } = await import('/playground.js');
      const host = document.createElement('div');
      document.body.append(host);
      const handle = await mount(host, { preset: 'hype-without-value', layers: ['payments'], charts: ['demand'], controls: 'none', theme: 'dark', height: 300 });
      const changes = [];
      handle.addEventListener('change', (event) => changes.push(event.detail.bottleneck));
      handle.set('payments.paying_share', 0.5);
      const results = handle.results();
      const canvas = host.shadowRoot.querySelector('canvas');
      const box = canvas.getBoundingClientRect();
      let badOption = '';
      try {
        await mount(document.createElement('div'), { charts: 'demand,pie' });
      } catch (error) {
        badOption = error.message;
      }
      handle.destroy();
      handle.destroy();
      return {
        share: results.params.find((p) => p.id === 'payments.paying_share').value,
        weeks: results.series.week.length,
        changes,
        sliders: host.shadowRoot ? 0 : -1,
        height: Math.round(box.height),
        badOption,
        left: host.shadowRoot.childElementCount,
      };
    });
    assert.equal(result.share, 0.5);
    assert.equal(result.weeks, 261);
    assert.equal(result.changes.length, 1);
    assert.equal(result.height, 300, 'height sets the charts\' height');
    assert.match(result.badOption, /unknown chart `pie`/);
    assert.equal(result.left, 0, 'destroy emptied the shadow root');
  });
});

test('the frame mode renders, sizes itself to its content and follows the host page\'s dark scheme', async () => {
  await withPage({ wait: false, path: '__fixtures/frame-host.html', colorScheme: 'light' }, async ({ page }) => {
    const frame = page.frameLocator('#frame');
    await frame.locator('#verdict').filter({ hasText: 'Bottleneck' }).waitFor();
    const inner = page.frames().find((f) => f.url().includes('embed.html'));
    await inner.waitForFunction(() => window.flywheel?.playground);
    const fits = () => page.evaluate(() => {
      const iframe = document.getElementById('frame');
      const content = iframe.contentDocument.body.getBoundingClientRect().height;
      return { outer: iframe.getBoundingClientRect().height, content };
    });
    await page.waitForFunction(() => {
      const iframe = document.getElementById('frame');
      return Math.abs(iframe.getBoundingClientRect().height - iframe.contentDocument.body.getBoundingClientRect().height) <= 2;
    }).catch(async () => assert.fail(`the frame did not take its content's height: ${JSON.stringify(await fits())}`));
    const wide = await fits();
    assert.ok(wide.outer > 400, `the frame grew from 200 to ${wide.outer} px`);
    // Narrower, its content reflows to another height, and the frame follows.
    await page.setViewportSize({ width: 420, height: 800 });
    await page.waitForFunction((h) => {
      const iframe = document.getElementById('frame');
      const outer = iframe.getBoundingClientRect().height;
      return Math.abs(outer - h) > 20 && Math.abs(outer - iframe.contentDocument.body.getBoundingClientRect().height) <= 2;
    }, wide.outer).catch(async () => assert.fail(`the frame did not follow its content (${wide.outer} px wide): ${JSON.stringify(await fits())}`));
    // The browser prefers light, the host page declares dark: the playground is dark.
    await inner.waitForFunction(() => document.querySelector('.fw').dataset.theme === 'dark')
      .catch(() => assert.fail('the frame did not take the host page\'s dark scheme'));
    const pixel = await inner.evaluate(() => {
      const canvas = document.getElementById('chart-loop');
      return [...canvas.getContext('2d').getImageData(2, 2, 1, 1).data].slice(0, 3);
    });
    assert.ok(pixel.every((c) => c < 60), `the loop is drawn on a dark background (${pixel})`);
  });
});

test('a bad frame query is named in the frame', async () => {
  await withPage({ wait: false, path: 'embed.html?preset=nope&users.market=5' }, async ({ page }) => {
    await page.locator('.frame-error').waitFor();
    const text = await page.locator('.frame-error').textContent();
    assert.match(text, /preset `nope` is not one of healthy/);
  });
});

test('a tag whose attributes change while it loads ends as one playground, the last asked for', async () => {
  await withPage({ wait: false, path: '__fixtures/one.html' }, async ({ page }) => {
    await allReady(page);
    const result = await page.evaluate(async () => {
      const element = document.createElement('flywheel-playground');
      element.setAttribute('preset', 'healthy');
      document.body.append(element);
      element.setAttribute('preset', 'hype-without-value');
      element.setAttribute('charts', 'loop,demand');
      element.setAttribute('layers', 'payments');
      const first = await element.ready;
      const shown = {
        playgrounds: element.shadowRoot.querySelectorAll('.fw').length,
        canvases: [...element.shadowRoot.querySelectorAll('canvas')].map((c) => c.id),
        layers: [...element.shadowRoot.querySelectorAll('fieldset[data-layer]')].map((f) => f.dataset.layer),
        bottleneck: first.verdict().bottleneck,
      };
      // Taken out and put back: a new playground, and a new promise for it.
      element.remove();
      document.body.append(element);
      const second = await element.ready;
      return {
        shown,
        renewed: first !== second && first.destroyed && !second.destroyed,
        afterwards: element.shadowRoot.querySelectorAll('.fw canvas').length,
      };
    });
    assert.deepEqual(result.shown, {
      playgrounds: 1, canvases: ['chart-loop', 'chart-demand'], layers: ['payments'], bottleneck: 'payments',
    });
    assert.ok(result.renewed, 'ready resolved to the new playground after the element came back');
    assert.equal(result.afterwards, 2);
  });
});

test('starting values do not make the next change announce a bottleneck that did not move', async () => {
  await withPage({ wait: false, path: '__fixtures/one.html' }, async ({ page }) => {
    await allReady(page);
    const events = await page.evaluate(async () => {
      const { mount } = await import('/playground.js');
      const host = document.createElement('div');
      document.body.append(host);
      const playground = await mount(host, { preset: 'verification-ignored', values: { 'trust.reliability_care': 0.9 } });
      const seen = [];
      playground.addEventListener('bottleneck', (event) => seen.push(event.detail));
      playground.set('trust.build_weeks', 31);
      const bottleneck = playground.verdict().bottleneck;
      playground.destroy();
      return { seen, bottleneck };
    });
    assert.equal(events.bottleneck, 'verification');
    assert.deepEqual(events.seen, [], 'the bottleneck stayed verification, so no event');
  });
});

/** Where each of `words` starts on screen, in the text of the element `selector` finds (inside
 * the first tag's shadow root when `shadow`). */
const wordBoxes = (frame, selector, words, shadow = false) => frame.evaluate(([selector, words, shadow]) => {
  const root = shadow ? document.querySelector('flywheel-playground').shadowRoot : document;
  const walker = document.createTreeWalker(root.querySelector(selector), NodeFilter.SHOW_TEXT);
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  let all = '';
  const starts = nodes.map((n) => { const s = all.length; all += n.data; return s; });
  let from = 0;
  return words.map((word) => {
    const at = all.indexOf(word, from);
    if (at < 0) return null;
    from = at + word.length;
    const i = starts.findLastIndex((s) => s <= at);
    const range = document.createRange();
    range.setStart(nodes[i], at - starts[i]);
    range.setEnd(nodes[i], at - starts[i] + 1);
    const box = range.getBoundingClientRect();
    return { left: box.left, top: box.top };
  });
}, [selector, words, shadow]);

/** Fails unless `words` appear on screen in the order given, left to right and line by line. */
function assertInOrder(words, boxes) {
  for (let i = 1; i < words.length; i++) {
    const [a, b] = [boxes[i - 1], boxes[i]];
    assert.ok(a && b && (b.top > a.top + 2 || (Math.abs(b.top - a.top) <= 2 && b.left > a.left)),
      `"${words[i]}" comes after "${words[i - 1]}" on screen (${JSON.stringify(boxes)})`);
  }
}

/** A frame page's notice: its text, its height, and whether the loop is on the first screen. */
const frameNotice = (page) => page.evaluate(() => {
  const notice = document.getElementById('notice');
  return {
    text: notice.checkVisibility() ? document.getElementById('notice-text').textContent.replace(/\s+/g, ' ').trim() : '',
    height: notice.getBoundingClientRect().height,
    loopTop: document.getElementById('chart-loop').getBoundingClientRect().top,
    innerHeight,
  };
});

test('a frame quotes a text value as given, not as NaN, and names several problems without one "it"', async () => {
  const path = 'embed.html?preset=healthy&users.word_of_mouth=%3Cimg%20src%3Dx%3E&zz=1&users.market=9e99';
  await withPage({ wait: false, path }, async ({ page }) => {
    await page.waitForFunction(() => window.flywheel?.playground);
    const { text } = await frameNotice(page);
    assert.match(text, /^Starting values that could not be used are left at the preset's: `users.word_of_mouth` = `<img src=x>` is not a number; unknown parameter `zz` [^;]*; `users.market` = 9e99 is outside its range/);
    assert.doesNotMatch(text, /NaN|stand in for it/);
    const kept = await page.evaluate(() => window.flywheel.playground.get('users.word_of_mouth'));
    const preset = await page.evaluate(async () => (await import('/pkg/flywheel.js')).presetValues('healthy')
      .find(([id]) => id === 'users.word_of_mouth')[1]);
    assert.equal(kept, preset, 'the bad value is left at the preset\'s');
    // The handle's set() quotes text the same way.
    const refused = await page.evaluate(() => {
      try {
        window.flywheel.playground.set('users.word_of_mouth', 'lots');
        return '';
      } catch (error) {
        return error.message;
      }
    });
    assert.equal(refused, '`users.word_of_mouth` = `lots` is not a number');
  });
});

test('thousands of bad starting values give a short notice in the frame and in a tag', async () => {
  // Once a 16,245 px notice (2,000 values in a frame) and 253,958 characters (5,000 in a tag).
  const many = (n) => Array.from({ length: n }, (_, i) => `&zz.k${i}=1`).join('');
  await withPage({ wait: false, path: `embed.html?preset=healthy${many(1000)}` }, async ({ page }) => {
    await page.waitForFunction(() => window.flywheel?.playground);
    const notice = await frameNotice(page);
    assert.match(notice.text, /^Starting values that could not be used are left at the preset's: the starting values are \d+ characters long, more than the 2000 allowed, so none of them is used\.$/);
    assert.ok(notice.height < 200, `the notice is ${notice.height} px tall`);
    assert.ok(notice.loopTop < notice.innerHeight - 200, `the playground starts ${notice.loopTop} px down`);
  });
  await withPage({ wait: false, path: `embed.html?preset=healthy${many(150)}` }, async ({ page }) => {
    await page.waitForFunction(() => window.flywheel?.playground);
    const notice = await frameNotice(page);
    assert.match(notice.text, /unknown layer `zz` in `zz.k4` [^;]*; and 145 more problems\.$/);
    assert.ok(notice.height < 200, `the notice is ${notice.height} px tall`);
  });
  await withPage({ wait: false, path: '__fixtures/one.html' }, async ({ page }) => {
    await allReady(page);
    const notice = await page.evaluate(async () => {
      const element = document.querySelector('flywheel-playground');
      element.setAttribute('values', Array.from({ length: 5000 }, (_, i) => `zz.k${i}=1`).join(','));
      await element.ready;
      const box = element.shadowRoot.getElementById('notice');
      return { text: box.textContent, height: box.getBoundingClientRect().height };
    });
    assert.match(notice.text, /the starting values are \d+ characters long/);
    assert.ok(notice.text.length < 300, `the notice is ${notice.text.length} characters`);
    assert.ok(notice.height < 200, `the notice is ${notice.height} px tall`);
  });
});

test('right-to-left text in a bad attribute is isolated and keeps the message in order', async () => {
  await withPage({ wait: false, path: '__fixtures/one.html' }, async ({ page }) => {
    await allReady(page);
    const message = await page.evaluate(async () => {
      const element = document.querySelector('flywheel-playground');
      element.setAttribute('layers', 'א,ב,\u202eabc');
      await element.ready.catch(() => {});
      return element.shadowRoot.querySelector('[role=alert]').textContent;
    });
    assert.match(message, /unknown layer `א`, `ב`, `\\u\{202e\}abc` \(layers: /);
    const words = ['unknown', 'layer', 'א', 'ב', 'abc', 'layers:'];
    assertInOrder(words, await wordBoxes(page, '[role=alert]', words, true));
  });
});

test('charts="" and charts="none" both mean no charts, in the tag, mount() and the frame', async () => {
  await withPage({ wait: false, path: '__fixtures/one.html' }, async ({ page }) => {
    await allReady(page);
    const shown = await page.evaluate(async () => {
      const { mount } = await import('/playground.js');
      const counts = {};
      const element = document.querySelector('flywheel-playground');
      for (const charts of ['', 'none', ' none ']) {
        element.setAttribute('charts', charts);
        await element.ready;
        counts[`tag "${charts}"`] = element.shadowRoot.querySelectorAll('canvas').length;
      }
      for (const charts of ['', 'none', [], ['none']]) {
        const host = document.body.appendChild(document.createElement('div'));
        const handle = await mount(host, { charts });
        counts[`mount ${JSON.stringify(charts)}`] = host.shadowRoot.querySelectorAll('canvas').length;
        handle.destroy();
      }
      let mixed = '';
      await mount(document.createElement('div'), { charts: 'none,loop' }).catch((error) => { mixed = error.message; });
      return { counts, mixed };
    });
    for (const [how, count] of Object.entries(shown.counts)) assert.equal(count, 0, `${how}: no charts`);
    assert.match(shown.mixed, /unknown chart `none` \(charts: loop, demand, funnel, bottlenecks; or all, or none\)/);
  });
  for (const charts of ['', 'none']) {
    await withPage({ wait: false, path: `embed.html?preset=healthy&charts=${charts}` }, async ({ page }) => {
      await page.waitForFunction(() => window.flywheel?.playground);
      assert.equal(await page.locator('canvas').count(), 0, `charts=${charts}: no charts`);
      assert.match(await page.locator('#verdict').textContent(), /Bottleneck/);
    });
  }
});

test('"Embed this" keeps the week shown, and the tag and the frame it gives open at that week', async () => {
  let codes;
  await withPage({ hash: '#p=compute-crunch&uq=.8' }, async ({ page }) => {
    await page.locator('#week').focus();
    await page.keyboard.press('Home');
    for (let i = 0; i < 60; i++) await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => window.flywheel.playground.week === 60);
    await page.click('#embed-open');
    await page.waitForFunction(() => document.getElementById('embed-tag').textContent.includes('week='));
    codes = await page.evaluate(() => ({
      tag: document.getElementById('embed-tag').textContent,
      frame: document.getElementById('embed-frame').textContent,
    }));
    assert.match(codes.tag, /<flywheel-playground preset="compute-crunch" week="60" controls="full" theme="auto" values="users.word_of_mouth=0.8">/);
    // Moving the week again with the panel open follows it.
    await page.keyboard.press('Shift+Tab');
    await page.locator('#week').focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.getElementById('embed-tag').textContent.includes('week="61"'));
  });
  const src = new URL(codes.frame.match(/src="([^"]+)"/)[1]);
  assert.equal(src.searchParams.get('week'), '60');
  await withPage({ wait: false, path: `embed.html${src.search}` }, async ({ page }) => {
    await page.waitForFunction(() => window.flywheel?.playground);
    assert.equal(await page.evaluate(() => window.flywheel.playground.verdict().week), 60);
    assert.equal(await page.locator('#week').inputValue(), '60');
  });
  await withPage({ wait: false, path: '__fixtures/one.html' }, async ({ page }) => {
    await allReady(page);
    const week = await page.evaluate(async (html) => {
      const holder = document.createElement('div');
      holder.innerHTML = html;
      const element = holder.querySelector('flywheel-playground');
      document.body.append(element);
      return (await element.ready).verdict().week;
    }, codes.tag);
    assert.equal(week, 60);
  });
});

test('a tag or a frame opens at the week it is given, and names a week it cannot show', async () => {
  await withPage({ wait: false, path: '__fixtures/one.html' }, async ({ page }) => {
    await allReady(page);
    const result = await page.evaluate(async () => {
      const { mount } = await import('/playground.js');
      const element = document.querySelector('flywheel-playground');
      element.setAttribute('week', '12');
      const week = (await element.ready).verdict().week;
      const refusals = [];
      for (const bad of ['300', '1.5', '-1', 'soon']) {
        await mount(document.createElement('div'), { week: bad }).catch((error) => refusals.push(error.message));
      }
      return { week, refusals };
    });
    assert.equal(result.week, 12);
    assert.deepEqual(result.refusals, [
      'week `300` is not a whole number from 0 to 260',
      'week `1.5` is not a whole number of weeks',
      'week `-1` is not a whole number of weeks',
      'week `soon` is not a whole number of weeks',
    ]);
  });
});

test('"Embed this" carries the futures and a pinned baseline whole, and the tag and the frame open with both', async () => {
  let codes;
  await withPage({ hash: '#p=compute-crunch&uq=.8&n=200&s=7&~pp=.05:.2&a=healthy&a.g=revenue' }, async ({ page }) => {
    await page.waitForFunction(() => window.flywheel.playground.run.pinned);
    await page.click('#embed-open');
    await page.waitForFunction(() => document.getElementById('embed-tag').textContent.includes('state='));
    codes = await page.evaluate(() => ({
      tag: document.getElementById('embed-tag').textContent,
      frame: document.getElementById('embed-frame').textContent,
      hash: window.flywheel.playground.hash(),
    }));
    assert.ok(codes.tag.includes(`state="${codes.hash.slice(1).replaceAll('&', '&amp;')}"`), codes.tag);
    assert.match(codes.tag, / uncertainty="open"/);
  });
  // What an embed made from the codes holds: the baseline, the comparison and the futures.
  const assertCarried = (state) => {
    assert.deepEqual(state.pinned, { preset: 'healthy', goal: 'revenue', settings: [] });
    assert.equal(state.compared, true);
    assert.equal(state.preset, 'compute-crunch');
    for (const part of ['n=200', 's=7', '~pp=.05:.2', 'uq=.8']) assert.ok(state.link.includes(part), `${part} in ${state.link}`);
  };
  const src = new URL(codes.frame.match(/src="([^"]+)"/)[1].replaceAll('&amp;', '&'));
  await withPage({ wait: false, path: `embed.html${src.search}` }, async ({ page }) => {
    await page.waitForFunction(() => window.flywheel?.playground?.run.pinned);
    assertCarried(await page.evaluate(() => {
      const p = window.flywheel.playground;
      return { pinned: p.run.pinned, compared: p.compare() !== null, link: p.hash(), preset: p.preset };
    }));
  });
  await withPage({ wait: false, path: '__fixtures/one.html' }, async ({ page }) => {
    await allReady(page);
    assertCarried(await page.evaluate(async (html) => {
      const holder = document.createElement('div');
      holder.innerHTML = html;
      const element = holder.querySelector('flywheel-playground');
      document.body.append(element);
      const p = await element.ready;
      return { pinned: p.run.pinned, compared: p.compare() !== null, link: p.hash(), preset: p.preset };
    }, codes.tag));
  });
});
