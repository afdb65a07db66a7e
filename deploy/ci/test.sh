#!/usr/bin/env bash
# Runs the commands of github-actions.yml and gitlab-ci.yml (read from the
# files, not copied) on a copy of this repository: the example site passes
# the review, a broken file fails it with an annotation on its line, and
# publishing with rsync leaves the site in a target folder. See
# workflows_test.go. Installs rsync if it is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v rsync >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y rsync >/dev/null || { apt-get update >/dev/null && apt-get install -y rsync >/dev/null; }
  else sudo apt-get install -y rsync >/dev/null; fi
fi
CABILDO_WORKFLOWS=1 go test -count=1 -run '^TestWorkflows$' ./deploy/ci
