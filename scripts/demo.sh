#!/usr/bin/env bash
# The main job (README): a real sweep on the embedded default: starts its own Redis and
# PostgreSQL, local workers, trains on Fashion-MNIST, prints the comparison table.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec npx --no-install gemsweep run examples/fashion-mlp.yaml --workers 2 --backend wasm --out out/demo
