#!/usr/bin/env bash
# Stops what up.sh started, by pid (services first, then the broker). PostgreSQL is left running: it is the
# machine's, not ours. Running it twice is harmless.
set -uo pipefail
run="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/.run"
for name in schedule-service notify-service kafka; do
  pidfile="$run/$name.pid"
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    echo "$name: stopped (pid $pid)"
  fi
  # up.sh may have started a new one meanwhile (it waits for a stopping service, then starts it): keep its pid
  [ "$(cat "$pidfile" 2>/dev/null)" = "$pid" ] && rm -f "$pidfile"
done
