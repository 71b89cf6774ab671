#!/usr/bin/env bash
# Runs everything CI runs: formatting check, a warnings-as-errors build, the migrations check and every test
# suite — the persistence and API suites on SQLite and on a throwaway PostgreSQL cluster started here, the mail
# tests against a throwaway SMTP server, the browser suite in the Debian Chromium.
# Usage: ./test.sh [dotnet test options, e.g. --filter "FullyQualifiedName~Mail"]
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# --- Servers for the tests: PostgreSQL and SMTP on loopback ports, stopped and removed on exit ----------------
pg_dir=""
pg_bin=""
smtp_dir=""
imap_dir=""
smtp_pid=""
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
apt_install() {
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; fi
}
stop_postgres() {
  if [ -n "$pg_dir" ] && [ -d "$pg_dir/data" ]; then
    as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  [ -n "$pg_dir" ] && rm -rf "$pg_dir"
}
stop_smtp() {
  if [ -n "$smtp_pid" ]; then
    # As root the server runs under runuser, which does not pass the signal on: stop its child first.
    pkill -TERM -P "$smtp_pid" 2>/dev/null || true
    kill "$smtp_pid" 2>/dev/null || true
    wait "$smtp_pid" 2>/dev/null || true
  fi
  [ -n "$smtp_dir" ] && rm -rf "$smtp_dir"
}
stop_imap() {
  if [ -n "$imap_dir" ] && [ -f "$imap_dir/run/master.pid" ]; then
    kill "$(cat "$imap_dir/run/master.pid")" 2>/dev/null || true
    for _ in $(seq 1 50); do [ -f "$imap_dir/run/master.pid" ] || break; sleep 0.1; done
  fi
  [ -n "$imap_dir" ] && rm -rf "$imap_dir"
}
trap 'stop_smtp; stop_imap; stop_postgres' EXIT

# --- PostgreSQL: a temporary cluster --------------------------------------------------------------------------
find_pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
pg_bin="$(find_pg_bin)"
if [ -z "$pg_bin" ]; then
  echo "==> installing PostgreSQL (Debian package postgresql)"
  apt_install postgresql
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
  apt_install chromium
fi

# --- IMAP: a throwaway Dovecot serving one Maildir per address, which the SMTP server below delivers to ---------
# The inbound mail tests send a client's mail through the SMTP server to the support address; Guichet reads it back
# over IMAP, as in production. Any user name signs in with the password "secret" (static passdb, loopback only).
if [ ! -x /usr/sbin/dovecot ]; then
  echo "==> installing Dovecot (Debian package dovecot-imapd)"
  apt_install dovecot-imapd
fi
mail_user="$(id -un)"
if [ "$(id -u)" = 0 ]; then
  # Dovecot refuses to open mail as root: the mail (and the SMTP server that writes it) belongs to a system user.
  id guichetmail >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin guichetmail
  mail_user=guichetmail
fi
imap_dir="$(mktemp -d /tmp/guichet-imap.XXXXXX)"
chmod 711 "$imap_dir" # the mail user (SMTP delivery, Dovecot's mail processes) goes through to mail/
mkdir -p "$imap_dir/run" "$imap_dir/state" "$imap_dir/mail"
imap_port="$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
mail_uid="$(id -u "$mail_user")"; mail_gid="$(id -g "$mail_user")"
internal_users=""
if [ "$(id -u)" != 0 ]; then internal_users="default_internal_user = $mail_user
default_login_user = $mail_user"; fi
cat >"$imap_dir/dovecot.conf" <<EOF
protocols = imap
listen = 127.0.0.1
base_dir = $imap_dir/run
state_dir = $imap_dir/state
log_path = $imap_dir/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = $mail_uid
last_valid_uid = $mail_uid
mail_location = maildir:$imap_dir/mail/%u
$internal_users
passdb {
  driver = static
  args = password=secret
}
userdb {
  driver = static
  args = uid=$mail_uid gid=$mail_gid home=$imap_dir/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $imap_port
  }
  inet_listener imaps {
    port = 0
  }
}
EOF
chown -R "$mail_user" "$imap_dir/mail"
echo "==> starting an IMAP server (Dovecot) on 127.0.0.1:$imap_port"
/usr/sbin/dovecot -c "$imap_dir/dovecot.conf" || { cat "$imap_dir/dovecot.log" >&2 || true; echo "Dovecot did not start" >&2; exit 1; }
for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$imap_port") 2>/dev/null; then break; fi
  sleep 0.1
