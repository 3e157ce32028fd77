#!/bin/sh
# A throw-away PostgreSQL cluster for the tests (the CTest fixture "postgresql"):
#   pg-cluster.sh start DIR   initdb in DIR/data (again from nothing), started on a free port of 127.0.0.1, with a
#                             database "carnet"; its URL written to DIR/url (postgresql://carnet@127.0.0.1:PORT/carnet)
#   pg-cluster.sh restart DIR stops and starts it again, on the same port
#   pg-cluster.sh stop DIR    stops it and removes DIR/data
# Run as root (the CI), the cluster is run by the unprivileged user "nobody": PostgreSQL refuses to run as root.
set -eu
action=$1
dir=$2
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "pg-cluster.sh: PostgreSQL is not installed (sh packaging/debian/install-build-deps.sh --tests)" >&2
    exit 1
fi
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u nobody -- "$@"
    else
        "$@"
    fi
}
case "$action" in
start)
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir/data" "$dir/url"
    mkdir -p "$dir/data" "$dir/socket"
    if [ "$(id -u)" -eq 0 ]; then
        chown -R nobody "$dir/data" "$dir/socket"
    fi
    as_owner "$bin/initdb" -D "$dir/data" -U carnet -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
    # A free port: a few tries from a random one (another cluster or program may hold it).
    tries=0
    while :; do
        port=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 30000 ))
        if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/socket/server.log" -w -t 30 \
            -o "-p $port -k $dir/socket -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
            start >/dev/null 2>&1; then
            break
        fi
        tries=$((tries + 1))
        if [ "$tries" -ge 10 ]; then
            echo "pg-cluster.sh: PostgreSQL did not start (see $dir/socket/server.log)" >&2
            cat "$dir/socket/server.log" >&2 || true
            exit 1
        fi
    done
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U carnet carnet
    echo "postgresql://carnet@127.0.0.1:$port/carnet" >"$dir/url"
    echo "pg-cluster.sh: $(cat "$dir/url")"
    ;;
restart)
    # The same port and options (postmaster.opts): for a test of the server's reconnection.
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 restart >/dev/null
    ;;
stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    fi
    rm -rf "$dir/data" "$dir/url"
    ;;
*)
    echo "usage: pg-cluster.sh start|restart|stop DIR" >&2
    exit 2
    ;;
esac
