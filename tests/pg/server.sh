# A throw-away PostgreSQL 15 for the tests, sourced by tests/pg/run.sh and tests/pg/with-server.sh: initdb and
# postgres on a temporary directory (as the postgres user when run as root, which PostgreSQL refuses to run as),
# listening on a free loopback port and a socket in that directory. pg_start sets $temp, $port and $server;
# pg_stop (run it on exit) stops the server and removes the directory.
bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
temp=""
server=""
port=""

pg_stop() {
  if [ -n "$server" ]; then
    kill -INT "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    server=""
  fi
  [ -z "$temp" ] || rm -rf "$temp"
}

pg_start() {
  for tool in initdb postgres; do
    [ -x "$bin/$tool" ] || { echo "no $bin/$tool: install postgresql (scripts/install-deps.sh test)" >&2; return 1; }
  done
  temp=$(mktemp -d "${TMPDIR:-/tmp}/takamul-pg.XXXXXX")
  as_owner=""
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$temp"
    as_owner="setpriv --reuid=postgres --regid=postgres --init-groups --"
  fi
  chmod 700 "$temp"
  $as_owner "$bin/initdb" -D "$temp/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$temp/initdb.log" 2>&1 ||
    { cat "$temp/initdb.log" >&2; return 1; }
  # A free port: the server refuses one in use, and then another is tried.
  started=0
  for attempt in 1 2 3 4 5; do
    port=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 30000 ))
    # setpriv runs postgres in its own process: $! is the server's
    $as_owner "$bin/postgres" -D "$temp/data" -k "$temp" -h 127.0.0.1 -p "$port" -c fsync=off \
      -c full_page_writes=off -c synchronous_commit=off -c max_connections=300 >"$temp/server.log" 2>&1 &
    server=$!
    for wait in $(seq 1 100); do
      if psql -X -q -h "$temp" -p "$port" -U postgres -d postgres -c 'SELECT 1' >/dev/null 2>&1; then
        started=1
        break
      fi
      kill -0 "$server" 2>/dev/null || break
      sleep 0.1
    done
    [ "$started" -eq 1 ] && break
    kill -INT "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    server=""
  done
  [ "$started" -eq 1 ] || { cat "$temp/server.log" >&2; echo "PostgreSQL did not start" >&2; return 1; }
}
