#!/usr/bin/env bash
# Compare a full Cabildo build with a full Hugo build of the same synthetic
# content, plus Cabildo's no-change rebuild.
#
#   bash bench/compare.sh [N]        # N items, default 10000
#
# Environment:
#   RUNS=5          measured runs per tool (after one warm-up each)
#   SEED=1          generator seed
#   ONLY=hugo       measure only Hugo (or ONLY=cabildo); default both
#   KEEP=1          keep the temporary directory and print its path
#
# Everything (sources and outputs) lives on tmpfs (/dev/shm) so the disk
# does not add noise; each tool reads its own copy of the same Markdown.
# Runs alternate between the tools, and which goes first flips every
# iteration, so slow drift in machine load hits both alike.
set -euo pipefail

N=${1:-10000}
RUNS=${RUNS:-5}
SEED=${SEED:-1}
ONLY=${ONLY:-}
case "$ONLY" in "" | hugo | cabildo) ;; *) echo "ONLY must be hugo or cabildo, got '$ONLY'" >&2; exit 2 ;; esac
[[ "$N" =~ ^[0-9]+$ ]] || { echo "usage: $0 [N]  (N items, default 10000)" >&2; exit 2; }
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "RUNS must be a positive integer" >&2; exit 2; }

cd "$(dirname "${BASH_SOURCE[0]}")/.."

want_cabildo() { [[ "$ONLY" != hugo ]]; }
want_hugo() { [[ "$ONLY" != cabildo ]]; }

# ---- tools ---------------------------------------------------------------

