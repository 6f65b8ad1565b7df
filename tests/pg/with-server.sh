#!/bin/sh
# Runs a command with a throw-away PostgreSQL 15 (tests/pg/server.sh) whose address is in TAKAMUL_TEST_PG
# (postgresql://postgres@127.0.0.1:PORT): the API and browser harnesses then make a database of it for each server
# they start (CREATE DATABASE). The server is stopped when the command ends, whatever its outcome.
# usage: tests/pg/with-server.sh COMMAND [ARG]...
set -eu
. "$(dirname "$0")/server.sh"
trap pg_stop EXIT
trap 'exit 1' INT TERM HUP
pg_start
TAKAMUL_TEST_PG="postgresql://postgres@127.0.0.1:$port"
export TAKAMUL_TEST_PG
status=0
"$@" || status=$?
exit "$status"
