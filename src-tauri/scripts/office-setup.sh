#!/usr/bin/env bash
# Sets up an office's database server for several print desks (Debian 12 / Ubuntu 22.04+), as
# root on the server. Idempotent: run it again to add a network or change a password.
#
#   sudo KTPEL_OWNER_PASSWORD=… KTPEL_DESK_PASSWORD=… bash office-setup.sh --network 192.168.10.0/24
#
# Installs Debian's PostgreSQL, makes two accounts — ktpel_owner (owns the schema: `ktpel init`
# and upgrades, run by the admin) and ktpel_desk (what every desk logs in as: it reads and
# appends, and cannot UPDATE or DELETE the register, the ledger or the audit) — and the `ktpel`
# database; lets the office network in over TLS only (Debian's server has TLS on), and turns on
# the archive of the write-ahead log that backups and a standby need (see README, "Office").
set -euo pipefail

network=""
while [ $# -gt 0 ]; do
  case "$1" in
    --network) network="$2"; shift 2 ;;
    *) echo "unknown argument $1 (use --network CIDR)" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "run as root (sudo)" >&2; exit 1; }

if ! dpkg-query -W -f='${Status}' postgresql 2>/dev/null | grep -q "install ok installed"; then
  echo "== Installing PostgreSQL"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /etc/postgresql | sort -n | tail -1)
conf=/etc/postgresql/$version/main
pg_ctlcluster "$version" main status >/dev/null 2>&1 || pg_ctlcluster "$version" main start

ask() { # variable, prompt
  local value="${!1:-}"
  if [ -z "$value" ]; then read -r -s -p "$2: " value; echo >&2; fi
  [ ${#value} -ge 12 ] || { echo "$2: at least 12 characters" >&2; exit 1; }
  printf '%s' "$value"
}
owner_pw=$(ask KTPEL_OWNER_PASSWORD "Password for ktpel_owner (the admin's)")
desk_pw=$(ask KTPEL_DESK_PASSWORD "Password for ktpel_desk (every desk's)")

psql_root() { runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 "$@"; }
# Passwords go in through psql variables (quoted by psql), never on a command line.
psql_root -v owner_pw="$owner_pw" -v desk_pw="$desk_pw" <<'SQL'
SELECT format('CREATE ROLE ktpel_owner LOGIN PASSWORD %L', :'owner_pw') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ktpel_owner') \gexec
SELECT format('CREATE ROLE ktpel_desk LOGIN PASSWORD %L', :'desk_pw') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ktpel_desk') \gexec
ALTER ROLE ktpel_owner PASSWORD :'owner_pw';
ALTER ROLE ktpel_desk PASSWORD :'desk_pw';
SELECT 'CREATE DATABASE ktpel OWNER ktpel_owner' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'ktpel') \gexec
SQL
psql_root -d ktpel -c "REVOKE CREATE ON SCHEMA public FROM PUBLIC; GRANT USAGE ON SCHEMA public TO ktpel_desk;"

# The server's own limits, whatever program connects: a session idle inside a transaction for
# 15 s is ended (a desk unplugged while holding the register), and the WAL is archived.
mkdir -p /var/lib/postgresql/ktpel-wal && chown postgres:postgres /var/lib/postgresql/ktpel-wal
cat > "$conf/conf.d/ktpel.conf" <<CONF
listen_addresses = '*'
ssl = on
idle_in_transaction_session_timeout = '15s'
tcp_keepalives_idle = 5
tcp_keepalives_interval = 2
tcp_keepalives_count = 3
wal_level = replica
archive_mode = on
archive_command = 'test ! -f /var/lib/postgresql/ktpel-wal/%f && cp %p /var/lib/postgresql/ktpel-wal/%f'
CONF
if [ -n "$network" ]; then
  line="hostssl ktpel ktpel_owner,ktpel_desk $network scram-sha-256"
  grep -qxF "$line" "$conf/pg_hba.conf" || echo "$line" >> "$conf/pg_hba.conf"
fi
pg_ctlcluster "$version" main restart
echo "== Office database ready: postgresql://ktpel_desk@$(hostname)/ktpel?sslmode=require"
echo "   Next, once, by the admin: ktpel --db 'postgresql://ktpel_owner@$(hostname)/ktpel?sslmode=require' init --admin NAME"
