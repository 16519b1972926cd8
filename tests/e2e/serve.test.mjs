//! The test server: www/ on 127.0.0.1 with the types browsers insist on, and nothing outside www/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './serve.mjs';

let server;
before(async () => { server = await startServer(); });
after(() => server.close());

test('listens on 127.0.0.1 and serves index.html for /', async () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  const response = await fetch(server.url);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.match(await response.text(), /<html/i);
});

test('serves JavaScript as text/javascript and wasm as application/wasm', async () => {
  const js = await fetch(`${server.url}main.js`);
  assert.equal(js.status, 200);
  assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
  const wasm = await fetch(`${server.url}pkg/flywheel_bg.wasm`);
  assert.equal(wasm.status, 200, 'www/pkg is built (bash pkg-config/build.sh)');
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  const bytes = new Uint8Array(await wasm.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 4)], [0, 0x61, 0x73, 0x6d], 'the wasm magic number');
});

test('answers 404 for a missing file and never serves a file outside www/', async () => {
  assert.equal((await fetch(`${server.url}no-such-file.js`)).status, 404);
  for (const path of ['%2e%2e/Cargo.toml', '..%2fCargo.toml', '%2e%2e%2fCargo.toml', 'pkg/..%2f..%2fCargo.toml']) {
    const response = await fetch(server.url + path);
    assert.ok([403, 404].includes(response.status), `${path} answered ${response.status}`);
    assert.doesNotMatch(await response.text(), /\[package\]/, `${path} must not reveal Cargo.toml`);
  }
});

test('refuses methods other than GET and HEAD', async () => {
  assert.equal((await fetch(server.url, { method: 'POST', body: 'x' })).status, 405);
  const head = await fetch(`${server.url}main.js`, { method: 'HEAD' });
  assert.equal(head.status, 200);
});
