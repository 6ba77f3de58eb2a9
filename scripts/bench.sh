#!/usr/bin/env bash
# make bench: synthetic data in a throwaway (durable) PostgreSQL, gunicorn on loopback, then
# `manage.py bench` measures the main pages against their budgets. Run inside
# scripts/with-postgres.sh. SCALE=province (default: 120 units, bench-results/latest.json) or
# national (34 provinces, ~4,000 units, bench-results/national.json). BENCH_SCALE_ARGS replaces
# the generator's arguments, BENCH_ARGS adds to the measuring command's.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
SCALE=${SCALE:-province}
case "$SCALE" in
  province) default_args="" ;;
  national) default_args="--national" ;;
  *) echo "bench.sh: SCALE must be province or national" >&2; exit 2 ;;
esac
scale_args=${BENCH_SCALE_ARGS:-$default_args}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
work=$(mktemp -d /tmp/cchc-bench.XXXXXX)
export DEBUG=0 SECRET_KEY="bench-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=0 COOKIES_SECURE=0 SECURE_HSTS_SECONDS=0
export AXES_ENABLED=0 STATIC_ROOT="$work/static" MEDIA_ROOT="$work/media"

$PY manage.py migrate -v0
$PY manage.py collectstatic --noinput -v0
# CPU seconds of the PostgreSQL server so far (its processes, and the backends that ended):
# on a busy machine the generation's wall time says little, its CPU time says what it costs.
pg_cpu() {
  local dir pid total=0 stat
  dir=$(psql "$DATABASE_URL" -Atc "SHOW data_directory" 2>/dev/null) || { echo 0; return; }
  pid=$(head -n 1 "$dir/postmaster.pid" 2>/dev/null) || { echo 0; return; }
  for p in "$pid" $(pgrep -P "$pid"); do
    stat=$(cut -d')' -f2- "/proc/$p/stat" 2>/dev/null) || continue
    # Fields after the command: utime stime cutime cstime are the 12th to 15th.
    total=$((total + $(echo "$stat" | awk '{print $12 + $13 + $14 + $15}')))
  done
  echo "$total"
}
echo "bench: generating $SCALE-scale data (generate_scale_data ${scale_args:-with its defaults})"
started=$(date +%s.%N)
pg_started=$(pg_cpu)
exec 3>&1 4>&2
TIMEFORMAT="%U %S"
# shellcheck disable=SC2086  # the arguments are words on purpose
py_cpu=$( { time $PY manage.py generate_scale_data $scale_args 1>&3 2>&4; } 2>&1 | awk '{printf "%.0f", $1 + $2}')
psql "$DATABASE_URL" -qc "VACUUM ANALYZE" >/dev/null 2>&1 || true
generated=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$started" "$(date +%s.%N)")
pg_seconds=$(( ($(pg_cpu) - pg_started) / $(getconf CLK_TCK) ))
echo "bench: data generated (and analysed) in $generated s; CPU: the generator $py_cpu s, PostgreSQL $pg_seconds s"

# --timeout: a slow page is measured (and fails its budget), not killed at the 30 s default.
.venv/bin/gunicorn cchc_portal.wsgi --bind "127.0.0.1:$port" --workers 2 --timeout 300 --pid "$work/gunicorn.pid" \
  --access-logfile /dev/null --error-logfile "$work/gunicorn.log" --daemon
trap 'kill "$(cat "$work/gunicorn.pid")" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz/" >/dev/null 2>&1 && break; sleep 0.2; done
master=$(cat "$work/gunicorn.pid")
workers=$(pgrep -P "$master" | paste -sd, -)
# shellcheck disable=SC2086
$PY manage.py bench --scale "$SCALE" --base-url "http://127.0.0.1:$port" --pids "$workers" \
  --scale-args="$scale_args" --generation-seconds "$generated" \
  --generator-cpu-seconds "$py_cpu" --database-cpu-seconds "$pg_seconds" ${BENCH_ARGS:-}
