//! Files: every export pressed in the page and its file checked (CSV header and rows, JSON keys,
//! PNG size at the pixel ratio, SVG that parses), the scenario file through page -> file -> CLI
//! giving the same run, a file opened back by button and by drop, and broken or foreign files
//! refused with the scenario kept.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { paints, playground, shownNotice, sliderId } from './harness.mjs';

const withPage = playground({ before, after });
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TALL = { width: 1280, height: 3200 };

/** Presses `button` and returns the download: its suggested name and its bytes. */
async function pressed(page, button) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(button).click()]);
  return { name: download.suggestedFilename(), bytes: fs.readFileSync(await download.path()) };
}

/** The CLI's output for `args`, built as the tests build it. */
const flywheel = (args) => execFileSync('cargo', ['run', '--quiet', '--', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });

/** Width and height of a PNG, from its IHDR chunk. */
const pngSize = (bytes) => {
  assert.equal(bytes.subarray(1, 4).toString(), 'PNG', 'a PNG file');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
};

test('the Files menu saves the scenario and the run in the CLI\'s shapes', async () => {
  await withPage({ hash: '#p=compute-crunch&w=60&g=revenue&uq=.8' }, async ({ page }) => {
    await paints(page);
    await page.locator('#files summary').click();
    const scenario = await pressed(page, '#save-scenario');
    assert.equal(scenario.name, 'flywheel-compute-crunch.scenario.json');
    const file = JSON.parse(scenario.bytes.toString());
    assert.equal(file.format, 'flywheel-scenario');
    assert.equal(file.preset, 'compute-crunch');
    assert.equal(file.goal, 'revenue');
    assert.equal(file.values['users.word_of_mouth'], 0.8);
    assert.equal(file.uncertainty, undefined, 'no futures while the view is closed');

    const csv = await pressed(page, '#save-csv');
    assert.equal(csv.name, 'flywheel-compute-crunch.csv');
    const lines = csv.bytes.toString().trimEnd().split('\n');
    assert.match(lines[0], /^week,compute_stock,/, 'the CLI\'s header');
    assert.equal(lines.length, 1 + 261, 'a row for each week 0 to 260');

    const json = await pressed(page, '#save-json');
    const run = JSON.parse(json.bytes.toString());
    for (const key of ['preset', 'options', 'verdict', 'stages', 'summary', 'series']) {
      assert.ok(Object.hasOwn(run, key), `the run's JSON has "${key}"`);
    }
    assert.equal(run.options.goal, 'revenue');

    const xmile = await pressed(page, '#save-xmile');
    assert.equal(xmile.name, 'flywheel-compute-crunch.xmile');
    const model = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        root: doc.documentElement.localName,
        ns: doc.documentElement.namespaceURI,
        stocks: doc.getElementsByTagName('stock').length,
      };
    }, xmile.bytes.toString());
    assert.deepEqual(model, { error: null, root: 'xmile', ns: 'http://docs.oasis-open.org/xmile/ns/XMILE/v1.0', stocks: 15 });

    // Page -> file -> CLI: the CLI runs the file to the very bytes the page saved.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flywheel-files-'));
    try {
      const saved = path.join(dir, 's.json');
      fs.writeFileSync(saved, scenario.bytes);
      assert.equal(flywheel(['run', '--scenario', saved]), json.bytes.toString(), 'flywheel run --scenario gives the page\'s run');
      assert.equal(flywheel(['run', '--scenario', saved, '--format', 'csv']), csv.bytes.toString());
      const model = path.join(dir, 'm.xmile');
      fs.writeFileSync(model, xmile.bytes);
      assert.equal(flywheel(['run', '--xmile', model, '--goal', 'revenue']), json.bytes.toString(),
        'flywheel run --xmile gives the page\'s run');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('every chart saves as PNG at the pixel ratio and as SVG that parses', async () => {
  await withPage({ hash: '#p=healthy&w=100&n=100', viewport: TALL, scale: 2 }, async ({ page }) => {
    await paints(page);
    await page.waitForFunction(() => document.getElementById('uncertainty')?.dataset.counted === '100', null, { timeout: 60000 });
    for (const chart of ['loop', 'demand', 'funnel', 'bottlenecks', 'odds', 'fan', 'tornado']) {
      const canvas = ['odds', 'fan', 'tornado'].includes(chart) ? `#u-chart-${chart}` : `#chart-${chart}`;
      const css = await page.locator(canvas).evaluate((c) => [c.clientWidth, c.clientHeight, c.width, c.height]);
      const png = await pressed(page, `${canvas} ~ .fw-chart-foot button[data-save=png]`);
      assert.equal(png.name, `flywheel-healthy-${chart}-week100.png`);
      const [w, h] = pngSize(png.bytes);
      assert.deepEqual([w, h], [css[2], css[3]], `${chart}: the PNG has the canvas's pixels`);
      assert.ok(Math.abs(w - 2 * css[0]) <= 2, `${chart}: ${w} px wide at pixel ratio 2 for ${css[0]} CSS px`);

      const svg = await pressed(page, `${canvas} ~ .fw-chart-foot button[data-save=svg]`);
      assert.equal(svg.name, `flywheel-healthy-${chart}-week100.svg`);
      const parsed = await page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
        const root = doc.documentElement;
        return { error: doc.querySelector('parsererror')?.textContent ?? null, tag: root.tagName, width: root.getAttribute('width'), texts: doc.querySelectorAll('text').length };
      }, svg.bytes.toString());
      assert.equal(parsed.error, null, `${chart}: the SVG parses`);
      assert.equal(parsed.tag, 'svg');
      assert.ok(Math.abs(Number(parsed.width) - css[0]) <= 1, `${chart}: the SVG is the chart's CSS size`);
      assert.ok(parsed.texts > 3, `${chart}: the SVG has its labels as text`);
    }
  });
});

