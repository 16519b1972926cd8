#!/usr/bin/env bash
# Builds the wasm package (`--target web`: an ES module `flywheel.js`, no bundler) into www/pkg.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
wasm-pack build --target web --release --out-dir www/pkg --out-name flywheel
