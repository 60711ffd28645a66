#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the scale bench (as .ci/run starts one):
#   bench/scale/pg.sh start   # initdb + start on 127.0.0.1:55439, database cgscale
#   bench/scale/pg.sh stop    # stop it (the data stays in /tmp/cg-scale-pg until removed)
# Then: DATABASE_URL=postgres://postgres@127.0.0.1:55439/cgscale .venv/bin/python -m bench.scale.build --db postgres
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
ROOT=${CG_SCALE_PGROOT:-/tmp/cg-scale-pg}
PORT=${CG_SCALE_PGPORT:-55439}
run_pg() { if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
case "${1:-start}" in
  start)
    mkdir -p "$ROOT"
    [ "$(id -u)" -eq 0 ] && chown postgres "$ROOT"
    [ -d "$ROOT/data" ] || run_pg "$PGBIN/initdb -D $ROOT/data -A trust -U postgres -E UTF8 >/dev/null"
    # Durability off: a benchmark cluster, never for real data.
    run_pg "$PGBIN/pg_ctl -D $ROOT/data status >/dev/null" || run_pg "$PGBIN/pg_ctl -D $ROOT/data -l $ROOT/log -w -o \"-p $PORT -k $ROOT -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=1GB -c work_mem=32MB -c max_wal_size=4GB\" start >/dev/null"
    "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres cgscale 2>/dev/null || true
    echo "DATABASE_URL=postgres://postgres@127.0.0.1:$PORT/cgscale"
    ;;
  stop)
    run_pg "$PGBIN/pg_ctl -D $ROOT/data -m fast stop >/dev/null"
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
