#!/bin/sh
# Serve the web client and JSON-RPC, and run the scheduled jobs beside it.
# Ctrl-C stops both.
set -u
CONF=$1
DB=$2
BIN=$(dirname "$0")/../.venv/bin
"$BIN/trytond-cron" -c "$CONF" -d "$DB" &
CRON=$!
"$BIN/trytond" -c "$CONF" -d "$DB" &
SERVER=$!
trap 'kill $SERVER $CRON 2>/dev/null; wait; exit 0' INT TERM
echo "Service center: http://127.0.0.1:8000/ (database $DB). Ctrl-C stops."
wait $SERVER
kill $CRON 2>/dev/null
wait
