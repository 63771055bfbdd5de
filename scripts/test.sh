#!/usr/bin/env bash
# The one test command (README, CI): installs what is missing, typechecks every package, then
# runs every vitest suite. Service suites start their own Redis + PostgreSQL (embedded).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
echo "== typecheck"
npx --no-install turbo run typecheck --output-logs=errors-only
echo "== lint"
npx --no-install turbo run lint --output-logs=errors-only
echo "== tests"
npx --no-install vitest run "$@"
