#!/usr/bin/env bash
# Installs what building (and, with `test`, testing) needs, skipping whatever is already there.
# usage: bash .ci/setup.sh [build|test]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
need="${1:-build}"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    rustup target add wasm32-unknown-unknown
fi

if ! command -v wasm-pack >/dev/null; then
    cargo install wasm-pack --locked
fi

# wasm-pack only uses a wasm-bindgen on PATH of exactly Cargo.lock's version; any other makes it
# try a download. The registry lacks a pinned transitive version, so no --locked here.
want=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$have" != "$want" ]; then
    cargo install wasm-bindgen-cli --version "$want" --force
fi

# The build's wasm-opt: binaryen from npm, exactly as pkg-config/tools/package-lock.json pins it.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y nodejs npm
fi
if [ ! -d pkg-config/tools/node_modules ] || [ pkg-config/tools/package-lock.json -nt pkg-config/tools/node_modules ]; then
    npm ci --prefix pkg-config/tools --no-audit --no-fund
fi

if [ "$need" = test ]; then
    if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
        as_root apt-get update
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
    fi
    # The end-to-end tests drive that Chromium with playwright-core, exactly as
    # tests/e2e/package-lock.json pins it (its playwright-core needs node 18 or later).
    if [ ! -d tests/e2e/node_modules ] || [ tests/e2e/package-lock.json -nt tests/e2e/node_modules ]; then
        npm ci --prefix tests/e2e --no-audit --no-fund
    fi
    # tests/xmile_pysd.py runs the XMILE export in PySD, pinned to the version it was written
    # against, in a virtual environment of its own (TOOLCHAIN.md) unless python3 already has it.
    if ! python3 -c "import pysd" 2>/dev/null && ! target/pysd/bin/python -c "import pysd" 2>/dev/null; then
        if ! command -v python3 >/dev/null || ! python3 -c "import venv, ensurepip" 2>/dev/null; then
            as_root apt-get update
            as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y python3 python3-venv
        fi
        rm -rf target/pysd
        python3 -m venv target/pysd
        target/pysd/bin/pip install --quiet pysd==3.14.3
    fi
fi
