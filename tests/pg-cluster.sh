#!/bin/sh
# tests/pg-cluster.sh start|stop DIR: a throwaway PostgreSQL 15 cluster for
# the tests of the hub on PostgreSQL (CTest fixtures pg-start and pg-stop,
# tests/CMakeLists.txt).
#
# The cluster lives in DIR/data and listens only on a unix socket in
# DIR/sock (no TCP port to collide with anything).  Its superuser is
# "mpos", trusted on the socket; the tests create one database each from
# the base connection string "host=DIR/sock user=mpos dbname=postgres"
# (MPOS_TEST_PG).  One more role, "mpos_pw" with the password "right",
# must log in with scram-sha-256, so the wrong-password case is a real
# refusal by the server.
#
# initdb and the server refuse to run as root, which CI is: as root the
# cluster is made and run by the unprivileged system user mpos-test
# (created when missing) through runuser.  fsync is off: a test cluster
# is thrown away, and the tests do not measure durability (the benchmarks
# run the server as shipped).
set -eu

cmd=${1:?usage: pg-cluster.sh start|stop DIR}
dir=${2:?usage: pg-cluster.sh start|stop DIR}
bin=${MPOS_PG_BIN:-/usr/lib/postgresql/15/bin}
user=mpos-test

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "$user" -- "$@"
  else
    "$@"
  fi
}

case $cmd in
start)
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  mkdir -p "$dir/sock"
  if [ "$(id -u)" -eq 0 ]; then
    id "$user" >/dev/null 2>&1 ||
      useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
    chown -R "$user" "$dir"
  fi
  as_owner "$bin/initdb" -D "$dir/data" -U mpos --auth-local=trust --auth-host=reject \
    -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
  }
  # the password role first: pg_hba.conf is read top down
  printf 'local all mpos_pw scram-sha-256\n' >"$dir/hba.head"
  cat "$dir/hba.head" "$dir/data/pg_hba.conf" >"$dir/hba.new"
  mv "$dir/hba.new" "$dir/data/pg_hba.conf"
  rm -f "$dir/hba.head"
  [ "$(id -u)" -ne 0 ] || chown "$user" "$dir/data/pg_hba.conf"
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$dir/sock' -c fsync=off -c max_connections=300 -c shared_buffers=64MB" \
    start >/dev/null || {
    cat "$dir/server.log" >&2
    exit 1
  }
  "$bin/psql" -X -q -v ON_ERROR_STOP=1 "host=$dir/sock user=mpos dbname=postgres" \
    -c "CREATE ROLE mpos_pw LOGIN PASSWORD 'right'" -c "CREATE DATABASE mpos_pw OWNER mpos_pw"
  echo "PostgreSQL ready at host=$dir/sock"
  ;;
stop)
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
  fi
  rm -rf "$dir"
  ;;
*)
  echo "usage: pg-cluster.sh start|stop DIR" >&2
  exit 2
  ;;
esac
