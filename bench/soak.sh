#!/usr/bin/env bash
# A day of editing under `cabildo serve`: generate a site, make EDITS edits
# of every kind (texts, titles, event times, new, deleted and renamed files,
# and every 50 edits a `git checkout` of a branch that changes MASS files),
# and print serve's resident memory, goroutines and open files every EVERY
# edits, the rebuild time percentiles, and whether the served site is byte
# for byte a fresh `cabildo build` of the same files.
#
#   bash bench/soak.sh [N] [EDITS]     # default 10000 items, 1000 edits
#
# Environment:
#   EVERY=100       sample every so many edits
#   MASS=500        files the branch switch changes
#   SEED=1          choice of edits
#   KEEP=DIR        work in DIR (must not exist) and keep it
#   MEMPROFILE=F    serve writes its live heap to F when it ends
#
# Needs git. See bench/README.md («Soak»).
set -euo pipefail

N=${1:-10000}
EDITS=${2:-1000}
EVERY=${EVERY:-100}
MASS=${MASS:-500}
SEED=${SEED:-1}
[[ "$N" =~ ^[0-9]+$ && "$EDITS" =~ ^[0-9]+$ ]] || { echo "usage: $0 [N] [EDITS]" >&2; exit 2; }
command -v git >/dev/null || { echo "soak.sh needs git" >&2; exit 2; }

cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/cabildo.linked" ./cmd/cabildo
# A copy, not the linker's file: Linux maps a freshly linked program's
# text in 2 MB pages (the linker writes it through mmap), which adds some
# 7 MB of file pages to its peak RSS that an installed copy does not have
# (bench/README.md, «Memory»).
cp "$bin/cabildo.linked" "$bin/cabildo" && rm "$bin/cabildo.linked"
go build -o "$bin/soak" ./bench/soak

args=(-cabildo "$bin/cabildo" -n "$N" -edits "$EDITS" -every "$EVERY" -mass "$MASS" -seed "$SEED")
[[ -n "${KEEP:-}" ]] && args+=(-dir "$KEEP")
[[ -n "${MEMPROFILE:-}" ]] && args+=(-memprofile "$MEMPROFILE")
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs"
"$bin/soak" "${args[@]}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
