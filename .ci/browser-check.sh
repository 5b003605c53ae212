#!/usr/bin/env bash
# CI check: the calculator page at / works in a real browser. Headless Debian Chromium, driven by
# playwright-core (pinned in .ci/browser/package-lock.json), loads /, moves the users slider and checks
# that the ranking and the charts update and agree with the JSON API for the same inputs, switches to
# Chinese, takes screenshots at 360 px and 1280 px, runs an axe-core accessibility audit (0 serious or
# critical violations), walks the page with Tab, opens the SVG chart endpoints by themselves, and checks
# that every request the page makes stays on the server's origin (.ci/browser/calculator-check.mjs).
# Screenshots: target/ci-artifacts/calculator-*.png, chart-*.png.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
. .ci/lib.sh

ci_browser browser-check
# A CJK font, or the Chinese screenshots show boxes where the characters should be (Debian's
# WenQuanYi Zen Hei: one package, no network at run time).
if ! fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk"; then
  echo "-- apt-get install fonts-wqy-zenhei"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq fonts-wqy-zenhei >/dev/null
fi

ci_build
ci_start_server calculator
rm -f "$ARTIFACTS"/calculator-*.png "$ARTIFACTS"/chart-comparison.png "$ARTIFACTS"/chart-sweep.png
check_start=$SECONDS
node .ci/browser/calculator-check.mjs "$BASE_URL" "$ARTIFACTS"
ci_stop_server
echo "-- calculator check passed in $((SECONDS - start)) s ($((SECONDS - check_start)) s in the browser); screenshots in $ARTIFACTS:"
ls -1 "$ARTIFACTS"/calculator-*.png "$ARTIFACTS"/chart-comparison.png "$ARTIFACTS"/chart-sweep.png | sed 's/^/   /'
