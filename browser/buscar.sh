#!/usr/bin/env bash
# Browser test of the search page (browser/buscar.mjs) on a built site, in
# headless Chromium with site-check's playwright-core and axe-core.
#   bash browser/buscar.sh OUT_DIR
# Run site-check's setup.sh first (it installs chromium and those
# packages); .ci/run does.
set -euo pipefail
out=${1:?uso: buscar.sh CARPETA_PUBLICADA}
here=$(cd "$(dirname "$0")" && pwd)
pw=${SITE_CHECK_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/site-check}/node_modules
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
[ -d "$pw/playwright-core" ] || { echo "FAIL: no está playwright-core en $pw (ejecute site-check/setup.sh)"; exit 2; }
[ -n "$chromium" ] || { echo "FAIL: no está chromium"; exit 2; }
PLAYWRIGHT_FROM=$pw CHROMIUM=$chromium node "$here/buscar.mjs" "$out"
