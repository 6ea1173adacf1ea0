#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL 15 cluster in a temporary directory, as a non-root user.
#   scripts/pg_throwaway.sh start DIR PORT   -> prints the DATABASE_URL on stdout
#   scripts/pg_throwaway.sh stop DIR
# Used by .ci/run and bench/territory.py. Needs /usr/lib/postgresql/15/bin (the machine image has it).
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
cmd=${1:?start|stop}
dir=${2:?directory}
port=${3:-55432}

as_pg() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "$cmd" in
  start)
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
    as_pg "$PGBIN/initdb" -D "$dir/data" -U auyl --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
    as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null
    as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U auyl auyl
    echo "postgres://auyl@127.0.0.1:$port/auyl"
    ;;
  stop)
    as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start DIR PORT | stop DIR" >&2; exit 2;;
esac
