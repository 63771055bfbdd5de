#!/usr/bin/env bash
# Installs whatever is missing, idempotently, on a fresh Debian machine or one that has it all:
# Debian packages (when root with apt-get; otherwise it lists what to install, and stops only when
# a required one is missing), npm dependencies, the generated Prisma client, the native GEMM addon,
# the CLI bundle.
# Usage: scripts/setup.sh [--browser] [--webgpu] [--check]
#   --browser  adds Chromium for the end-to-end tests
#   --webgpu   adds a WebGPU adapter on the CPU (Mesa's lavapipe + the npm `webgpu` package, Dawn),
#              so the kernel and trainer suites run on webgpu without a GPU
#   --check    only reports the system packages (found where, what to install); installs nothing
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
want_webgpu=0
check_only=0
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=1 ;;
    --webgpu) want_webgpu=1 ;;
    --check) check_only=1 ;;
    *) echo "setup: unknown option $arg (use --browser, --webgpu, --check)" >&2; exit 2 ;;
  esac
done
WEBGPU_VERSION=0.6.2 # the same as docker/Dockerfile.worker-webgpu and scripts/gpu-check.sh

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "GemSweep needs Node.js >= 20.9 (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

# --- system packages -------------------------------------------------------------------------
# Found where the services will look (scripts/system-packages.sh); the embedded PostgreSQL runs
# these binaries under ./.gemsweep, the system service is never started.
source scripts/system-packages.sh
find_system_packages "$want_browser"
if [ "$check_only" = 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 &&
  [ $((${#missing_required[@]} + ${#missing_optional[@]})) -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing_required[*]} ${missing_optional[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  [ ${#missing_required[@]} -eq 0 ] || apt-get install -y -qq "${missing_required[@]}" >/dev/null
  # optional: the trainer downloads Fashion-MNIST where its package is not available; without gcc
  # the native GEMM addon is not built and the wasm kernels compute every product
  [ ${#missing_optional[@]} -eq 0 ] || apt-get install -y -qq "${missing_optional[@]}" >/dev/null ||
    echo "setup: could not install ${missing_optional[*]} (optional)" >&2
  find_system_packages "$want_browser"
fi
system_ok=1
report_system_packages || system_ok=0
if [ "$check_only" = 1 ]; then
  [ "$system_ok" = 1 ]
  exit
fi
[ "$system_ok" = 1 ] || exit 1

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

# --- the native GEMM addon (packages/kernels/native): optional, the products' fast path on CPU --
# Built when missing or older than its source, with the machine's C compiler and Node's headers;
# without them the wasm SIMD kernels run (scripts/build-native.sh says so).
bash scripts/build-native.sh 2>&1 | sed 's/^/setup: /'

# --- the CLI bundle (apps/cli/dist): what `gemsweep` / `npx gemsweep` runs ----------------------
# Built when missing or older than what it was built from (apps/cli/build/stale-build.js decides).
npx --no-install tsx apps/cli/build/main.ts --if-stale | sed 's/^/setup: /'

# --- WebGPU on the CPU (--webgpu) ----------------------------------------------------------------
# Dawn needs Vulkan features that Debian 12's lavapipe (Mesa 22.3) lacks ("shaderUniform*Array
# DynamicIndexing required"); the Mesa 25 of bookworm-backports has them. `webgpu` is installed
# without saving: a GPU host opts in the same way (docs/scaling.md), and npm ci removes it again.
if [ "$want_webgpu" = 1 ] && ! node scripts/webgpu-adapter.mjs >/dev/null 2>&1; then
  if [ ! -d node_modules/webgpu ]; then
    echo "setup: npm install --no-save webgpu@$WEBGPU_VERSION"
    npm install --no-save --no-audit --no-fund --loglevel=error "webgpu@$WEBGPU_VERSION"
  fi
  if ! node scripts/webgpu-adapter.mjs >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      export DEBIAN_FRONTEND=noninteractive
      suite=()
      if grep -q '^VERSION_CODENAME=bookworm' /etc/os-release 2>/dev/null; then
        list=/etc/apt/sources.list.d/gemsweep-bookworm-backports.list
        [ -f "$list" ] || echo "deb http://deb.debian.org/debian bookworm-backports main" >"$list"
        suite=(-t bookworm-backports)
      fi
      echo "setup: installing Mesa's lavapipe (Vulkan on the CPU) ${suite[*]}"
      apt-get update -qq
      apt-get install -y -qq "${suite[@]}" mesa-vulkan-drivers libvulkan1 >/dev/null
    else
      echo "setup: no WebGPU adapter; as root: apt-get install mesa-vulkan-drivers libvulkan1 (Mesa >= 23; on Debian 12 from bookworm-backports)" >&2
    fi
  fi
  # stdout is the adapter's JSON; stderr carries Dawn's and Mesa's warnings, and the reason if none
  if adapter=$(node scripts/webgpu-adapter.mjs 2>/dev/null); then
    echo "setup: WebGPU adapter: $adapter"
  else
    echo "setup: still no WebGPU adapter: $(node scripts/webgpu-adapter.mjs 2>&1 >/dev/null | tail -n 1)" >&2
  fi
fi
