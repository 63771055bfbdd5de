#!/usr/bin/env bash
# The one test command (README, CI): installs what is missing, typechecks every package, then
# runs every vitest suite. Service suites start their own Redis + PostgreSQL (embedded).
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1 TURBO_NO_UPDATE_NOTIFIER=1
bash scripts/setup.sh --browser
echo "== typecheck"
npx --no-install turbo run typecheck --output-logs=errors-only
npx --no-install tsc -p tsconfig.json  # scripts/ and tests/ (not a workspace)
echo "== lint"
npx --no-install turbo run lint --output-logs=errors-only
echo "== tests"
npx --no-install vitest run "$@"
