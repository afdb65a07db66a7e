#!/usr/bin/env bash
# Compare Cabildo's search with Pagefind on the same site: what a phone
# downloads for a query and how long until its first 10 results show, in
# headless Chromium, plus index build time and total index size.
#
#   bash bench/search.sh [N]       # N items, default 10000
#
# Environment:
#   SEED=1            generator seed
#   KEEP=1            keep the temporary directory and print its path
#   CHROMIUM=path     the browser (default: chromium on PATH)
#
# It generates the bench/gen site, builds it with Cabildo (timed), runs
# Pagefind on Cabildo's output (timed; npm `pagefind`, pinned, installed by
# this script with playwright-core into ${XDG_CACHE_HOME:-~/.cache}/
# cabildo-bench-search), serves both from one local server that gzips text
# as nginx does, and runs bench/search.mjs: 20 fixed queries, each in a
# fresh browser context (nothing cached), Cabildo and Pagefind one after the
# other.
set -euo pipefail

N=${1:-10000}
SEED=${SEED:-1}
PAGEFIND_VERSION=1.6.0
PLAYWRIGHT_VERSION=1.65.1
[[ "$N" =~ ^[0-9]+$ ]] || { echo "usage: $0 [N]  (N items, default 10000)" >&2; exit 2; }
cd "$(dirname "${BASH_SOURCE[0]}")/.."

command -v node >/dev/null && command -v npm >/dev/null || { echo "node and npm are needed" >&2; exit 1; }
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [[ -z "$chromium" ]]; then
	[[ $(id -u) == 0 ]] || { echo "chromium is missing: apt-get install chromium" >&2; exit 1; }
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
	chromium=$(command -v chromium)
fi

tools=${XDG_CACHE_HOME:-$HOME/.cache}/cabildo-bench-search
if [[ ! -x "$tools/node_modules/.bin/pagefind" || ! -d "$tools/node_modules/playwright-core" ]] ||
	! grep -q "\"version\": \"$PAGEFIND_VERSION\"" "$tools/node_modules/pagefind/package.json"; then
	echo "installing pagefind@$PAGEFIND_VERSION and playwright-core@$PLAYWRIGHT_VERSION into $tools…" >&2
	mkdir -p "$tools"
	(cd "$tools" && [[ -f package.json ]] || echo '{"private":true}' >"$tools/package.json")
	(cd "$tools" && npm install --no-audit --no-fund --loglevel=error --save-exact \
		"pagefind@$PAGEFIND_VERSION" "playwright-core@$PLAYWRIGHT_VERSION" >/dev/null)
fi
pagefind=$tools/node_modules/.bin/pagefind

shm=/dev/shm
[[ -d $shm && -w $shm ]] || shm=${TMPDIR:-/tmp}
tmp=$(mktemp -d "$shm/cabildo-search.XXXXXX")
cleanup() { if [[ -n "${KEEP:-}" ]]; then echo "kept $tmp" >&2; else rm -rf "$tmp"; fi; }
trap cleanup EXIT
trap 'exit 130' INT TERM

go build -o "$tmp/gen" ./bench/gen
go build -o "$tmp/cabildo" ./cmd/cabildo
echo "generating $N items (seed $SEED)…" >&2
"$tmp/gen" -n "$N" -seed "$SEED" -out "$tmp/site" 2>/dev/null

seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'; }
echo "building with cabildo…" >&2
timev=()
if /usr/bin/time --version 2>&1 | grep -q GNU; then timev=(/usr/bin/time -v -o "$tmp/time.txt"); fi
t0=$(date +%s%N)
"${timev[@]}" "$tmp/cabildo" build -q -src "$tmp/site" -out "$tmp/out" -now 2026-11-27T12:00:00-03:00
t1=$(date +%s%N)
cabildo_build=$(seconds "$t0" "$t1")
peak=""
if [[ -f "$tmp/time.txt" ]]; then peak=", peak memory $(awk '/Maximum resident/ { printf "%.0f MiB", $NF / 1024 }' "$tmp/time.txt")"; fi

# Pagefind indexes what Cabildo published: the pages of items (the lists,
# archives and the search page would only repeat them), the text in
# <main> (not the menus and footer every page repeats).
echo "running pagefind $PAGEFIND_VERSION on cabildo's output…" >&2
t0=$(date +%s%N)
"$pagefind" --site "$tmp/out" --root-selector main --output-subdir pagefind \
	--glob '{prensa/*/index.html,eventos/*/index.html,lobby/audiencias/*/index.html,lobby/viajes/*/index.html,lobby/donativos/*/index.html,informes/*/index.html,contactos/index.html}' \
	>"$tmp/pagefind.log" 2>&1 || { tail -20 "$tmp/pagefind.log" >&2; exit 1; }
t1=$(date +%s%N)
pagefind_build=$(seconds "$t0" "$t1")
mkdir -p "$tmp/out/pagefind-buscar"
cp bench/search-pagefind.html "$tmp/out/pagefind-buscar/index.html"
cp bench/search-pagefind.js "$tmp/out/pagefind-buscar/buscar.js"

size() { # files, MiB raw and MiB gzip of a folder's files
	find "$1" -type f | awk 'END { printf "%d files", NR }'
	du -sb "$1" | awk '{ printf ", %.1f MiB", $1 / 1048576 }'
}

echo
echo "N=$N items, $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "cabildo build (whole site, search index included): ${cabildo_build} s${peak}"
echo "pagefind on that output (extra):                    ${pagefind_build} s ($(grep -o 'Indexed [0-9,]* pages' "$tmp/pagefind.log" | head -1))"
echo "cabildo index (/buscar/indice/): $(size "$tmp/out/buscar/indice")"
echo "pagefind index (/pagefind/):     $(size "$tmp/out/pagefind")"
echo
PLAYWRIGHT_FROM=$tools/node_modules CHROMIUM=$chromium node bench/search.mjs "$tmp/out"
