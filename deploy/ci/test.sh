#!/usr/bin/env bash
# Runs the commands of github-actions.yml and gitlab-ci.yml (read from the
# files, not copied) on a copy of this repository: the example site passes
# the review, a broken file fails it with an annotation on its line, and
# publishing with rsync leaves the site in a target folder. See
# workflows_test.go. Publishing to S3 goes to an S3 server inside the test
# (gofakes3) with the real aws command line. Installs rsync and awscli if
# they are missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
need=()
command -v rsync >/dev/null || need+=(rsync)
command -v aws >/dev/null || need+=(awscli)
if [ ${#need[@]} -gt 0 ]; then
  sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get install -y "${need[@]}" >/dev/null || { $sudo apt-get update >/dev/null && $sudo apt-get install -y "${need[@]}" >/dev/null; }
fi
CABILDO_WORKFLOWS=1 go test -count=1 -run '^TestWorkflows$' ./deploy/ci
