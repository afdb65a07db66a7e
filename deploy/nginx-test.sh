#!/usr/bin/env bash
# Serves a built Cabildo site with the shipped nginx configuration on
# 127.0.0.1 (a free port, a temporary prefix; the system's nginx and its
# configuration are never touched) and checks with curl what citizens,
# calendars and feed readers get: status codes, media types, redirects,
# the 404 page, security and cache headers, compression.
#
#   bash deploy/nginx-test.sh OUT_DIR      (OUT_DIR: what `cabildo build -out` wrote)
#
# Prints one PASS/FAIL line per check, then "N passed, M failed"; exits 1 if
# any check failed. Installs Debian's nginx-light if there is no nginx.
set -uo pipefail
out=${1:?uso: nginx-test.sh CARPETA_PUBLICADA}
out=$(cd "$out" && pwd) || exit 2
here=$(cd "$(dirname "$0")" && pwd)

if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  echo "nginx no está instalado: apt-get install nginx-light"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light) >/dev/null 2>&1 ||
    (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx) >/dev/null 2>&1 || { echo "FAIL: no se pudo instalar nginx"; exit 2; }
fi
nginx=$(command -v nginx || echo /usr/sbin/nginx)

tmp=$(mktemp -d)
pidfile=$tmp/nginx.pid
cleanup() {
  local pid
  pid=$(cat "$pidfile" 2>/dev/null)
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo $((20000 + RANDOM % 20000)))
base="http://127.0.0.1:$port"

mkdir -p "$tmp/cabildo" "$tmp/logs"
cp "$here/nginx-headers.conf" "$here/nginx-admin.conf" "$tmp/cabildo/"
redirects=$out/redirects.map
[ -f "$redirects" ] || { : >"$tmp/redirects.map"; redirects=$tmp/redirects.map; }
retired=$out/retired.map
[ -f "$retired" ] || { : >"$tmp/retired.map"; retired=$tmp/retired.map; }
sed -e "s#/srv/cabildo/public/redirects.map#$redirects#" -e "s#/srv/cabildo/public/retired.map#$retired#" \
    "$here/nginx-http.conf" >"$tmp/cabildo/http.conf"
sed -e "s#listen 80;#listen 127.0.0.1:$port;#" -e "s#server_name .*;#server_name localhost;#" \
    -e "s#root /srv/cabildo/public;#root $out;#" -e "s#/etc/nginx/cabildo/#$tmp/cabildo/#g" \
    "$here/nginx-site.conf" >"$tmp/cabildo/site.conf"
user=""
# A root master would run workers as nobody, who may not cross a private
# temporary folder; this throwaway server on 127.0.0.1 keeps the caller's user.
[ "$(id -u)" = 0 ] && user="user root root;"
mime=/etc/nginx/mime.types
cat >"$tmp/nginx.conf" <<CONF
$user
worker_processes 1;
pid $pidfile;
error_log $tmp/logs/error.log warn;
events { worker_connections 64; }
http {
    include $mime;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path $tmp/body;
    proxy_temp_path $tmp/proxy;
    fastcgi_temp_path $tmp/fastcgi;
    uwsgi_temp_path $tmp/uwsgi;
    scgi_temp_path $tmp/scgi;
    include $tmp/cabildo/http.conf;
    include $tmp/cabildo/site.conf;
}
CONF

if ! "$nginx" -t -p "$tmp" -c "$tmp/nginx.conf" >"$tmp/logs/test.log" 2>&1; then
  echo "FAIL: la configuración no es válida:"; cat "$tmp/logs/test.log"; exit 1
fi
"$nginx" -p "$tmp" -c "$tmp/nginx.conf" || { echo "FAIL: nginx no arrancó"; cat "$tmp/logs/error.log"; exit 1; }
for _ in $(seq 50); do curl -s -o /dev/null "$base/" && break; sleep 0.1; done

pass=0 fail=0
ok() { echo "PASS: $*"; pass=$((pass + 1)); }
ko() { echo "FAIL: $*"; fail=$((fail + 1)); }

