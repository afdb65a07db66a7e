#!/usr/bin/env bash
# Prints the CSP source for each distinct inline <style> of the built site
# (the theme writes one when site.yaml sets an institutional colour), to add
# to style-src in nginx-headers.conf. Prints nothing if there is none.
#   bash deploy/csp-style-hash.sh public/
set -euo pipefail
out=${1:?uso: csp-style-hash.sh CARPETA_PUBLICADA}
find "$out" -name '*.html' -print0 |
  xargs -0 perl -0777 -ne 'while (/<style>(.*?)<\/style>/sg) { print "$1\0" }' |
  sort -zu |
  while IFS= read -r -d '' css; do
    printf "'sha256-%s'\n" "$(printf '%s' "$css" | openssl dgst -sha256 -binary | base64)"
  done
