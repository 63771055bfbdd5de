#!/usr/bin/env bash
# Runs the Prisma CLI offline: pointing the native engine variables at /bin/false stops the
# CLI from downloading engines; the wasm engines inside the prisma package do the work.
set -euo pipefail
cd "$(dirname "$0")/.."
export PRISMA_SCHEMA_ENGINE_BINARY=/bin/false PRISMA_QUERY_ENGINE_LIBRARY=/bin/false
export PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1
export DATABASE_URL="${DATABASE_URL:-postgresql://gemsweep@127.0.0.1:5440/gemsweep}"
exec npx --no-install prisma "$@"