# fetch URL: sets $status, $headers (lower-case names) and the body in $tmp/body.out.
fetch() {
  local url=$1; shift
  headers=$(curl -s --path-as-is -D - -o "$tmp/body.out" "$@" "$base$url" | tr -d '\r')
  status=$(printf '%s\n' "$headers" | head -1 | awk '{print $2}')
  headers=$(printf '%s\n' "$headers" | sed 's/^\([^:]*\):/\L\1:/')
}
header() { printf '%s\n' "$headers" | sed -n "s/^$1: //p" | head -1; }

csp_want="default-src 'self'; script-src 'self'; style-src 'self'"
# check URL STATUS TYPE CACHE: status, exact media type, cache policy and the
# security headers.
check() {
  local url=$1 want_status=$2 want_type=$3 want_cache=$4
  fetch "$url"
  local what="$url"
  [ "$status" = "$want_status" ] && ok "$what → $status" || ko "$what → $status (se esperaba $want_status)"
  [ -z "$want_type" ] || { [ "$(header content-type)" = "$want_type" ] && ok "$what Content-Type $want_type" || ko "$what Content-Type «$(header content-type)» (se esperaba $want_type)"; }
  [ -z "$want_cache" ] || { [ "$(header cache-control)" = "$want_cache" ] && ok "$what Cache-Control $want_cache" || ko "$what Cache-Control «$(header cache-control)» (se esperaba $want_cache)"; }
  case "$(header content-security-policy)" in
    "$csp_want"*"frame-ancestors 'none'"*) ok "$what CSP" ;;
    *) ko "$what sin CSP esperada: «$(header content-security-policy)»" ;;
  esac
  [ "$(header x-content-type-options)" = nosniff ] && [ "$(header x-frame-options)" = DENY ] &&
    [ "$(header referrer-policy)" = strict-origin-when-cross-origin ] && [ -n "$(header permissions-policy)" ] &&
    ok "$what cabeceras de seguridad" || ko "$what faltan cabeceras de seguridad"
}

short="public, max-age=300, must-revalidate"
long="public, max-age=31536000, immutable"
html="text/html; charset=utf-8"

# first PATTERN: the first path under $out matching a find expression, as a URL.
first() { (cd "$out" && find . "$@" 2>/dev/null | sort | head -1 | sed 's#^\.##'); }
dirurl() { local f; f=$(first "$@"); [ -n "$f" ] && echo "${f%index.html}"; }

check / 200 "$html" "$short"
page=$(cd "$out" && for d in */; do d=${d%/}; case $d in prensa|eventos|lobby|contactos|buscar|informes|agenda|assets|noticias) ;; *) [ -f "$d/index.html" ] && { echo "/$d/"; break; } ;; esac; done)
[ -n "$page" ] && check "$page" 200 "$html" "$short"
[ -f "$out/prensa/index.html" ] && check /prensa/ 200 "$html" "$short"
p=$(dirurl -path './prensa/[0-9]*/index.html' -not -path './prensa/[0-9][0-9][0-9][0-9]/*'); [ -n "$p" ] && check "$p" 200 "$html" "$short"
[ -f "$out/prensa/rss.xml" ] && check /prensa/rss.xml 200 "application/rss+xml; charset=utf-8" "$short"
[ -f "$out/prensa/atom.xml" ] && check /prensa/atom.xml 200 "application/atom+xml; charset=utf-8" "$short"
[ -f "$out/eventos/index.html" ] && check /eventos/ 200 "$html" "$short"
e=$(dirurl -path './eventos/[0-9]*/index.html'); [ -n "$e" ] && check "$e" 200 "$html" "$short"
ics=$(first -path './eventos/*/*.ics'); [ -n "$ics" ] && check "$ics" 200 "text/calendar; charset=utf-8" "$short"
[ -f "$out/eventos/calendario.ics" ] && check /eventos/calendario.ics 200 "text/calendar; charset=utf-8" "$short"
a=$(first -path './agenda/*.ics'); [ -n "$a" ] && check "$a" 200 "text/calendar; charset=utf-8" "$short"
[ -f "$out/lobby/index.html" ] && check /lobby/ 200 "$html" "$short"
l=$(dirurl -path './lobby/audiencias/*/index.html'); [ -n "$l" ] && check "$l" 200 "$html" "$short"
csv=$(first -name '*.csv'); [ -n "$csv" ] && check "$csv" 200 "text/csv; charset=utf-8" "$short"
json=$(first -name '*.json' -path './lobby/*'); [ -z "$json" ] && json=$(first -name '*.json')
[ -n "$json" ] && check "$json" 200 "application/json; charset=utf-8" "$short"
[ -f "$out/contactos/index.html" ] && check /contactos/ 200 "$html" "$short"
vcf=$(first -name '*.vcf'); [ -n "$vcf" ] && check "$vcf" 200 "text/vcard; charset=utf-8" "$short"
[ -f "$out/buscar/index.html" ] && check /buscar/ 200 "$html" "$short"
# The directory of authorities and institutions, and its vCards.
if [ -f "$out/instituciones/index.html" ]; then
  check /instituciones/ 200 "$html" "$short"
  ivcf=$(first -path './instituciones/*.vcf'); [ -n "$ivcf" ] && check "$ivcf" 200 "text/vcard; charset=utf-8" "$short"
