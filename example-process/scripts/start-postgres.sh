#!/usr/bin/env bash
# Starts a local PostgreSQL for the example app's `postgres` profile: data in example-process/target/pg
# (or ${EXAMPLE_PG_DATA}), listening on 127.0.0.1:${EXAMPLE_PG_PORT:-55432}, database `camunda` owned by user `camunda`
# (password ${EXAMPLE_PG_PASSWORD:-camunda}). Installs Debian's postgresql package if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${EXAMPLE_PG_PORT:-55432}"
PASSWORD="${EXAMPLE_PG_PASSWORD:-camunda}"
DATA="${EXAMPLE_PG_DATA:-$PWD/target/pg}"

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
if [ -z "$(bindir)" ]; then
  echo "Installing Debian's postgresql package (needs root or sudo)..."
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -q && $SUDO DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
fi
BIN="$(bindir)"

# PostgreSQL refuses to run as root: run it as the `postgres` system user then.
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

mkdir -p "$DATA"
if [ "$(id -u)" -eq 0 ]; then chown postgres "$DATA"; fi
if [ ! -f "$DATA/PG_VERSION" ]; then
  as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 >/dev/null
fi
if ! as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  as_owner "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$DATA" start >/dev/null
fi
psql_() { as_owner "$BIN/psql" -h "$DATA" -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -qtAc "$1"; }
[ "$(psql_ "SELECT 1 FROM pg_roles WHERE rolname='camunda'")" = 1 ] \
  || psql_ "CREATE ROLE camunda LOGIN PASSWORD '$PASSWORD'"
[ "$(psql_ "SELECT 1 FROM pg_database WHERE datname='camunda'")" = 1 ] \
  || psql_ "CREATE DATABASE camunda OWNER camunda"
echo "PostgreSQL is running on 127.0.0.1:$PORT (database camunda, user camunda). Start the app with"
echo "  java -jar target/example-process.jar --spring.profiles.active=postgres"
