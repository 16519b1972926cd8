#!/usr/bin/env bash
# Builds the wasm package (`--target web`: an ES module `flywheel.js`, no bundler) into www/pkg,
# then the publishable npm package into target/npm/flywheel-playground.
set -euo pipefail
cd "$(dirname "$0")/.."
# wasm-pack runs binaryen's wasm-opt from PATH (Cargo.toml says which passes and why).
export PATH="$PWD/pkg-config/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# The playground's module is built for size (opt-level "z"): gzipped as the size test does it
# (node's zlib, level 9) it is 146.8 KiB, inside the 150 KiB budget, where opt-level "s" gives
# 151.7 KiB and 3 more still. The one run and verdict a change needs cost more (README, "Speed"). The
# Uncertainty view's module keeps opt-level 3, where the ensemble's thousands of runs are.
CARGO_PROFILE_RELEASE_OPT_LEVEL=z wasm-pack build --target web --release --out-dir www/pkg --out-name flywheel
# The Uncertainty view's module (the ensemble, its charts and `Study`), fetched only when the
# view opens, so the playground's own module keeps to its size budget. wasm-pack rewrites the
# folder's package.json and README: only the .js, .d.ts and .wasm files are used.
wasm-pack build --target web --release --out-dir www/pkg --out-name flywheel_study -- --features study

out=target/npm/flywheel-playground
rm -rf "$out"
mkdir -p "$out/pkg"
cp www/playground.js www/playground.css www/uncertainty.js www/ensemble-worker.js www/study-module.js www/files.js \
   www/embed.js www/frame.js www/embed.html \
   www/embed-page.js www/frame.css pkg-config/index.d.ts pkg-config/element.d.ts \
   pkg-config/README.md "$out/"
cp www/pkg/flywheel.js www/pkg/flywheel.d.ts www/pkg/flywheel_bg.wasm \
   www/pkg/flywheel_bg.wasm.d.ts www/pkg/flywheel_study.js www/pkg/flywheel_study.d.ts \
   www/pkg/flywheel_study_bg.wasm www/pkg/flywheel_study_bg.wasm.d.ts "$out/pkg/"
# The package's version is the crate's.
version=$(awk -F'"' '$1 == "version = " { print $2; exit }' Cargo.toml)
sed "s/\"version\": \"0.0.0\"/\"version\": \"$version\"/" pkg-config/package.json > "$out/package.json"
echo "npm package: $out ($version)"
