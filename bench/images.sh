#!/usr/bin/env bash
# Image benchmark: N press releases, each a bundle with one 4000×3000 phone
# photo (noise over a scene, so it does not compress to nothing, with the
# GPS position, make, model, name, thumbnail, XMP, IPTC and ICC metadata of
# internal/imaging/testdata/phone.jpg), built by Cabildo and by Hugo doing
# the same work: the photo at most 2400 px wide in JPEG, and 480, 800,
# 1200 and 1600 px wide in WebP and JPEG.
#
#   bash bench/images.sh [N]     # N releases, default 200
#
# Measures, with GNU time: the first build (empty caches), the rebuild
# with a warm cache (Cabildo: build -force; Hugo: a second run) and
# Cabildo's rebuild of the same site without photos (these two: the
# median wall time of RUNS runs each, default 9). Needs hugo on PATH
# (go install github.com/gohugoio/hugo@v0.165.0); KEEP=1 keeps the files.
set -euo pipefail
N=${1:-200}
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v hugo >/dev/null || { echo "hugo is not on PATH: go install github.com/gohugoio/hugo@v0.165.0" >&2; exit 1; }
/usr/bin/time --version 2>&1 | grep -q GNU || { echo "needs GNU time (apt-get install time)" >&2; exit 1; }

work=$(mktemp -d /dev/shm/cabildo-images.XXXXXX)
[[ -n "${KEEP:-}" ]] && echo "keeping $work" >&2 || trap 'rm -rf "$work"' EXIT
go build -tags nodynamic -o "$work/cabildo.linked" ./cmd/cabildo
# A copy, not the linker's file: Linux maps a freshly linked program's
# text in 2 MB pages (the linker writes it through mmap), which adds some
# 7 MB of file pages to its peak RSS that an installed copy does not have
# (bench/README.md, «Memory»).
cp "$work/cabildo.linked" "$work/cabildo" && rm "$work/cabildo.linked"
go build -o "$work/photos" ./bench/photos

# ---- sites ----------------------------------------------------------------
cab=$work/cabildo-site; bare=$work/cabildo-bare; hs=$work/hugo-site
mkdir -p "$cab/content/prensa" "$bare/content/prensa" "$hs/content/prensa" "$hs/layouts"
site_yaml='title: "Gabinete"
organization: "Municipalidad de Banco"
base_url: "https://www.banco.cl"
timezone: America/Santiago'
echo "$site_yaml" >"$cab/content/site.yaml"
echo "$site_yaml" >"$bare/content/site.yaml"
photos=()
for i in $(seq 1 "$N"); do
	slug=$(printf '2026-10-%02d-comunicado-%04d' $((i % 28 + 1)) "$i")
	date=$(printf '2026-10-%02dT10:00' $((i % 28 + 1)))
	body="La Municipalidad informa sobre la actividad número $i, realizada con vecinos del sector."
	mkdir -p "$cab/content/prensa/$slug" "$bare/content/prensa/$slug" "$hs/content/prensa/$slug"
	printf -- '---\ntitle: "Comunicado %d"\ndate: %s\nsummary: "Resumen del comunicado %d."\nimage: { src: foto.jpg, alt: "Vecinos en la actividad %d" }\n---\n%s\n' \
		"$i" "$date" "$i" "$i" "$body" >"$cab/content/prensa/$slug/index.md"
	printf -- '---\ntitle: "Comunicado %d"\ndate: %s\nsummary: "Resumen del comunicado %d."\n---\n%s\n' \
		"$i" "$date" "$i" "$body" >"$bare/content/prensa/$slug/index.md"
	printf -- '---\ntitle: "Comunicado %d"\ndate: %s:00-03:00\nsummary: "Resumen del comunicado %d."\n---\n%s\n' \
		"$i" "$date" "$i" "$body" >"$hs/content/prensa/$slug/index.md"
	photos+=("$cab/content/prensa/$slug/foto.jpg")
