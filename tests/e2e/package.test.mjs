//! The npm package as pkg-config/build.sh makes it: exactly the intended files, the crate's
//! version, every export present, types that compile against a docs author's code, and the
//! size budget (sizes are exact for a build, so this is a test, not a benchmark).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PACKAGE = `${ROOT}target/npm/flywheel-playground/`;
const manifest = () => JSON.parse(readFileSync(`${PACKAGE}package.json`, 'utf8'));

/** Gzipped size in bytes at the highest level, as a server or CDN would send it. */
export const gzipped = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

test('npm pack lists exactly the intended files', () => {
  assert.ok(existsSync(PACKAGE), `${PACKAGE} is built by bash pkg-config/build.sh`);
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: PACKAGE, encoding: 'utf8' }));
  assert.deepEqual(packed.files.map((f) => f.path).sort(), [
    'README.md', 'element.d.ts', 'embed-page.js', 'embed.html', 'embed.js', 'ensemble-worker.js', 'files.js', 'frame.css', 'frame.js',
    'index.d.ts', 'package.json', 'pkg/flywheel.d.ts', 'pkg/flywheel.js', 'pkg/flywheel_bg.wasm', 'pkg/flywheel_bg.wasm.d.ts',
    'pkg/flywheel_study.d.ts', 'pkg/flywheel_study.js', 'pkg/flywheel_study_bg.wasm', 'pkg/flywheel_study_bg.wasm.d.ts',
    'playground.css', 'playground.js', 'study-module.js', 'uncertainty.js',
  ]);
});

test('the manifest carries the crate version, a licence and exports that all exist', () => {
  const pkg = manifest();
  const cargo = readFileSync(`${ROOT}Cargo.toml`, 'utf8').match(/^version = "([^"]+)"/m)[1];
  assert.equal(pkg.version, cargo);
  assert.equal(pkg.license, 'MIT OR Apache-2.0');
  assert.equal(pkg.type, 'module');
  assert.ok(Array.isArray(pkg.sideEffects) && pkg.sideEffects.includes('./embed.js'));
  const targets = Object.values(pkg.exports).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)));
  for (const target of [...targets, pkg.main, pkg.types]) {
    assert.ok(existsSync(`${PACKAGE}${target}`), `${target} is in the package`);
    assert.ok(pkg.files.includes(target.replace(/^\.\//, '')) || target === './package.json', `${target} is listed in files`);
  }
});

test('the types compile against a docs author\'s code, and reject what they should', () => {
  const config = `${ROOT}target/npm/tsconfig.json`;
  writeFileSync(config, JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, target: 'ES2022', module: 'ES2022', moduleResolution: 'Bundler',
      lib: ['ES2022', 'DOM'], skipLibCheck: false,
      paths: { 'flywheel-playground': [`${PACKAGE}index.d.ts`], 'flywheel-playground/element': [`${PACKAGE}element.d.ts`] },
    },
    files: [`${ROOT}tests/e2e/fixtures/usage.ts`],
  }));
  const tsc = fileURLToPath(new URL('./node_modules/typescript/bin/tsc', import.meta.url));
  try {
    execFileSync(process.execPath, [tsc, '-p', config], { encoding: 'utf8' });
  } catch (error) {
    assert.fail(`tsc found errors:\n${error.stdout}`);
  }
});

test('size budget: the wasm is at most 150 KB gzipped, one embed\'s JS, wasm and CSS at most 200 KB', () => {
  const wasm = gzipped(`${PACKAGE}pkg/flywheel_bg.wasm`);
  const embed = ['embed.js', 'playground.js', 'pkg/flywheel.js', 'pkg/flywheel_bg.wasm', 'playground.css']
    .reduce((sum, file) => sum + gzipped(`${PACKAGE}${file}`), 0);
  assert.ok(wasm <= 150 * 1024, `wasm ${(wasm / 1024).toFixed(1)} KB gzipped`);
  assert.ok(embed <= 200 * 1024, `one embed ${(embed / 1024).toFixed(1)} KB gzipped`);
});
