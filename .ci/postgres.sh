#!/usr/bin/env bash
# A throwaway local PostgreSQL for the test suite. Prints a DATABASE_URL on stdout (and
# nothing else there; progress goes to stderr):
#
#   DATABASE_URL=$(.ci/postgres.sh) .venv/bin/pytest masterymap
#   .ci/postgres.sh stop       # stop the server (data kept, the next run restarts it)
#   .ci/postgres.sh destroy    # stop it and delete its data
#
# - Installs Debian's `postgresql` with apt-get when no server binaries are found (as root,
#   or through sudo), without the distribution's default cluster on 5432.
# - Runs its own server, not the system cluster: data under /tmp/masterymap-pg-<hash of this
#   clone's path> (or $MASTERYMAP_PG_DIR), listening on 127.0.0.1 only, on a free port, with
#   its socket in that directory. As root the server runs as the `postgres` user (PostgreSQL
#   refuses to run as root).
# - Durability is switched off (fsync, synchronous_commit, full_page_writes): it is for
#   tests only, and a crash just means `destroy`.
# - Idempotent: a running server is reused; a stopped one is restarted (on a new port if
#   its old one has been taken); a half-made data directory is made again. The role
#   `masterymap` (password `masterymap`, LOGIN CREATEDB, not superuser: the test runner
#   creates and drops test_masterymap itself) and the database `masterymap` are ensured
#   every time.
set -euo pipefail

exec 3>&1 1>&2 # stdout is only for the URL

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
key=$(printf %s "$repo" | cksum | cut -d' ' -f1)
base=${MASTERYMAP_PG_DIR:-/tmp/masterymap-pg-$key}
data=$base/data
sock=$base/run
log=$base/server.log
role=masterymap
password=masterymap
database=masterymap
cd / # the server user may not be able to read the caller's directory

say() { echo "postgres.sh: $*"; }
die() {
    say "$*"
    exit 1
}

find_bindir() { # the newest installed server's bin directory
    local dir
    while read -r dir; do
        [[ -x $dir/initdb && -x $dir/pg_ctl && -x $dir/postgres ]] && echo "$dir" && return 0
    done < <(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4,4Vr)
    dir=$(dirname "$(command -v pg_ctl 2>/dev/null || echo /nonexistent/x)")
    [[ -x $dir/initdb && -x $dir/postgres ]] && echo "$dir" && return 0
    return 1
}

sudo_=()
[[ $(id -u) == 0 ]] || sudo_=(sudo)

install_postgres() {
    say "no PostgreSQL server found; installing Debian's postgresql with apt-get…"
    command -v apt-get >/dev/null || die "no apt-get here: install PostgreSQL (initdb, pg_ctl) yourself"
    # Only our own server is wanted: tell postgresql-common not to create and start 15/main.
    "${sudo_[@]}" mkdir -p /etc/postgresql-common/createcluster.d
    echo "create_main_cluster = false  # .ci/postgres.sh runs its own throwaway server" |
        "${sudo_[@]}" tee /etc/postgresql-common/createcluster.d/masterymap-ci.conf >/dev/null
    "${sudo_[@]}" apt-get update -qq
    "${sudo_[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends postgresql >/dev/null
}

command=${1:-start}
case $command in
start | stop | destroy) ;;
*) die "usage: $0 [start|stop|destroy]" ;;
esac

if ! bindir=$(find_bindir); then
    if [[ $command != start ]]; then # no server installed: none of ours can be running
        if [[ $command == destroy ]]; then rm -rf "$base"; fi
        say "$command: done ($base)"
        exit 0
    fi
    install_postgres
    bindir=$(find_bindir) || die "PostgreSQL was installed but initdb/pg_ctl are still missing"
fi
major=$("$bindir/postgres" --version | sed -E 's/^[^0-9]*([0-9]+).*/\1/')

if [[ $(id -u) == 0 ]]; then
    owner=postgres
    id -u "$owner" >/dev/null 2>&1 ||
        useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash "$owner"
    as_owner() { runuser -u "$owner" -- "$@"; }
else
    owner=$(id -un)
    as_owner() { "$@"; }
