#!/usr/bin/env bash
# make bench SCALE=scaleout: a PostgreSQL primary and a streaming replica (pg_basebackup -R)
# on two loopback ports, province data generated on the primary, two gunicorn instances on two
# ports (each DATABASE_URL=primary, DATABASE_REPLICA_URL=replica); scripts/scaleout_check.py
# then splits a measured load between them and checks read-your-writes across the instances
# and the replica's lag. Everything started here is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
  echo "bench-scaleout: PostgreSQL server binaries not found (install Debian's postgresql)" >&2
  exit 3
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

work=$(mktemp -d /tmp/cchc-scaleout.XXXXXX)
chmod 755 "$work"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$work"
primary_port=$(free_port)
replica_port=$(free_port)
port_a=$(free_port)
port_b=$(free_port)
replication_password=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')

cleanup() {
  for name in a b; do
    [ -f "$work/gunicorn-$name.pid" ] && kill "$(cat "$work/gunicorn-$name.pid")" 2>/dev/null || true
  done
  sleep 0.5
  as_pg "$PG_BIN/pg_ctl" -D "$work/replica" -m fast stop >/dev/null 2>&1 || true
  as_pg "$PG_BIN/pg_ctl" -D "$work/primary" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# The primary: durable defaults (as `make bench`), WAL for a streaming replica, a replication
# role that may connect only from loopback with its password.
as_pg "$PG_BIN/initdb" -D "$work/primary" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg sed -i "1i host replication replicator 127.0.0.1/32 scram-sha-256" "$work/primary/pg_hba.conf"
as_pg "$PG_BIN/pg_ctl" -D "$work/primary" -l "$work/primary.log" -w -o "-p $primary_port -k $work \
  -c listen_addresses=127.0.0.1 -c wal_level=replica -c max_wal_senders=4 \
  -c wal_keep_size=512MB" start >/dev/null
psql_primary() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$primary_port" -U postgres "$@"; }
psql_replica() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$replica_port" -U postgres "$@"; }
psql_primary -d postgres -c "CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD '$replication_password'"
psql_primary -d postgres -c "CREATE DATABASE cchc"

# The replica: a base backup of the primary with -R (standby.signal and primary_conninfo).
as_pg env PGPASSWORD="$replication_password" "$PG_BIN/pg_basebackup" -h 127.0.0.1 \
  -p "$primary_port" -U replicator -D "$work/replica" -R -X stream -c fast
as_pg "$PG_BIN/pg_ctl" -D "$work/replica" -l "$work/replica.log" -w -o "-p $replica_port -k $work \
  -c listen_addresses=127.0.0.1 -c hot_standby=on -c log_statement=all" start >/dev/null
echo "bench-scaleout: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') primary on" \
  "127.0.0.1:$primary_port, streaming replica on 127.0.0.1:$replica_port" \
  "(in recovery: $(psql_replica -d cchc -tAc 'SELECT pg_is_in_recovery()'), replication" \
  "$(psql_primary -d postgres -tAc "SELECT state FROM pg_stat_replication WHERE usename = 'replicator'"))"

export DATABASE_URL="postgres://postgres@127.0.0.1:$primary_port/cchc"
export DATABASE_REPLICA_URL="postgres://postgres@127.0.0.1:$replica_port/cchc"
export DATABASE_REPLICA_PIN_SECONDS=${DATABASE_REPLICA_PIN_SECONDS:-5}
export DEBUG=0 SECRET_KEY="bench-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=0 COOKIES_SECURE=0 SECURE_HSTS_SECONDS=0
export AXES_ENABLED=0 STATIC_ROOT="$work/static" MEDIA_ROOT="$work/media"

$PY manage.py migrate -v0
$PY manage.py collectstatic --noinput -v0
echo "bench-scaleout: generating province-scale data on the primary"
$PY manage.py generate_scale_data ${BENCH_SCALE_ARGS:-}
psql "$DATABASE_URL" -qc "VACUUM ANALYZE" >/dev/null
# From here on the primary logs every statement of new sessions too (the check counts them).
psql "$DATABASE_URL" -qc "ALTER ROLE postgres SET log_statement = 'all'"
for _ in $(seq 600); do
  behind=$(psql_replica -d cchc -tAc "SELECT pg_wal_lsn_diff('$(psql "$DATABASE_URL" -tAc 'SELECT pg_current_wal_lsn()')', pg_last_wal_replay_lsn()) > 0")
  [ "$behind" = f ] && break
  sleep 0.2
done

for name in a b; do
  port_var=port_$name
  .venv/bin/gunicorn cchc_portal.wsgi --bind "127.0.0.1:${!port_var}" --workers 2 \
    --pid "$work/gunicorn-$name.pid" --access-logfile /dev/null \
    --error-logfile "$work/gunicorn-$name.log" --daemon
done
for port in "$port_a" "$port_b"; do
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz/" >/dev/null 2>&1 && break; sleep 0.2; done
done
echo "bench-scaleout: gunicorn A on 127.0.0.1:$port_a and B on 127.0.0.1:$port_b (2 workers each)"

status=0
SCALEOUT_A="http://127.0.0.1:$port_a" SCALEOUT_B="http://127.0.0.1:$port_b" \
  PRIMARY_LOG="$work/primary.log" REPLICA_LOG="$work/replica.log" \
  $PY scripts/scaleout_check.py || status=$?
if [ "$status" != 0 ]; then
  for name in a b; do
    if [ -s "$work/gunicorn-$name.log" ]; then
      echo "--- gunicorn $name log (tail)"
      tail -n 20 "$work/gunicorn-$name.log"
    fi
  done
fi
exit "$status"
