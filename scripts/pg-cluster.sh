#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests, benchmarks and development:
# initdb in a temporary directory, a free loopback port, trust
# authentication, a database `migratekit`. No system service is involved
# and nothing is left running after `stop`.
#
#   scripts/pg-cluster.sh start [DIR]          start (creating it if needed); prints the URL
#   scripts/pg-cluster.sh url [DIR]            prints the URL of a started cluster
#   scripts/pg-cluster.sh halt [DIR] [MODE]    stops the server, keeps its data
#                                              (MODE: immediate (default, like a crash) | fast);
#                                              `start` brings it back on the same port
#   scripts/pg-cluster.sh stop [DIR]           stops the server and deletes the cluster
#
# DIR (default target/pg-cluster) holds the cluster's state: its URL, port
# and where its data lives. initdb and postgres refuse to run as root: as
# root, the server runs as the unprivileged user `postgres` (Debian's
# package creates it; `nobody` otherwise), with its data under /tmp.
# A throwaway cluster does not fsync (its data need not survive the
# machine), but keeps synchronous_commit on: a commit is written before it
# is acknowledged, so a server killed outright (`halt`) loses nothing that
# was acknowledged. PG_CLUSTER_DURABLE=1 fsyncs too (benchmarks of durable
# commits).
#
# Needs the PostgreSQL server binaries: apt-get install postgresql
set -euo pipefail

cmd=${1:-}
dir=${2:-target/pg-cluster}

die() { echo "pg-cluster: $*" >&2; exit 1; }

bindir() {
    if command -v initdb >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v initdb)")"
        return
    fi
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    [ -n "$found" ] && [ -x "$found/initdb" ] ||
        die "PostgreSQL server binaries not found (initdb); install them: apt-get install postgresql"
    echo "$found"
}

# Runs a server command as the unprivileged owner of the data directory.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        local user
        user=$(cat "$dir/user")
        runuser -u "$user" -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

create() {
    mkdir -p "$dir"
    local data user=""
    if [ "$(id -u)" -eq 0 ]; then
        if id postgres >/dev/null 2>&1; then user=postgres; else user=nobody; fi
        echo "$user" >"$dir/user"
        # Under /tmp: the server's user must reach it, whatever DIR's parents allow.
        data=$(mktemp -d /tmp/mk-pg.XXXXXX)
        chown "$user" "$data"
    else
        data=$(mktemp -d "${TMPDIR:-/tmp}/mk-pg.XXXXXX")
    fi
    echo "$data" >"$dir/data"
    free_port >"$dir/port"
    as_owner "$BIN/initdb" -D "$data/db" -U migratekit --auth=trust --no-locale -E UTF8 \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
}

start() {
    [ -f "$dir/data" ] && [ -d "$(cat "$dir/data")/db" ] || create
    local data port fsync=off
    data=$(cat "$dir/data")
    port=$(cat "$dir/port")
    [ "${PG_CLUSTER_DURABLE:-0}" = 1 ] && fsync=on
    as_owner "$BIN/pg_ctl" -D "$data/db" -l "$data/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$data \
            -c max_connections=400 -c fsync=$fsync -c full_page_writes=$fsync" \
        start >/dev/null || { tail -n 30 "$data/server.log" >&2 || true; die "the server did not start"; }
    if ! "$BIN/psql" -h 127.0.0.1 -p "$port" -U migratekit -d postgres -qtAc \
        "SELECT 1 FROM pg_database WHERE datname = 'migratekit'" | grep -q 1; then
        "$BIN/psql" -h 127.0.0.1 -p "$port" -U migratekit -d postgres -qc "CREATE DATABASE migratekit" >/dev/null
    fi
    echo "postgresql://migratekit@127.0.0.1:$port/migratekit" >"$dir/url"
    cat "$dir/url"
}

halt() {
    local mode=${1:-immediate}
    [ -f "$dir/data" ] || die "no cluster in $dir"
    as_owner "$BIN/pg_ctl" -D "$(cat "$dir/data")/db" -m "$mode" -w -t 60 stop >/dev/null
}

stop() {
    [ -f "$dir/data" ] || return 0
    local data
    data=$(cat "$dir/data")
    if [ -f "$data/db/postmaster.pid" ]; then
        as_owner "$BIN/pg_ctl" -D "$data/db" -m fast -w -t 60 stop >/dev/null || true
    fi
    case "$data" in
        */mk-pg.*) rm -rf "$data" ;;
    esac
    rm -f "$dir/data" "$dir/port" "$dir/url" "$dir/user" "$dir/initdb.log"
}

case "$cmd" in
    start) BIN=$(bindir); start ;;
    url) [ -f "$dir/url" ] || die "no cluster started in $dir"; cat "$dir/url" ;;
    halt) BIN=$(bindir); halt "${3:-immediate}" ;;
    stop) BIN=$(bindir); stop ;;
    *) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