done
echo "generating $N photos of 4000×3000…" >&2
"$work/photos" -w 4000 -h 3000 -q 92 -noise 24 -orientation 1 "${photos[@]}"
for p in "${photos[@]}"; do
	rel=${p#"$cab/"}
	cp "$p" "$hs/$rel"
done
du -sh "$cab/content/prensa" >&2

cat >"$hs/hugo.toml" <<'TOML'
baseURL = "https://www.banco.cl/"
languageCode = "es-CL"
title = "Gabinete"
disableKinds = ["taxonomy", "term", "rss", "sitemap", "robotsTXT", "404"]
[imaging]
  quality = 82
TOML
cat >"$hs/layouts/page.html" <<'TPL'
<!doctype html><html lang="es-CL"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>
{{ with .Resources.GetMatch "foto.jpg" }}{{ $img := . }}{{ $own := $img.Process "resize 2400x jpg q88" }}{{ $webp := slice }}{{ $jpg := slice }}{{ range slice 480 800 1200 1600 }}{{ $w := $img.Process (printf "resize %dx webp q75" .) }}{{ $j := $img.Process (printf "resize %dx jpg q82" .) }}{{ $webp = $webp | append (printf "%s %dw" $w.RelPermalink $w.Width) }}{{ $jpg = $jpg | append (printf "%s %dw" $j.RelPermalink $j.Width) }}{{ end }}
<picture><source type="image/webp" srcset="{{ delimit $webp ", " }}"><img src="{{ $own.RelPermalink }}" srcset="{{ delimit $jpg ", " }}" width="{{ $own.Width }}" height="{{ $own.Height }}" alt=""></picture>{{ end }}
{{ .Content }}</body></html>
TPL
cat >"$hs/layouts/list.html" <<'TPL'
<!doctype html><html lang="es-CL"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>
TPL

# ---- runs -------------------------------------------------------------------
results=$work/results
: >"$results"
measure() { # name, command…
	local name=$1; shift
	/usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" >"$work/out" 2>&1 || { cat "$work/out" >&2; exit 1; }
	read -r wall user sys rss <"$work/t"
	printf '%-34s %8.2f %8.2f %10.0f\n' "$name" "$wall" "$(echo "$user + $sys" | bc)" "$((rss / 1024))" | tee -a "$results"
}
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-34s %8s %8s %10s\n' "N=$N photos, $(nproc) CPUs" "wall (s)" "CPU (s)" "RSS (MiB)"
measure "cabildo first build"          "$work/cabildo" build -q -src "$cab" -out "$work/out-cab"
"$work/cabildo" build -q -src "$bare" -out "$work/out-bare" >/dev/null
# The rebuilds take a tenth of a second, near GNU time's resolution of
# 10 ms: each is the median of RUNS runs, alternating the two sites.
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
RUNS=${RUNS:-9}
for i in $(seq "$RUNS"); do
	for s in cab bare; do
		d=$cab; [[ $s == bare ]] && d=$bare
		s0=$(date +%s%N)
		"$work/cabildo" build -q -force -src "$d" -out "$work/out-$s" >/dev/null
		echo $(( ($(date +%s%N) - s0) / 1000 )) >>"$work/rebuild-$s"
	done
done
printf '%-34s %8.3f %8s %10s\n' "cabildo warm rebuild (-force)" "$(median <"$work/rebuild-cab" | awk '{ print $1 / 1e6 }')" - - | tee -a "$results"
printf '%-34s %8.3f %8s %10s\n' "cabildo no photos (-force)" "$(median <"$work/rebuild-bare" | awk '{ print $1 / 1e6 }')" - - | tee -a "$results"
measure "hugo first build"              hugo --quiet -s "$hs" -d "$work/out-hugo"
measure "hugo warm rebuild"             hugo --quiet -s "$hs" -d "$work/out-hugo"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk '
	{ name=substr($0, 1, 34); sub(/ +$/, "", name); split(substr($0, 35), f, " "); wall[name]=f[1] }
	END {
		printf "cabildo first / hugo first:           %.2f×\n", wall["cabildo first build"] / wall["hugo first build"]
		printf "cabildo warm rebuild / no photos:     %.2f×\n", wall["cabildo warm rebuild (-force)"] / wall["cabildo no photos (-force)"]
		printf "hugo warm rebuild / cabildo warm:     %.2f×\n", wall["hugo warm rebuild"] / wall["cabildo warm rebuild (-force)"]
	}' "$results"
# What each published: the same files for the same photo?
echo "cabildo files per photo: $(ls "$work/out-cab/prensa/$(ls "$work/out-cab/prensa" | grep comunicado | head -1)" | grep -c -E '\.(jpg|webp)$')"
echo "hugo files per photo:    $(find "$work/out-hugo/prensa" -name '*.webp' -o -name '*.jpg' | wc -l) / $N"
