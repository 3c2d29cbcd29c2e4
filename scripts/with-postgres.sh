#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster on 127.0.0.1, then removes the cluster.
# Usage: scripts/with-postgres.sh COMMAND [ARGS...]   (DATABASE_URL is set for the command)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/ensure-system-packages.sh" "/usr/lib/postgresql/*/bin/initdb=postgresql"
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

datadir=$(mktemp -d /tmp/drogowskaz-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$datadir"
    as_pg=(runuser -u postgres --)
fi
cleanup() {
    "${as_pg[@]}" "$bindir/pg_ctl" -D "$datadir" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$datadir"
}
trap cleanup EXIT

"${as_pg[@]}" "$bindir/initdb" -D "$datadir" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$bindir/pg_ctl" -D "$datadir" -w -l "$datadir/server.log" \
    -o "-p $port -k $datadir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null
version=$("$bindir/postgres" --version)
echo "Started $version on 127.0.0.1:$port (throwaway cluster in $datadir)"
export DATABASE_URL="postgres://postgres@127.0.0.1:$port/drogowskaz"
"$@"
