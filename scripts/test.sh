#!/usr/bin/env bash
# The one test command (README, CI): installs what is missing, typechecks every package, then
# runs every vitest suite. Service suites start their own Redis + PostgreSQL (embedded).
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1 TURBO_NO_UPDATE_NOTIFIER=1
bash scripts/setup.sh --browser --webgpu
# The kernel and trainer suites run on webgpu wherever an adapter exists (lavapipe on the CPU here).
# Once setup has provided one, a suite that cannot load it fails rather than quietly skipping;
# without one (no root for apt) they run on cpu and wasm only, and CI refuses that.
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp} # Mesa's Vulkan loader complains on every start without it
if node scripts/webgpu-adapter.mjs >/dev/null 2>&1; then
  export GEMSWEEP_REQUIRE_WEBGPU=1
elif [ "${CI:-}" = true ]; then
  echo "CI needs a WebGPU adapter for the webgpu suites: scripts/setup.sh --webgpu could not provide one" >&2
  exit 1
else
  echo "note: no WebGPU adapter, the webgpu suites are skipped (scripts/setup.sh --webgpu as root installs one)" >&2
fi
echo "== typecheck"
npx --no-install turbo run typecheck --output-logs=errors-only
npx --no-install tsc -p tsconfig.json  # scripts/ and tests/ (not a workspace)
echo "== lint"
npx --no-install turbo run lint --output-logs=errors-only
echo "== tests"
npx --no-install vitest run "$@"
