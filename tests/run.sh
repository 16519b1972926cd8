#!/usr/bin/env bash
# Runs every test: formatting, lints (native and wasm), native tests, the XMILE export in PySD, browser tests, then the page's end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/setup.sh test
export PATH="$HOME/.cargo/bin:$PATH"

cargo fmt --check
cargo clippy --all-targets -- -D warnings
cargo test
# PySD runs the XMILE export and must get the CLI's numbers (uses the binary cargo test built).
python=python3
if ! python3 -c "import pysd" 2>/dev/null; then python=target/pysd/bin/python; fi
"$python" tests/xmile_pysd.py

# The browser tests compare the facade's run with this native one, written fresh every time.
mkdir -p tests/native-runs
cargo run --quiet -- run --preset healthy --format json > tests/native-runs/healthy.json
cargo clippy --lib --tests --target wasm32-unknown-unknown -- -D warnings
cargo clippy --lib --target wasm32-unknown-unknown --features study -- -D warnings
wasm-pack test --headless --chrome

# The end-to-end tests drive the real page in Chromium, so they need its wasm package built.
bash pkg-config/build.sh
node --test tests/e2e/
