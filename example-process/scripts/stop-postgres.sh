#!/usr/bin/env bash
# Stops the PostgreSQL started by start-postgres.sh (its data stays in example-process/target/pg).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$BIN/pg_ctl" -D "$PWD/target/pg" stop; else "$BIN/pg_ctl" -D "$PWD/target/pg" stop; fi
