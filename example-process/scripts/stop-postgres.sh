#!/usr/bin/env bash
# Stops the PostgreSQL started by start-postgres.sh (its data stays in example-process/target/pg, or
# ${EXAMPLE_PG_DATA}).
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${EXAMPLE_PG_DATA:-$PWD/target/pg}"
BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$BIN/pg_ctl" -D "$DATA" stop; else "$BIN/pg_ctl" -D "$DATA" stop; fi
