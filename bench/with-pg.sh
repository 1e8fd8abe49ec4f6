#!/bin/sh
# bench/with-pg.sh COMMAND [ARGS...]: runs one benchmark against a throwaway
# PostgreSQL 15 cluster as Debian ships it, then removes the cluster.
#
# The cluster is the tests' (tests/pg-cluster.sh: initdb and the server as
# an unprivileged user when run as root, a unix socket only) with
# MPOS_PG_SHIPPED=1: fsync on, synchronous_commit on, the default
# shared_buffers, so an acknowledged batch is on disk as in production.
# COMMAND finds the server in $MPOS_BENCH_PG, a libpq keyword string for
# the superuser's "postgres" database; it makes its own databases there.
# The server's log is kept in DIR/server.log until the cluster is removed.
#
#   sh bench/with-pg.sh build/bin/bench-ingest --pg 20000 5 10
set -eu
[ $# -ge 1 ] || { echo "usage: with-pg.sh COMMAND [ARGS...]" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d /tmp/mpos-bench-pg.XXXXXX)   # pg-cluster.sh gives it to the server's user
trap 'sh "$here/../tests/pg-cluster.sh" stop "$dir"' EXIT INT TERM
MPOS_PG_SHIPPED=1 sh "$here/../tests/pg-cluster.sh" start "$dir" >/dev/null
MPOS_BENCH_PG="host=$dir/sock user=mpos dbname=postgres"
export MPOS_BENCH_PG
"$@"
