#!/usr/bin/env bash
# Runs everything CI runs: formatting check, a warnings-as-errors build, the migrations check and every test
# suite — the persistence and API suites on SQLite and on a throwaway PostgreSQL cluster started here, the
# browser suite in the Debian Chromium.
# Usage: ./test.sh
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# --- PostgreSQL: a temporary cluster on a loopback port, stopped and removed on exit -------------------------
pg_dir=""
pg_bin=""
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
stop_postgres() {
  if [ -n "$pg_dir" ] && [ -d "$pg_dir/data" ]; then
    as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  [ -n "$pg_dir" ] && rm -rf "$pg_dir"
}
trap stop_postgres EXIT

find_pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
pg_bin="$(find_pg_bin)"
if [ -z "$pg_bin" ]; then
  echo "==> installing PostgreSQL (Debian package postgresql)"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; fi
  pg_bin="$(find_pg_bin)"
fi
if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then useradd --system --home-dir /var/lib/postgresql postgres; fi

pg_dir="$(mktemp -d /tmp/guichet-pg.XXXXXX)"
[ "$(id -u)" = 0 ] && chown postgres "$pg_dir"
pg_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
echo "==> starting PostgreSQL on 127.0.0.1:$pg_port"
as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
export GUICHET_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"

# --- Chromium for the browser tests (Debian package chromium, driven by Playwright) -------------------------
if [ ! -x /usr/bin/chromium ]; then
  echo "==> installing Chromium (Debian package chromium)"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi
fi

# --- .NET ---------------------------------------------------------------------------------------------------
echo "==> restore"
dotnet restore Guichet.slnx
dotnet tool restore >/dev/null

echo "==> format (dotnet format --verify-no-changes)"
dotnet format Guichet.slnx --verify-no-changes --no-restore

echo "==> build (Release, warnings are errors)"
dotnet build Guichet.slnx -c Release --no-restore

echo "==> migrations are up to date with the model (SQLite and PostgreSQL)"
for context in SqliteGuichetDbContext PostgresGuichetDbContext; do
  dotnet ef migrations has-pending-model-changes --project src/Guichet --context "$context" --configuration Release --no-build
done

echo "==> tests (SQLite and PostgreSQL)"
dotnet test Guichet.slnx -c Release --no-build

echo "==> all green"