done
if ! (exec 3<>"/dev/tcp/127.0.0.1/$imap_port") 2>/dev/null; then cat "$imap_dir/dovecot.log" >&2 || true; echo "the IMAP server does not answer on port $imap_port" >&2; exit 1; fi
export GUICHET_TEST_IMAP_PORT="$imap_port"

# --- SMTP: aiosmtpd filing every message it accepts in a Maildir, which the mail tests read --------------------
# /usr/bin/python3: the Debian package's module is not seen by a python3 from pyenv or a virtualenv.
if ! /usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1; then
  echo "==> installing aiosmtpd (Debian package python3-aiosmtpd)"
  apt_install python3-aiosmtpd
fi
smtp_dir="$(mktemp -d /tmp/guichet-smtp.XXXXXX)"
chown "$mail_user" "$smtp_dir"
smtp_port="$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
echo "==> starting an SMTP server on 127.0.0.1:$smtp_port"
# The handler (tests/Guichet.Tests/Mail/guichet_test_smtp.py) refuses a few test domains at RCPT, as real servers do.
as_mail_user() { if [ "$(id -u)" = 0 ]; then runuser -u "$mail_user" -- "$@"; else "$@"; fi; }
GUICHET_TEST_IMAP_MAILDIRS="$imap_dir/mail" PYTHONPATH="$PWD/tests/Guichet.Tests/Mail" as_mail_user /usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$smtp_port" \
  -c guichet_test_smtp.RefusingMailbox "$smtp_dir/maildir" >"$smtp_dir/server.log" 2>&1 &
smtp_pid=$!
for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$smtp_port") 2>/dev/null; then break; fi
  if ! kill -0 "$smtp_pid" 2>/dev/null; then cat "$smtp_dir/server.log" >&2; echo "the SMTP server stopped" >&2; exit 1; fi
  sleep 0.1
done
if ! (exec 3<>"/dev/tcp/127.0.0.1/$smtp_port") 2>/dev/null; then echo "the SMTP server does not answer on port $smtp_port" >&2; exit 1; fi
export GUICHET_TEST_SMTP_PORT="$smtp_port"
export GUICHET_TEST_MAILDIR="$smtp_dir/maildir"

# --- .NET ---------------------------------------------------------------------------------------------------
echo "==> restore"
dotnet restore Guichet.slnx
dotnet tool restore >/dev/null

# The format check (a Debug design-time workspace of its own, mostly one core) runs beside the Release build.
echo "==> format (dotnet format --verify-no-changes) beside the build (Release, warnings are errors)"
format_log="$(mktemp /tmp/guichet-format.XXXXXX)"
dotnet format Guichet.slnx --verify-no-changes --no-restore >"$format_log" 2>&1 &
format_pid=$!
build_status=0
dotnet build Guichet.slnx -c Release --no-restore || build_status=$?
format_status=0
wait "$format_pid" || format_status=$?
cat "$format_log"
rm -f "$format_log"
if [ "$format_status" != 0 ]; then echo "dotnet format: changes needed (run dotnet format Guichet.slnx)" >&2; exit "$format_status"; fi
if [ "$build_status" != 0 ]; then exit "$build_status"; fi

# The migrations are checked against the model by the suite itself (ApiTests.The_database_has_no_pending_model_changes,
# on SQLite and on PostgreSQL: the same EF Core check as `dotnet ef migrations has-pending-model-changes`).
echo "==> tests (SQLite and PostgreSQL)"
dotnet test Guichet.slnx -c Release --no-build "$@"

echo "==> all green"
