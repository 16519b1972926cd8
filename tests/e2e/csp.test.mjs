//! Every page and embed works under the strict Content-Security-Policy that README.md asks hosts
//! to allow: scripts and styles only from the page's own origin, wasm compiled with
//! 'wasm-unsafe-eval', nothing inline. A violation would be reported here and in the console.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { playground } from './harness.mjs';

export const STRICT_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

const withPage = playground({ before, after }, { headers: { 'content-security-policy': STRICT_CSP } });

/** Records every CSP violation in the frame it runs in. */
function recordViolations() {
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__violations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
  });
}

const violations = (page) =>
  Promise.all(page.frames().map((frame) => frame.evaluate(() => window.__violations ?? []).catch(() => []))).then((all) => all.flat());

for (const [path, ready] of [
  ['', () => window.flywheel?.ready],
  ['docs.html', () => Promise.all([...document.querySelectorAll('flywheel-playground')].map((e) => e.ready))],
  ['__fixtures/frame-host.html', () => document.getElementById('frame').getBoundingClientRect().height > 300],
  ['embed.html?preset=compute-crunch&layers=compute', () => window.flywheel?.ready],
]) {
  test(`${path || 'index.html'} runs under the strict policy with no violation`, async () => {
    await withPage({ path, wait: false, init: recordViolations }, async ({ page }) => {
      await page.waitForFunction(ready);
      // Something drawn proves scripts, wasm and styles all ran.
      await page.waitForFunction(() => {
        const roots = [document, ...[...document.querySelectorAll('flywheel-playground')].map((e) => e.shadowRoot)];
        const frames = [...document.querySelectorAll('iframe')].map((f) => f.contentDocument);
        return [...roots, ...frames].some((root) => root?.querySelector('canvas[width]'));
      });
      const styled = await page.evaluate(() => {
        const host = document.querySelector('flywheel-playground')?.shadowRoot ?? document.querySelector('iframe')?.contentDocument ?? document;
        const card = host.querySelector('.fw-verdict');
        return card ? getComputedStyle(card).borderTopLeftRadius : 'no card';
      });
      assert.equal(styled, '12px', 'the playground\'s stylesheet applied');
      await page.waitForTimeout(300);
      assert.deepEqual(await violations(page), []);
    });
  });
}
