#!/usr/bin/env bash
# make loadtest: province-scale data in a throwaway (durable) PostgreSQL, gunicorn on loopback,
# 50 locust users for LOADTEST_TIME (60s), then the figures and the lost-write check
# (loadtest/check.py). Run inside scripts/with-postgres.sh. Exits non-zero on any 5xx or
# failed request, or on an accepted write missing from the database.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
work=$(mktemp -d /tmp/cchc-loadtest.XXXXXX)
export DEBUG=0 SECRET_KEY="loadtest-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=0 COOKIES_SECURE=0 SECURE_HSTS_SECONDS=0
export AXES_ENABLED=0 STATIC_ROOT="$work/static" MEDIA_ROOT="$work/media" PYTHONPATH=.
export LOADTEST_TARGETS="$work/targets.json" LOADTEST_LEDGER="$work/ledger.jsonl"
export LOADTEST_OUTCOMES="$work/outcomes.json"

stop_gunicorn() {
  local pid
  pid=$(cat "$work/gunicorn.pid" 2>/dev/null) || return 0
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  kill -9 "$pid" 2>/dev/null || true
}
trap 'stop_gunicorn; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

$PY manage.py migrate -v0
$PY manage.py collectstatic --noinput -v0
echo "loadtest: generating province-scale data"
$PY manage.py generate_scale_data ${BENCH_SCALE_ARGS:-}
$PY -m loadtest.accounts --units "${LOADTEST_UNITS:-20}" --out "$LOADTEST_TARGETS"
psql "$DATABASE_URL" -qc "VACUUM ANALYZE" >/dev/null 2>&1 || true

# Sync workers, two per core: a request is Python on the CPU (the GIL makes threads in one
# process take turns) or waiting on PostgreSQL on the same machine, so a second worker per
# core keeps the core busy while the first waits; more only add memory and switching.
# --timeout 120 (gunicorn's default is 30): on a machine shared with other work a slow answer
# is measured, not turned into a killed worker; the locustfile waits as long.
workers=${LOADTEST_WORKERS:-$((2 * $(nproc)))}
.venv/bin/gunicorn cchc_portal.wsgi --bind "127.0.0.1:$port" --workers "$workers" \
  --timeout 120 --pid "$work/gunicorn.pid" --access-logfile /dev/null \
  --error-logfile "$work/gunicorn.log" --capture-output --daemon
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz/" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$port/healthz/" >/dev/null || { cat "$work/gunicorn.log" >&2; exit 1; }

users=${LOADTEST_USERS:-50}
echo "loadtest: $users users for ${LOADTEST_TIME:-60s} against gunicorn ($workers workers) on 127.0.0.1:$port"
status=0
.venv/bin/locust -f loadtest/locustfile.py --headless --host "http://127.0.0.1:$port" \
  -u "$users" -r "${LOADTEST_SPAWN_RATE:-10}" -t "${LOADTEST_TIME:-60s}" --stop-timeout 30 \
  --only-summary --loglevel WARNING --exit-code-on-error 0 || status=$?
stop_gunicorn
if grep -q "Traceback\|Exception\|Error" "$work/gunicorn.log"; then
  echo "loadtest: gunicorn's error log:" >&2
  grep -v "^\[.*\] \[INFO\]" "$work/gunicorn.log" | head -n 80 >&2
fi
[ "$status" = 0 ] || echo "loadtest: locust exited with $status" >&2
$PY -m loadtest.check --outcomes "$LOADTEST_OUTCOMES" --ledger "$LOADTEST_LEDGER"
exit "$status"
