#!/usr/bin/env bash
# make bench: province-scale data in a throwaway (durable) PostgreSQL, gunicorn on loopback,
# then `manage.py bench` measures the main pages. Run inside scripts/with-postgres.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
work=$(mktemp -d /tmp/cchc-bench.XXXXXX)
export DEBUG=0 SECRET_KEY="bench-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=0 COOKIES_SECURE=0 SECURE_HSTS_SECONDS=0
export AXES_ENABLED=0 STATIC_ROOT="$work/static" MEDIA_ROOT="$work/media"

$PY manage.py migrate -v0
$PY manage.py collectstatic --noinput -v0
echo "bench: generating province-scale data"
$PY manage.py generate_scale_data ${BENCH_SCALE_ARGS:-}
psql "$DATABASE_URL" -qc "VACUUM ANALYZE" >/dev/null 2>&1 || true

.venv/bin/gunicorn cchc_portal.wsgi --bind "127.0.0.1:$port" --workers 2 --pid "$work/gunicorn.pid" \
  --access-logfile /dev/null --error-logfile "$work/gunicorn.log" --daemon
trap 'kill "$(cat "$work/gunicorn.pid")" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz/" >/dev/null 2>&1 && break; sleep 0.2; done
master=$(cat "$work/gunicorn.pid")
workers=$(pgrep -P "$master" | paste -sd, -)
$PY manage.py bench --base-url "http://127.0.0.1:$port" --pids "$workers" ${BENCH_ARGS:-}
