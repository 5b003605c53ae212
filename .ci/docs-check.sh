#!/usr/bin/env bash
# CI check: /docs (Swagger UI, served offline by the binary) works in a real browser. Headless Debian
# Chromium, driven by playwright-core (pinned in .ci/browser/package-lock.json), loads /docs, runs
# "Try it out" -> "Execute" on POST /v1/comparisons, checks the page shows a 200 response and that no
# request left the loopback interface, and saves target/ci-artifacts/docs.png
# (.ci/browser/docs-check.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
. .ci/lib.sh

ci_browser docs-check

ci_build
ci_start_server docs
node .ci/browser/docs-check.mjs "$BASE_URL" examples/smb-im-50-users.json "$ARTIFACTS/docs.png"
ci_stop_server
echo "-- docs check passed in $((SECONDS - start)) s; screenshot: $ARTIFACTS/docs.png"