test('a saved scenario opens again, by button and by drop, with its futures', async () => {
  let saved;
  await withPage({ hash: '#p=hype-without-value&g=users&pp=.07&n=300&s=7&~uq=0.3:0.5' }, async ({ page }) => {
    await paints(page);
    const file = await page.evaluate(async () => {
      const { blob, name } = await window.flywheel.playground.file('scenario');
      return { name, text: await blob.text() };
    });
    saved = file.text;
    const parsed = JSON.parse(saved);
    assert.deepEqual(parsed.uncertainty.ranges, { 'users.word_of_mouth': [0.3, 0.5] });
    assert.equal(parsed.uncertainty.runs, 300);
  });
  await withPage({ hash: '#p=healthy' }, async ({ page }) => {
    await paints(page);
    await page.locator('#open-file').setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(saved) });
    await page.waitForFunction(() => location.hash.includes('hype-without-value'));
    const hash = await page.evaluate(() => location.hash);
    for (const part of ['p=hype-without-value', 'g=users', 'pp=.07', 'n=300', 's=7', '~uq=.3:.5']) {
      assert.ok(hash.includes(part), `${part} in ${hash}`);
    }
    assert.equal(await page.locator('#preset').inputValue(), 'hype-without-value');
    assert.equal(await shownNotice(page), '', 'nothing in the file went unused');
  });
  await withPage({ hash: '#p=healthy' }, async ({ page }) => {
    await paints(page);
    // A drop of the same file on the page.
    await page.evaluate((text) => {
      const data = new DataTransfer();
      data.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
      const target = document.querySelector('.fw-charts');
      target.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, saved);
    await page.waitForFunction(() => location.hash.includes('hype-without-value'));
    assert.equal(await page.locator('#goal').inputValue(), 'users');
  });
});

test('broken and foreign files are refused by name, and the scenario shown is kept', async () => {
  await withPage({ hash: '#p=compute-crunch&w=30&uq=.8' }, async ({ page }) => {
    await paints(page);
    const before = await page.evaluate(() => location.hash);
    const slider = sliderId('users.word_of_mouth');
    const value = await page.locator(`#${slider}`).inputValue();
    const cases = [
      ['not-json.json', Buffer.from('hello'), /not opened, and nothing changed: .*it is not JSON/],
      ['foreign.json', Buffer.from('{"nodes": [], "edges": []}'), /it is not a Flywheel scenario file/],
      ['range.json', Buffer.from('{"format":"flywheel-scenario","version":1,"values":{"payments.price":1e9}}'), /`payments\.price` = 1000000000 is outside its range/],
      ['newer.json', Buffer.from('{"format":"flywheel-scenario","version":9}'), /version 9, newer than/],
      ['bytes.json', Buffer.from([0xff, 0xfe, 0x7b, 0x7d]), /it is not UTF-8 text/],
      ['huge.json', Buffer.alloc(70000, 0x20), /70000 bytes, more than the 65536/],
    ];
    for (const [name, buffer, want] of cases) {
      await page.locator('#open-file').setInputFiles({ name, mimeType: 'application/json', buffer });
      await page.waitForFunction((n) => document.getElementById('notice-text').textContent.includes(n), name);
      const notice = await shownNotice(page);
      assert.match(notice, want, name);
      assert.ok(notice.length < 700, `${name}: a bounded notice (${notice.length} characters)`);
      assert.equal(await page.evaluate(() => location.hash), before, `${name}: the link is unchanged`);
      assert.equal(await page.locator(`#${slider}`).inputValue(), value, `${name}: the sliders are unchanged`);
    }
    // The JS API names what it cannot make.
    const errors = await page.evaluate(async () => {
      const p = window.flywheel.playground;
      const message = (promise) => promise.then(() => 'resolved', (e) => e.message);
      return [await message(p.file('pdf')), await message(p.file('png', { chart: 'odds' })), await message(p.openScenario('[]'))];
    });
    assert.match(errors[0], /unknown file `pdf` \(files: scenario, csv, json, png, svg, xmile\)/);
    assert.match(errors[1], /does not show a chart `odds` \(the Uncertainty view is closed\)/);
    assert.match(errors[2], /it is an array of JSON/);
  });
});
