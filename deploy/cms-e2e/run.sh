#!/usr/bin/env bash
# End-to-end test of the web editor /admin/ (Decap CMS): `cabildo serve` and
# Decap's local backend (decap-server) on a temporary copy of the example
# site, headless Chromium creating a press release with a photo and an event
# through the editor (e2e.mjs). Then: the files are in content/, `cabildo
# check` accepts them, and the built site shows both.
#
#   bash deploy/cms-e2e/run.sh            (CI: .ci/run)
#   SHOT=docs/cms-prensa.png bash deploy/cms-e2e/run.sh   also saves the README's screenshot
#
# Needs Go, Node 20+, npm and Chromium (installed with apt-get if missing);
# npm packages come from package-lock.json (npm ci). Port 8081 must be
# free: it is where Decap looks for decap-server.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
pass=0 fail=0
ok() { echo "PASS: $*"; pass=$((pass + 1)); }
ko() { echo "FAIL: $*"; fail=$((fail + 1)); }

chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$chromium" ]; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-liberation) >/dev/null 2>&1 ||
    { echo "FAIL: no se pudo instalar chromium"; exit 2; }
  chromium=$(command -v chromium)
fi
(cd "$here" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error) || { echo "FAIL: npm ci"; exit 2; }

tmp=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
if curl -s -o /dev/null "http://127.0.0.1:8081/"; then
  echo "FAIL: el puerto 8081 está ocupado (Decap busca ahí a decap-server)"; exit 2
fi
(cd "$root" && go build -o "$tmp/cabildo" ./cmd/cabildo) || { echo "FAIL: go build"; exit 2; }
mkdir -p "$tmp/site"
cp -r "$root/content" "$tmp/site/"
# The photo an editor uploads: a JPEG file of their own, named by them.
cp "$root/content/prensa/2026-11-20-plaza-los-aromos/plaza.jpg" "$tmp/foto-biblioteca.jpg"
# One clock for serve, check and build: the release (26 Nov) is published,
# the event (12 Dec) upcoming.
now=2026-12-01T12:00:00-03:00

"$tmp/cabildo" serve -src "$tmp/site" -addr "127.0.0.1:$port" -now "$now" >"$tmp/serve.log" 2>&1 &
pids+=($!)
GIT_REPO_DIRECTORY="$tmp/site" PORT=8081 BIND_HOST=127.0.0.1 LOG_LEVEL=warn \
  node "$here/node_modules/decap-server/dist/index.js" >"$tmp/decap-server.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  curl -s -o /dev/null "http://127.0.0.1:$port/admin/" && curl -s -o /dev/null "http://127.0.0.1:8081/api/v1" -X POST -H 'Content-Type: application/json' -d '{"action":"info"}' && break
  sleep 0.1
done

shot=${SHOT:-}
[ -n "$shot" ] && shot=$(cd "$(dirname "$shot")" && pwd)/$(basename "$shot")
if (cd "$here" && BASE="http://127.0.0.1:$port" PHOTO="$tmp/foto-biblioteca.jpg" SHOT="$shot" CHROMIUM="$chromium" \
    FAILSHOT="$tmp/fallo.png" node e2e.mjs); then
  ok "el editor guardó el comunicado y el evento (e2e.mjs)"
else
  ko "e2e.mjs (registro de serve: $(tail -3 "$tmp/serve.log" | tr '\n' ' '); decap-server: $(tail -3 "$tmp/decap-server.log" | tr '\n' ' '))"
fi

release=content/prensa/2026-11-26-vecinos-estrenan-la-biblioteca-del-barrio-norte
event=content/eventos/2026-12-12-cuentacuentos-en-la-biblioteca-norte
[ -f "$tmp/site/$release/index.md" ] && ok "$release/index.md" || ko "no está $release/index.md: $(cd "$tmp/site" && find content/prensa content/eventos -newer "$tmp/cabildo" -type f | tr '\n' ' ')"
[ -f "$tmp/site/$release/foto-biblioteca.jpg" ] && cmp -s "$tmp/site/$release/foto-biblioteca.jpg" "$tmp/foto-biblioteca.jpg" &&
  ok "la foto quedó junto al texto, sin cambios" || ko "no está $release/foto-biblioteca.jpg"
grep -q '^  src: foto-biblioteca.jpg$' "$tmp/site/$release/index.md" 2>/dev/null && grep -q '^draft: false$' "$tmp/site/$release/index.md" &&
  ok "el comunicado nombra la foto por su nombre y no es borrador" || ko "metadatos del comunicado: $(cat "$tmp/site/$release/index.md" 2>/dev/null | head -20 | tr '\n' '|')"
[ -f "$tmp/site/$event/index.md" ] && ok "$event/index.md" || ko "no está $event/index.md"

if "$tmp/cabildo" check -src "$tmp/site" -now "$now" >"$tmp/check.log" 2>&1; then
  ok "cabildo check acepta lo que escribió el editor ($(tail -1 "$tmp/check.log"))"
else
  ko "cabildo check: $(cat "$tmp/check.log")"
fi
if "$tmp/cabildo" build -src "$tmp/site" -now "$now" -out "$tmp/public" >"$tmp/build.log" 2>&1; then
  page=$tmp/public/prensa/2026-11-26-vecinos-estrenan-la-biblioteca-del-barrio-norte/index.html
  grep -q '<h1>Vecinos estrenan la biblioteca del barrio Norte</h1>' "$page" 2>/dev/null &&
    grep -Eq '<img src="/prensa/2026-11-26-vecinos-estrenan-la-biblioteca-del-barrio-norte/foto-biblioteca[-0-9]*\.jpg"[^>]* alt="Niños leen en la sala infantil de la biblioteca"' "$page" &&
    ok "el sitio construido muestra el comunicado con su foto" || ko "página del comunicado: $(grep -o '<h1>[^<]*</h1>\|<img[^>]*>' "$page" 2>/dev/null | head -3 | tr '\n' ' ')"
  grep -q 'href="/prensa/2026-11-26-vecinos-estrenan-la-biblioteca-del-barrio-norte/"' "$tmp/public/prensa/index.html" &&
    ok "la lista de prensa enlaza el comunicado" || ko "la lista de prensa no enlaza el comunicado"
  grep -q '<h1>Cuentacuentos en la biblioteca Norte</h1>' "$tmp/public/eventos/2026-12-12-cuentacuentos-en-la-biblioteca-norte/index.html" 2>/dev/null &&
    grep -q 'href="/eventos/2026-12-12-cuentacuentos-en-la-biblioteca-norte/"' "$tmp/public/eventos/index.html" &&
    ok "el sitio construido muestra el evento y lo lista entre los próximos" || ko "el evento no aparece en el sitio construido"
  grep -q 'SUMMARY:Cuentacuentos en la biblioteca Norte' "$tmp/public/eventos/calendario.ics" &&
    ok "el evento está en el calendario .ics" || ko "el evento no está en eventos/calendario.ics"
else
  ko "cabildo build: $(cat "$tmp/build.log")"
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
