#!/usr/bin/env bash
# Runs one phase of the browser test of Admin's "Entra ID connections" page (create | rotate | delete | certificate) against a
# running app; ConnectionsPageIT starts the app and the emulator and passes everything else in the environment
# (see connections-page-test.mjs). Installs Chromium and playwright-core on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=target/browser
source scripts/browser-setup.sh "$WORK"
cp scripts/connections-page-test.mjs "$WORK/"
mkdir -p "$SHOTS"
exec node "$WORK/connections-page-test.mjs" "$1"