fi
# pg_ctl runs with only stdin/stdout/stderr open: the server it leaves behind must not hold
# a pipe (the one `$(.ci/postgres.sh)` reads, a CI log reader's, make's) or our lock open.
only_std_fds='for fd in /proc/self/fd/*; do fd=${fd##*/}; ((fd > 2)) && eval "exec $fd>&-" 2>/dev/null; done; exec "$@"'
pg_ctl() { as_owner bash -c "$only_std_fds" pg_ctl "$bindir/pg_ctl" -D "$data" "$@"; }
running() { pg_ctl status >/dev/null 2>&1; }

if [[ $command != start ]]; then
    if [[ -d $data ]] && running; then pg_ctl -m fast -w stop >/dev/null; fi
    if [[ $command == destroy ]]; then rm -rf "$base"; fi
    say "$command: done ($base)"
    exit 0
fi

mkdir -p "$base"
if [[ $owner == postgres ]]; then chown "$owner:" "$base"; fi
chmod 700 "$base"
exec 9>"$base/lock"
flock -w 120 9 || die "another postgres.sh holds $base/lock"

port_taken() { (exec 8<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { # from a per-clone start point, so clones rarely race for the same one
    local port=$((55432 + key % 2000)) tries
    for tries in $(seq 200); do
        port_taken "$port" || {
            echo "$port"
            return 0
        }
        port=$((port + 1))
    done
    die "no free port near $port"
}

make_cluster() {
    say "creating a PostgreSQL $major cluster in $data"
    if [[ -d $data ]] && running; then pg_ctl -m immediate -w stop >/dev/null || true; fi
    rm -rf "$data" "$sock"
    as_owner mkdir -m 700 "$data" "$sock"
    as_owner "$bindir/initdb" -D "$data" -U postgres -E UTF8 --no-locale --no-sync \
        --auth-local=trust --auth-host=scram-sha-256 >/dev/null
    echo "include_if_exists = 'ci.conf'" | as_owner tee -a "$data/postgresql.conf" >/dev/null
}

write_conf() {
    as_owner tee "$data/ci.conf" >/dev/null <<EOF
# Written by .ci/postgres.sh on each start: a throwaway test server.
listen_addresses = '127.0.0.1'
port = $1
unix_socket_directories = '$sock'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
}

start_server() {
    local attempt port
    for attempt in 1 2 3; do
        port=$(free_port)
        write_conf "$port"
        if [[ -e $log ]]; then mv -f "$log" "$log.1"; fi # so the greps below see this start only
        if pg_ctl -l "$log" -w -t 60 start >/dev/null; then return 0; fi
        if grep -q 'lock file .* already exists' "$log" 2>/dev/null; then
            say "removing a stale postmaster.pid"
            rm -f "$data/postmaster.pid"
        elif ! grep -q 'could not bind' "$log" 2>/dev/null; then
            break
        fi
        say "start failed (attempt $attempt), retrying"
    done
    tail -n 20 "$log" >&2 || true
    die "could not start PostgreSQL (log: $log)"
}

current_port() { sed -n 4p "$data/postmaster.pid"; } # line 4 of postmaster.pid: its port
ready() { "$bindir/pg_isready" -q -h "$sock" -p "$(current_port)" -t "${1:-5}"; }

if [[ ! -s $data/PG_VERSION || $(cat "$data/PG_VERSION" 2>/dev/null) != "$major" ]] ||
    ! grep -q "^include_if_exists = 'ci.conf'" "$data/postgresql.conf" 2>/dev/null; then
    make_cluster
fi
if running && ready 10; then
    say "reusing the server on 127.0.0.1:$(current_port)"
else
    if running; then
        say "the server does not answer; restarting it"
        pg_ctl -m immediate -w stop >/dev/null || true
    fi
    start_server
    say "started PostgreSQL $major on 127.0.0.1:$(current_port) (log: $log)"
fi
port=$(current_port)

as_owner "$bindir/psql" -h "$sock" -p "$port" -U postgres -d postgres -X -q -v ON_ERROR_STOP=1 <<SQL
SELECT format('CREATE ROLE %I', '$role') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role')
\gexec
ALTER ROLE $role LOGIN CREATEDB NOSUPERUSER PASSWORD '$password';
SELECT format('CREATE DATABASE %I OWNER %I', '$database', '$role')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$database')
\gexec
SQL

echo "postgres://$role:$password@127.0.0.1:$port/$database" >&3
