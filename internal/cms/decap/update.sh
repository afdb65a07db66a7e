#!/usr/bin/env bash
# Replaces the embedded Decap CMS with the version given (default: the one
# decap.go pins), from the npm registry through npm itself (npm pack checks
# the package's integrity hash). Then edit Version and SHA256 in decap.go as
# printed, run `go test ./internal/cms/...` and the CMS e2e test
# (deploy/cms-e2e/run.sh) before committing.
#
#   bash internal/cms/decap/update.sh [VERSION]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
version=${1:-$(sed -n 's/^const Version = "\(.*\)"$/\1/p' "$here/decap.go")}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "decap-cms@$version" >/dev/null && tar xzf "decap-cms-$version.tgz")
js=$tmp/package/dist/decap-cms.js
gzip -9 -n -c "$js" >"$here/decap-cms.js.gz"
cp "$tmp/package/dist/decap-cms.js.LICENSE.txt" "$here/LICENSE-THIRD-PARTY.txt"
{ echo "decap-cms $version, MIT License, https://github.com/decaporg/decap-cms"; echo; } | cat - "$here/LICENSE-THIRD-PARTY.txt" >"$tmp/l" && mv "$tmp/l" "$here/LICENSE-THIRD-PARTY.txt"
echo "const Version = \"$version\""
echo "const SHA256 = \"$(sha256sum "$js" | cut -d' ' -f1)\""
echo "$(wc -c <"$js") bytes, $(wc -c <"$here/decap-cms.js.gz") compressed"
