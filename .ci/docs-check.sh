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

if [ ! -x /usr/bin/chromium ]; then
  echo "-- apt-get install chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi
echo "-- $(/usr/bin/chromium --version 2>/dev/null)"

node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$node_major" -lt 20 ]; then
  echo "docs-check: needs Node.js >= 20 (playwright-core); found $(node --version 2>/dev/null || echo none)" >&2
  exit 1
fi
echo "-- npm ci (.ci/browser)"
# playwright-core has no install script and npm ci fetches no browser; never `npx playwright install`.
(cd .ci/browser && npm ci --no-audit --no-fund --loglevel=error)

ci_build
ci_start_server docs
node .ci/browser/docs-check.mjs "$BASE_URL" examples/smb-im-50-users.json "$ARTIFACTS/docs.png"
ci_stop_server
echo "-- docs check passed in $((SECONDS - start)) s; screenshot: $ARTIFACTS/docs.png"