fi
# The archive of publications: its pages, Atom feed and PDFs.
if [ -f "$out/publicaciones/index.html" ]; then
  check /publicaciones/ 200 "$html" "$short"
  pub=$(dirurl -path './publicaciones/*/index.html' -not -path './publicaciones/[0-9][0-9][0-9][0-9]/*' -not -path './publicaciones/tipo/*' -not -path './publicaciones/pagina/*')
  [ -n "$pub" ] && check "$pub" 200 "$html" "$short"
  [ -f "$out/publicaciones/atom.xml" ] && check /publicaciones/atom.xml 200 "application/atom+xml; charset=utf-8" "$short"
  pdf=$(first -path './publicaciones/*.pdf'); [ -n "$pdf" ] && check "$pdf" 200 "application/pdf" ""
fi
# Quarterly reports and their figures as open data.
[ -f "$out/informes/index.html" ] && check /informes/ 200 "$html" "$short"
r=$(dirurl -path './informes/*-t[1-4]/index.html')
if [ -n "$r" ]; then
  check "$r" 200 "$html" "$short"
  check "${r}resumen.csv" 200 "text/csv; charset=utf-8" "$short"
  check "${r}resumen.json" 200 "application/json; charset=utf-8" "$short"
fi
check /sitemap.xml 200 "application/xml; charset=utf-8" "$short"
check /robots.txt 200 "text/plain; charset=utf-8" "$short"
css=$(first -path './assets/*.css'); [ -n "$css" ] && check "$css" 200 "text/css; charset=utf-8" "$long"
js=$(first -path './assets/*.js'); [ -n "$js" ] && check "$js" 200 "" "$long"

# The 404 page: status 404, the site's own page, security headers.
check /no-existe/ 404 "$html" ""
cmp -s "$tmp/body.out" "$out/404.html" && ok "/no-existe/ muestra 404.html" || ko "/no-existe/ no muestra 404.html"
check /eventos/no-existe.ics 404 "" ""
fetch /redirects.map; [ "$status" = 404 ] && ok "/redirects.map no se publica" || ko "/redirects.map → $status"
fetch "/../../../../etc/passwd"; [ "$status" != 200 ] && ok "/../../etc/passwd → $status" || ko "/../../etc/passwd → 200"

# Folders without the final slash, and aliases: 301 to the right place.
for d in prensa eventos lobby contactos informes instituciones publicaciones; do
  [ -d "$out/$d" ] || continue
  fetch "/$d"
  [ "$status" = 301 ] && [ "$(header location)" = "/$d/" ] && ok "/$d → 301 /$d/" || ko "/$d → $status $(header location) (se esperaba 301 /$d/)"
