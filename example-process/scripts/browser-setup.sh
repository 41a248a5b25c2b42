#!/usr/bin/env bash
# Sourced by the browser scripts (screenshots.sh, connections-page-test.sh): makes sure Debian's headless
# Chromium and playwright-core (npm, pinned) are there, installing them on a fresh machine (Chromium needs
# root or sudo). Usage: source scripts/browser-setup.sh <work directory>; then run node scripts copied into it.
BROWSER_WORK="$1"
mkdir -p "$BROWSER_WORK"
if ! command -v chromium >/dev/null; then
  echo "Installing Debian's chromium (needs root or sudo)..."
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -q >/dev/null && $SUDO DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null
fi
[ -d "$BROWSER_WORK/node_modules/playwright-core" ] \
  || npm install --no-audit --no-fund --prefix "$BROWSER_WORK" playwright-core@1.65.1 >/dev/null
