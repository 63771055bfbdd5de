#!/usr/bin/env bash
# Builds the native GEMM addon (packages/kernels/native/gemm.c -> build/gemsweep-gemm.node) with
# the machine's C compiler and Node's own headers, when it is missing or older than its source.
# Optional: without a compiler or the headers it says so and the products run in wasm SIMD
# (docs/kernels.md#native-gemm). GEMSWEEP_NATIVE=0 skips the build (and the addon at run time).
# Usage: scripts/build-native.sh [--force]
set -euo pipefail
cd "$(dirname "$0")/.."

src=packages/kernels/native/gemm.c
out=packages/kernels/native/build/gemsweep-gemm.node
if [ "${GEMSWEEP_NATIVE:-1}" = 0 ]; then
  echo "native GEMM: skipped (GEMSWEEP_NATIVE=0)"
  exit 0
fi
if [ "${1:-}" != --force ] && [ -f "$out" ] && [ "$out" -nt "$src" ] && [ "$out" -nt "$0" ]; then
  exit 0
fi
cc=${CC:-cc}
include=$(node -p 'require("node:path").join(process.execPath, "../../include/node")')
if ! command -v "$cc" >/dev/null 2>&1; then
  echo "native GEMM: not built (no C compiler '$cc'; Debian: apt-get install gcc): products run in wasm SIMD" >&2
  exit 0
fi
if [ ! -f "$include/node_api.h" ]; then
  echo "native GEMM: not built (no Node headers at $include): products run in wasm SIMD" >&2
  exit 0
fi
mkdir -p "$(dirname "$out")"
# -ffp-contract=fast: a * b + c as one fused multiply-add, as the wasm kernels do it
"$cc" -O3 -std=gnu11 -ffp-contract=fast -fPIC -shared -Wall -Wextra -Werror -I"$include" -o "$out.tmp" "$src"
mv "$out.tmp" "$out"
echo "native GEMM: built $out ($(node -p "require('./$out').isa()"))"