apt_updated=
apt_install() {
	if [[ $(id -u) != 0 ]]; then
		echo "missing $*; install it (apt-get install $*) or run as root" >&2
		exit 1
	fi
	if [[ -z "$apt_updated" ]]; then
		apt-get update -qq
		apt_updated=1
	fi
	# --no-install-recommends: Debian's hugo recommends golang-go, which
	# would drop an old Go toolchain into /usr/bin.
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if ! /usr/bin/time --version 2>&1 | grep -q GNU; then
	echo "installing GNU time…" >&2
	apt_install time
fi
if want_hugo && ! command -v hugo >/dev/null; then
	echo "installing hugo…" >&2
	apt_install hugo
fi
command -v go >/dev/null || { echo "go is not on PATH" >&2; exit 1; }

# ---- workspace -----------------------------------------------------------

shm=/dev/shm
[[ -d $shm && -w $shm ]] || { echo "warning: /dev/shm unavailable; using ${TMPDIR:-/tmp} (disk adds noise)" >&2; shm=${TMPDIR:-/tmp}; }
tmp=$(mktemp -d "$shm/cabildo-bench.XXXXXX")
# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() {
	if [[ -n "${KEEP:-}" ]]; then
		echo "kept $tmp" >&2
	else
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

go build -o "$tmp/gen" ./bench/gen
if want_cabildo; then
	if ! go build -o "$tmp/cabildo.linked" ./cmd/cabildo; then
		echo "error: cannot build ./cmd/cabildo (set ONLY=hugo to measure Hugo alone)" >&2
		exit 1
	fi
	# A copy, not the linker's file: Linux maps a freshly linked program's
	# text in 2 MB pages (the linker writes it through mmap), which adds
	# some 7 MB of file pages to its peak RSS that an installed copy does
	# not have (bench/README.md, «Memory»).
	cp "$tmp/cabildo.linked" "$tmp/cabildo" && rm "$tmp/cabildo.linked"
fi

echo "generating $N items (seed $SEED)…" >&2
"$tmp/gen" -n "$N" -seed "$SEED" -out "$tmp/site" -hugo "$tmp/hugosite"

# ---- measurement ---------------------------------------------------------

# measure NAME CMD… runs CMD under GNU time and appends "wall-seconds
# peak-kbytes cpu-seconds" to $tmp/NAME.samples. A failing tool aborts the benchmark with its output.
measure() {
	local name=$1
	shift
	if ! /usr/bin/time -v -o "$tmp/time.txt" "$@" >"$tmp/run.log" 2>&1; then
		echo "error: $name failed: $*" >&2
		tail -n 40 "$tmp/run.log" >&2
		exit 1
	fi
	awk '
		/Elapsed \(wall clock\) time/ {
			n = split($NF, p, ":")          # h:mm:ss or m:ss.ss
			s = 0
			for (i = 1; i <= n; i++) s = s * 60 + p[i]
		}
		/Maximum resident set size/ { kb = $NF }
		/User time \(seconds\)|System time \(seconds\)/ { cpu += $NF }
		END { printf "%.3f %d %.3f\n", s, kb, cpu }
	' "$tmp/time.txt" >>"$tmp/$name.samples"
}

run_cabildo() { # full build into a fresh output, then a no-change rebuild
	rm -rf "$tmp/out-cabildo"
	measure "${1:-cabildo}" "$tmp/cabildo" build -src "$tmp/site" -out "$tmp/out-cabildo"
	measure "${2:-rebuild}" "$tmp/cabildo" build -src "$tmp/site" -out "$tmp/out-cabildo"
}
run_hugo() {
	rm -rf "$tmp/out-hugo"
	measure "${1:-hugo}" hugo --source "$tmp/hugosite" --destination "$tmp/out-hugo" \
		--cacheDir "$tmp/hugo-cache" --quiet
}

if want_hugo; then hugo version >&2; fi
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "warm-up…" >&2
if want_cabildo; then run_cabildo warmup-cabildo warmup-rebuild; fi
if want_hugo; then run_hugo warmup-hugo; fi

for ((i = 1; i <= RUNS; i++)); do
	echo "run $i/$RUNS…" >&2
	if ((i % 2)); then
		if want_cabildo; then run_cabildo; fi
		if want_hugo; then run_hugo; fi
	else
		if want_hugo; then run_hugo; fi
		if want_cabildo; then run_cabildo; fi
	fi
done

# ---- report --------------------------------------------------------------

# median COLUMN FILE
median() {
	cut -d' ' -f"$1" "$2" | sort -g | awk '
		{ a[NR] = $1 }
		END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
tree_size() { # files and MiB of an output tree
	printf '%s files, %s MiB' "$(find "$1" -type f | wc -l)" "$(du -sk "$1" | awk '{ printf "%.1f", $1 / 1024 }')"
}

echo
echo "N=$N items, $RUNS runs each after one warm-up, $(nproc) CPUs, median values"
# Wall time suffers when other work shares the machine; CPU time (user+sys)
# much less so. Compare the load average with the CPU count before trusting
# wall times.
echo "load average before: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg)"
if want_hugo; then echo "hugo: $(hugo version | cut -d' ' -f2)"; fi
printf '%-26s %10s %10s %15s\n' "" "wall (s)" "CPU (s)" "peak RSS (MiB)"
declare -A wall rss cpu
for name in cabildo rebuild hugo; do
	[[ -s "$tmp/$name.samples" ]] || continue
	wall[$name]=$(median 1 "$tmp/$name.samples")
	rss[$name]=$(median 2 "$tmp/$name.samples")
	cpu[$name]=$(median 3 "$tmp/$name.samples")
	label=$name
	[[ $name == rebuild ]] && label="cabildo no-change rebuild"
	[[ $name == cabildo ]] && label="cabildo full build"
	[[ $name == hugo ]] && label="hugo full build"
	printf '%-26s %10.3f %10.3f %15s\n' "$label" "${wall[$name]}" "${cpu[$name]}" "$(mib "${rss[$name]}")"
done
if want_cabildo && want_hugo; then
	printf '%-26s %10s %10s %15s\n' "cabildo / hugo" "$(ratio "${wall[cabildo]}" "${wall[hugo]}")" \
		"$(ratio "${cpu[cabildo]}" "${cpu[hugo]}")" "$(ratio "${rss[cabildo]}" "${rss[hugo]}")"
fi
if want_cabildo; then
	printf '%-26s %10s %10s %15s\n' "rebuild / full build" "$(ratio "${wall[rebuild]}" "${wall[cabildo]}")" \
		"$(ratio "${cpu[rebuild]}" "${cpu[cabildo]}")" "$(ratio "${rss[rebuild]}" "${rss[cabildo]}")"
fi
echo
if want_cabildo; then echo "cabildo output: $(tree_size "$tmp/out-cabildo")"; fi
if want_hugo; then echo "hugo output:    $(tree_size "$tmp/out-hugo")"; fi
echo "samples (wall-s peak-KiB cpu-s), per run:"
for name in cabildo rebuild hugo; do
	if [[ -s "$tmp/$name.samples" ]]; then echo "  $name: $(tr '\n' ';' <"$tmp/$name.samples")"; fi
done
exit 0