done
if [ -s "$out/redirects.map" ]; then
  while read -r from to; do
    to=${to%;}
    fetch "$from"
    [ "$status" = 301 ] && [ "$(header location)" = "$to" ] && ok "alias $from → 301 $to" || ko "alias $from → $status «$(header location)» (se esperaba 301 $to)"
    fetch "$to"; [ "$status" = 200 ] && ok "destino del alias $to → 200" || ko "destino del alias $to → $status"
  done < <(grep -v '^\s*#' "$out/redirects.map" | head -5)
else
  echo "(el sitio no tiene alias: no hay redirecciones que comprobar)"
fi
fetch /retired.map; [ "$status" = 404 ] && ok "/retired.map no se publica" || ko "/retired.map → $status"
fetch /.cabildo; [ "$status" = 404 ] && ok "/.cabildo no se publica" || ko "/.cabildo → $status"

# Retired URLs (retired: in site.yaml): 410 with the site's /410.html.
if [ -s "$out/retired.map" ]; then
  while read -r gone _; do
    check "$gone" 410 "$html" ""
    cmp -s "$tmp/body.out" "$out/410.html" && ok "$gone muestra 410.html" || ko "$gone no muestra 410.html"
  done < <(grep -v '^\s*#' "$out/retired.map" | head -4)
else
  echo "(el sitio no retira direcciones: no hay 410 que comprobar)"
fi

# The web editor /admin/ (when the site has one): its own CSP, exactly the
# one of nginx-admin.conf, while every other page keeps the strict policy
# (checked above by check, and here: no 'unsafe-' anywhere else).
if [ -f "$out/admin/index.html" ]; then
  admin_csp=$(sed -n 's/^add_header Content-Security-Policy "\([^"]*\)".*/\1/p' "$here/nginx-admin.conf")
  fetch /admin/
  [ "$status" = 200 ] && [ "$(header content-type)" = "$html" ] && ok "/admin/ → 200 $html" || ko "/admin/ → $status «$(header content-type)»"
  [ -n "$admin_csp" ] && [ "$(header content-security-policy)" = "$admin_csp" ] && ok "/admin/ tiene la CSP del editor (nginx-admin.conf)" || ko "/admin/ CSP «$(header content-security-policy)» (se esperaba la de nginx-admin.conf)"
  [ "$(header x-robots-tag)" = "noindex, nofollow" ] && ok "/admin/ X-Robots-Tag noindex" || ko "/admin/ sin X-Robots-Tag noindex"
  [ "$(header x-content-type-options)" = nosniff ] && [ "$(header x-frame-options)" = DENY ] &&
    [ "$(header referrer-policy)" = strict-origin-when-cross-origin ] && ok "/admin/ cabeceras de seguridad" || ko "/admin/ faltan cabeceras de seguridad"
  [ "$(header cache-control)" = no-cache ] && ok "/admin/ Cache-Control no-cache" || ko "/admin/ Cache-Control «$(header cache-control)»"
  fetch /admin
  [ "$status" = 301 ] && [ "$(header location)" = /admin/ ] && ok "/admin → 301 /admin/" || ko "/admin → $status $(header location)"
  fetch /admin/config.yml
  [ "$status" = 200 ] && [ "$(header content-type)" = "application/yaml; charset=utf-8" ] && ok "/admin/config.yml → 200 application/yaml" || ko "/admin/config.yml → $status «$(header content-type)»"
  djs=$(cd "$out/admin" && ls decap-cms-*.js 2>/dev/null | head -1)
  if [ -n "$djs" ]; then
    fetch "/admin/$djs" -H 'Accept-Encoding: gzip'
    [ "$status" = 200 ] && [ "$(header content-type)" = "application/javascript; charset=utf-8" ] && [ "$(header content-encoding)" = gzip ] &&
      ok "/admin/$djs → 200 JavaScript con gzip" || ko "/admin/$djs → $status «$(header content-type)» «$(header content-encoding)»"
  else
    ko "/admin/ sin decap-cms-*.js"
  fi
  for u in / /prensa/ /buscar/ /assets/; do
    fetch "$u"
    case "$(header content-security-policy)" in
      *unsafe*|"") ko "$u: la CSP estricta del sitio cambió: «$(header content-security-policy)»" ;;
      *) ok "$u conserva la CSP estricta (sin 'unsafe-')" ;;
    esac
  done
