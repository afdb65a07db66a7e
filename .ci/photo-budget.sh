#!/usr/bin/env bash
# Budget of a press page with a phone photo: the example site plus one
# release whose image is a 12-megapixel photo as a phone saves it (4000 ×
# 3000, some 5 MB, EXIF with GPS and Orientation 6, made by bench/photos).
# In Chromium at 390 px (shared/site-check's weight check), the page must
# load at most 200 KB: HTML, CSS and the image the browser picks from
# srcset. .ci/run calls it after site-check's setup.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r content "$work/content"
slug=2026-11-21-biblioteca-reabierta
mkdir -p "$work/content/prensa/$slug"
go run ./bench/photos -w 4000 -h 3000 -q 92 -noise 24 -orientation 6 "$work/content/prensa/$slug/foto.jpg"
cat >"$work/content/prensa/$slug/index.md" <<'MD'
---
title: "Vecinos celebran la reapertura de la biblioteca municipal"
date: 2026-11-21T10:00
summary: "La biblioteca reabrió con una sala infantil nueva y horario extendido los sábados."
image: { src: foto.jpg, alt: "Niños y apoderados en la sala infantil de la biblioteca", caption: "La sala infantil el día de la reapertura.", credit: "Unidad de Comunicaciones" }
---
La biblioteca municipal reabrió sus puertas tras tres meses de obras.
MD
echo "photo: $(stat -c %s "$work/content/prensa/$slug/foto.jpg") bytes"
go run ./cmd/cabildo build -q -src "$work" -out "$work/public"
aliases=$(cut -d' ' -f1 "$work/public/redirects.map" | tr '\n' ' ')
BUDGET_PAGE_KB=200 ALLOW_JS_PAGES=/buscar/ SITE_URL=https://www.municipioejemplo.cl EXCLUDE_PATHS="$aliases" \
	bash "$shared/site-check/check.sh" "$work/public" "/prensa/$slug/"
