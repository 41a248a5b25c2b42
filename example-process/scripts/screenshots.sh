#!/usr/bin/env bash
# Regenerates the README's screenshots (example-process/docs/*.png): starts the packaged example app in
# demo mode, runs each process once through the REST API, then takes the pictures with headless Chromium
# (Debian's package) driven by playwright-core (npm, pinned). Usage: example-process/scripts/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-18099}"
WORK=target/screenshots
mkdir -p "$WORK" docs

source scripts/browser-setup.sh "$WORK"
[ -f target/example-process.jar ] || (cd .. && mvn -q -pl example-process -am package -DskipTests)

java -jar target/example-process.jar --server.port="$PORT" > "$WORK/app.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  grep -q "Started ExampleApplication" "$WORK/app.log" && break
  kill -0 $APP 2>/dev/null || { cat "$WORK/app.log"; exit 1; }
  sleep 1
done
cp scripts/screenshots.mjs "$WORK/"
BASE="http://127.0.0.1:$PORT" node "$WORK/screenshots.mjs"
echo "Screenshots written to example-process/docs/"
