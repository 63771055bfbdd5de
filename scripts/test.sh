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
# Arguments (a file, a project) go to one vitest as they are.
if [ $# -gt 0 ]; then exec npx --no-install vitest run "$@"; fi
# Without: the unit suites first (they use every core), then the services suites and the
# private-stacks suites (reliability scenarios on their own Redis + PostgreSQL, which spend most of
# their minutes waiting for recoveries) side by side, in two vitest processes: within one, vitest
# queues every file of the one-file-at-a-time projects behind each other.
unit_status=0
npx --no-install vitest run --project unit || unit_status=$?
private_log=$(mktemp)
npx --no-install vitest run --project private-stacks >"$private_log" 2>&1 &
private_pid=$!
services_status=0
npx --no-install vitest run --project services || services_status=$?
private_status=0
wait "$private_pid" || private_status=$?
echo "== tests: private-stacks (ran alongside the services suites)"
cat "$private_log"
rm -f "$private_log"
echo "== tests: unit exit $unit_status, services exit $services_status, private-stacks exit $private_status"
[ "$unit_status" -eq 0 ] && [ "$services_status" -eq 0 ] && [ "$private_status" -eq 0 ]
