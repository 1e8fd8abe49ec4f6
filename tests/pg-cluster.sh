#!/bin/sh
# tests/pg-cluster.sh start|stop DIR: a throwaway PostgreSQL 15 cluster for
# the tests of the hub on PostgreSQL (CTest fixtures pg-start and pg-stop,
# tests/CMakeLists.txt).
#
# For the tests of outages and failover (tests/test-hub-failover.sh) a few
# more commands act on a cluster made by start: halt DIR (a fast stop that
# keeps the files), resume DIR (starts it again), kill DIR (SIGKILL to the
# postmaster and every process it started, as a crashed machine would
# leave it), standby PRIMARY DIR NAME (a streaming standby of PRIMARY made
# with pg_basebackup -R, connecting as application_name NAME, started),
# promote DIR (pg_ctl promote, waiting until it takes writes).
#
# The cluster lives in DIR/data and listens only on a unix socket in
# DIR/sock (no TCP port to collide with anything).  When the unprivileged
# owner cannot reach DIR (a build tree under a private home), DIR is a
# symbolic link to a directory of its own under /tmp.  Its superuser is
# "mpos", trusted on the socket; the tests create one database each from
# the base connection string "host=DIR/sock user=mpos dbname=postgres"
# (MPOS_TEST_PG).  One more role, "mpos_pw" with the password "right",
# must log in with scram-sha-256, so the wrong-password case is a real
# refusal by the server.
#
# initdb and the server refuse to run as root, which CI is: as root the
# cluster is made and run by the unprivileged system user mpos-test
# (created when missing) through runuser.  fsync is off: a test cluster
# is thrown away, and the tests do not measure durability.
#
# MPOS_PG_SHIPPED=1 makes the cluster the benchmarks measure
# (bench/with-pg.sh): the server's settings as Debian ships them, fsync on,
# synchronous_commit on, the default shared_buffers; only the socket, no
# TCP, and max_connections differ.
set -eu

usage="usage: pg-cluster.sh start|stop|halt|resume|kill|promote DIR, or standby PRIMARY DIR NAME"
cmd=${1:?$usage}
dir=${2:?$usage}
bin=${MPOS_PG_BIN:-/usr/lib/postgresql/15/bin}
if [ "${MPOS_PG_SHIPPED:-0}" = 1 ]; then
  tuning=""
else
  tuning="-c fsync=off -c shared_buffers=64MB"
fi
user=mpos-test

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "$user" -- "$@"
  else
    "$@"
  fi
}

# Removes the cluster's files, the /tmp directory behind a link included.
remove() {
  if [ -L "$dir" ]; then
    rm -rf "$(readlink "$dir")"
    rm -f "$dir"
  else
    rm -rf "$dir"
  fi
}

# A fresh DIR the unprivileged owner can write (a link to /tmp if needed).
prepare() {
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$(readlink -f "$dir")/data" -m immediate stop >/dev/null 2>&1 ||
      true
  fi
  remove
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    # two builds may start their clusters at once: the second useradd loses
    id "$user" >/dev/null 2>&1 ||
      useradd --system --no-create-home --shell /usr/sbin/nologin "$user" 2>/dev/null ||
      id "$user" >/dev/null
    chown "$user" "$dir"
    if ! runuser -u "$user" -- test -w "$dir"; then
      rmdir "$dir"
      real=$(mktemp -d /tmp/mpos-pg.XXXXXX)
      chown "$user" "$real"
      ln -s "$real" "$dir"
    fi
  fi
  home=$(readlink -f "$dir")   # the server's own path to it
  mkdir -p "$home/sock"
  [ "$(id -u)" -ne 0 ] || chown "$user" "$home/sock"
}

# Starts the server of DIR/data on its socket, waiting until it answers.
launch() {
  home=$(readlink -f "$dir")
  as_owner "$bin/pg_ctl" -D "$home/data" -l "$home/server.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$home/sock' -c max_connections=300 $tuning" \
    start >/dev/null || {
    cat "$home/server.log" >&2
    exit 1
  }
}

case $cmd in
start)
  prepare
  as_owner "$bin/initdb" -D "$home/data" -U mpos --auth-local=trust --auth-host=reject \
    -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
  }
  # the password role first: pg_hba.conf is read top down
  printf 'local all mpos_pw scram-sha-256\n' >"$dir/hba.head"
  cat "$dir/hba.head" "$home/data/pg_hba.conf" >"$dir/hba.new"
  mv "$dir/hba.new" "$home/data/pg_hba.conf"
  rm -f "$dir/hba.head"
  [ "$(id -u)" -ne 0 ] || chown "$user" "$home/data/pg_hba.conf"
  launch
  "$bin/psql" -X -q -v ON_ERROR_STOP=1 "host=$dir/sock user=mpos dbname=postgres" \
    -c "CREATE ROLE mpos_pw LOGIN PASSWORD 'right'" -c "CREATE DATABASE mpos_pw OWNER mpos_pw"
  echo "PostgreSQL ready at host=$dir/sock"
  ;;
stop)
  # A server killed on purpose (the failover test's primary) leaves a pid
  # file that pg_ctl cannot stop: the files go all the same.
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$(readlink -f "$dir")/data" -m fast -w stop >/dev/null 2>&1 ||
      as_owner "$bin/pg_ctl" -D "$(readlink -f "$dir")/data" -m immediate -w stop \
        >/dev/null 2>&1 || true
  fi
  remove
  ;;
halt)
  as_owner "$bin/pg_ctl" -D "$(readlink -f "$dir")/data" -m fast -w stop >/dev/null
  ;;
resume)
  launch
  ;;
kill)
  # the children first, read while the postmaster still holds them
  pid=$(head -n 1 "$dir/data/postmaster.pid")
  kids=$(pgrep -P "$pid" || true)
  # shellcheck disable=SC2086
  kill -KILL "$pid" $kids
  ;;
standby)
  primary=$dir
  dir=${3:?$usage}
  name=${4:?$usage}
  prepare
  as_owner "$bin/pg_basebackup" -D "$home/data" -R -X stream -c fast \
    -d "host=$(readlink -f "$primary")/sock user=mpos" >"$dir/basebackup.log" 2>&1 || {
    cat "$dir/basebackup.log" >&2
    exit 1
  }
  # the last setting of a file wins: the standby's name for the primary,
  # and no synchronous standby of its own (the primary's setting came with
  # the copy): once promoted it stands alone, and a commit waiting for a
  # standby that does not exist would wait forever
  printf "primary_conninfo = 'host=%s/sock user=mpos application_name=%s'\nsynchronous_standby_names = ''\n" \
    "$(readlink -f "$primary")" "$name" | as_owner tee -a "$home/data/postgresql.auto.conf" \
    >/dev/null
  launch
  ;;
promote)
  as_owner "$bin/pg_ctl" -D "$(readlink -f "$dir")/data" -w -t 60 promote >/dev/null
  ;;
*)
  echo "$usage" >&2
  exit 2
  ;;
esac
