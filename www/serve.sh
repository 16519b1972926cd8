#!/usr/bin/env bash
# Installs what is missing, builds the wasm package and serves the playground on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/setup.sh build
bash pkg-config/build.sh
port="${PORT:-8000}"
echo
echo "Flywheel playground: open http://127.0.0.1:$port/"
echo
exec python3 -m http.server "$port" --bind 127.0.0.1 --directory www
