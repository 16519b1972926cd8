//! A static file server for www/ on 127.0.0.1, used by the end-to-end tests, perf.mjs and screenshots.mjs.
// As a program: `node tests/e2e/serve.mjs [port]` serves until stopped (port 0 or none: a free one).
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WWW = fileURLToPath(new URL('../../www/', import.meta.url));

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** The file under `root` that a request path names, or null if it would leave `root`. */
function fileFor(root, urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  const file = resolve(join(root, path));
  return file + sep === root || file.startsWith(root) ? file : null;
}

function refuse(response, status, text) {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  response.end(`${text}\n`);
}

/** Test pages that host playgrounds the way other sites would, served under /__fixtures/. */
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

/**
 * Serves `root` (default www/) on 127.0.0.1:`port` (0: a free port), and the test fixtures under
 * /__fixtures/. `headers` are added to every page (e.g. a Content-Security-Policy). Resolves to
 * `{ url, port, close() }` once listening; `url` ends with '/'.
 */
export async function startServer({ root = WWW, port = 0, headers = {} } = {}) {
  root = resolve(root) + sep;
  const fixtures = resolve(FIXTURES) + sep;
  const server = createServer(async (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return refuse(response, 405, `${request.method} is not served`);
    }
    const { pathname } = new URL(request.url, 'http://127.0.0.1');
    let file = pathname.startsWith('/__fixtures/')
      ? fileFor(fixtures, pathname.slice('/__fixtures'.length))
      : fileFor(root, pathname);
    if (!file) return refuse(response, 403, `${pathname} is outside the served folder`);
    try {
      let info = await stat(file);
      if (info.isDirectory()) {
        file = join(file, 'index.html');
        info = await stat(file);
      }
      response.writeHead(200, {
        ...headers,
        'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-length': info.size,
        'cache-control': 'no-store',
      });
      if (request.method === 'HEAD') return response.end();
      createReadStream(file).pipe(response);
    } catch {
      refuse(response, 404, `${pathname} not found`);
    }
  });
  await new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', done);
  });
  const actual = server.address().port;
  return {
    url: `http://127.0.0.1:${actual}/`,
    port: actual,
    close: () => new Promise((done) => {
      server.closeAllConnections?.();
      server.close(() => done());
    }),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve.mjs: port \`${process.argv[2]}\` is not a whole number from 0 to 65535`);
    process.exit(2);
  }
  const { url } = await startServer({ port });
  console.log(`Serving ${WWW} at ${url}`);
}