else
  echo "(el sitio no tiene /admin/: site.yaml sin cms:)"
fi

# Compression for text.
fetch / -H 'Accept-Encoding: gzip'
[ "$(header content-encoding)" = gzip ] && ok "/ se comprime con gzip" || ko "/ sin gzip"
[ -n "$ics" ] && { fetch "$ics" -H 'Accept-Encoding: gzip'; :; }
[ -n "$css" ] && { fetch "$css" -H 'Accept-Encoding: gzip'; [ "$(header content-encoding)" = gzip ] && ok "$css se comprime con gzip" || ko "$css sin gzip"; }

# Inline scripts or styles would be blocked by this CSP: the pages have none
# but JSON-LD data blocks (which CSP does not block: they do not run).
inline=$(cd "$out" && grep -rhoE '<script( type="[^"]*")?>' --include='*.html' . | sort -u | grep -v 'application/ld+json' | head -3)
[ -z "$inline" ] && ok "ninguna página tiene scripts en línea (solo JSON-LD)" || ko "scripts en línea que la CSP bloquearía: $inline"
styles=$(cd "$out" && grep -rlE '<style|style="' --include='*.html' . | head -3)
[ -z "$styles" ] && ok "ninguna página tiene estilos en línea" || ko "estilos en línea que la CSP bloquearía (agregue su hash con deploy/csp-style-hash.sh): $styles"

# The CSP as a browser applies it: headless Chromium on a sample of pages,
# when site-check's playwright-core and a chromium are installed.
pw=${SITE_CHECK_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/site-check}/node_modules
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -d "$pw/playwright-core" ] && [ -n "$chromium" ] && command -v node >/dev/null; then
  sample=(/ ${page:-} ${p:-} ${e:-} ${l:-} ${r:-} ${pub:-} /instituciones/ /publicaciones/ /prensa/ /eventos/ /lobby/ /contactos/ /buscar/ /no-existe/)
  paths=()
  for s in "${sample[@]}"; do [ -n "$s" ] && paths+=("$s"); done
  while read -r line; do
    echo "$line"
    case $line in PASS:*) pass=$((pass + 1)) ;; FAIL:*) fail=$((fail + 1)) ;; esac
  done < <(PLAYWRIGHT_FROM=$pw CHROMIUM=$chromium node "$here/csp-browser.mjs" "$base" "${paths[@]}" 2>&1 || echo "FAIL: navegador: csp-browser.mjs terminó con error")
  # The editor under its CSP, as on the public host: from localhost,
  # Decap would also look for the local backend (decap-server), which
  # only local editing allows (deploy/cms-e2e measures that case).
  if [ -f "$out/admin/index.html" ]; then
    while read -r line; do
      echo "$line"
      case $line in PASS:*) pass=$((pass + 1)) ;; FAIL:*) fail=$((fail + 1)) ;; esac
    done < <(PLAYWRIGHT_FROM=$pw CHROMIUM=$chromium HOST_RULES="MAP www.municipioejemplo.cl 127.0.0.1" SECURE_ORIGIN="http://www.municipioejemplo.cl:$port" \
      node "$here/csp-browser.mjs" "http://www.municipioejemplo.cl:$port" /admin/ 2>&1 || echo "FAIL: navegador: csp-browser.mjs /admin/ terminó con error")
  fi
else
  echo "(sin playwright-core de site-check o sin chromium: no se comprobó la CSP en el navegador)"
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
