#!/usr/bin/env bash
# How fast is Cabildo against Hugo on the same generated site, in one run:
# first the full build of each into an empty folder (BUILDS runs each:
# wall, CPU, peak memory), then how long after a save the served page
# shows it, `cabildo serve` against `hugo server` side by side: for each
# kind of edit (a press release's body, its title, an event's start time, a
# new release, a deleted one), EDITS edits per server, each polled over
# HTTP every 5 ms until the page shows it; p50 and p95 per kind. Then a
# no-change `cabildo build` of the edited site must write nothing.
#
#   bash bench/serve-latency.sh [N]     # N items, default 10000
#
# Environment:
#   EDITS=20        edits of each kind, per server
#   BUILDS=3        full builds of each site, after one warm-up (0: none)
#   HUGO=hugo       the hugo program (0.165.0 measured; `go install
#                   github.com/gohugoio/hugo@v0.165.0` puts it in ~/go/bin)
#   HUGOFLAGS=…     more flags for `hugo server` (e.g. --disableFastRender)
#   KEEP=DIR        work in DIR (must not exist) and keep it: both sites,
#                   both servers' logs
#   AGAINST=PROG    another cabildo program in Hugo's place, on a copy of
#                   the site: two versions side by side, so that the
#                   machine's drift falls on both (Hugo is not needed)
#
# Both servers run for the whole benchmark and are stopped at the end, on
# an error or on Ctrl+C (the driver is their parent; on Linux the kernel
# kills them if the driver dies). See bench/README.md («Serve»).
set -euo pipefail

N=${1:-10000}
EDITS=${EDITS:-20}
BUILDS=${BUILDS:-3}
[[ "$N" =~ ^[1-9][0-9]*$ && "$EDITS" =~ ^[1-9][0-9]*$ && "$BUILDS" =~ ^[0-9]+$ ]] || { echo "usage: $0 [N]  (N items; EDITS a positive integer, BUILDS a number)" >&2; exit 2; }

cd "$(dirname "${BASH_SOURCE[0]}")/.."
HUGO=${HUGO:-$(command -v hugo || echo "$HOME/go/bin/hugo")}
[[ -n "${AGAINST:-}" || -x "$HUGO" ]] || { echo "no hugo: set HUGO=/path/to/hugo or go install github.com/gohugoio/hugo@v0.165.0" >&2; exit 2; }
[[ -z "${AGAINST:-}" || -x "$AGAINST" ]] || { echo "AGAINST=$AGAINST is not a program" >&2; exit 2; }

# The programs, and the work folder (both sites, both servers' output) on
# tmpfs when there is one: removed at the end however the driver ends,
# unless KEEP names a folder to keep.
shm=/dev/shm
[[ -d $shm && -w $shm ]] || shm=${TMPDIR:-/tmp}
bin=$(mktemp -d "$shm/cabildo-latency.XXXXXX")
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/cabildo.linked" ./cmd/cabildo
# A copy, not the linker's file: Linux maps a freshly linked program's
# text in 2 MB pages (the linker writes it through mmap), which adds some
# 7 MB of file pages to its peak RSS that an installed copy does not have
# (bench/README.md, «Memory»).
cp "$bin/cabildo.linked" "$bin/cabildo" && rm "$bin/cabildo.linked"
go build -o "$bin/latency" ./bench/latency

args=(-cabildo "$bin/cabildo" -hugo "$HUGO" -n "$N" -edits "$EDITS" -builds "$BUILDS")
[[ -n "${HUGOFLAGS:-}" ]] && args+=(-hugoflags "$HUGOFLAGS")
[[ -n "${AGAINST:-}" ]] && args+=(-against "$(realpath "$AGAINST")")
args+=(-dir "${KEEP:-$bin/work}")
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) CPUs, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# In the background, so that a TERM or INT for this script reaches the
# driver at once (bash runs traps only after a foreground child ends); the
# driver stops both servers and removes its folder before it exits.
"$bin/latency" "${args[@]}" &
driver=$!
trap 'kill -TERM "$driver" 2>/dev/null' TERM INT
status=0
wait "$driver" || status=$?
if kill -0 "$driver" 2>/dev/null; then wait "$driver" || status=$?; fi # a trap interrupted the first wait
((status == 0)) || exit "$status"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
