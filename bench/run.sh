#!/usr/bin/env bash
# Issue 12's benchmark: starts a local stack of its own from this checkout's jars (fresh databases, the same
# commands and dev profile as deploy/local/up.sh), runs every step, prints the table, writes
# bench/results/latest.json, and stops what it started. The steps end by 14 minutes after the start (a step that
# runs out of time reports what it did in the time, and says so), whatever the load; --quick is smaller.
#   bench/run.sh [--quick] [--profile] [--only=STEP,...] [--notify-paused]
#     --profile: a JFR recording of schedule-service during the 100k burst
#     --notify-paused (with --only): notify-service stopped (SIGSTOP) while a burst is dispatched, resumed after,
#             to see the dispatch path alone on the two cores; its end-to-end figures then mean nothing
#     --only: just these steps (planner, due-latency, burst-10k, burst-100k, limits, peer, table-size, enrollment),
#             for profiling one; its JSON goes to the run directory, not bench/results
# Ports and databases (env): TRIALCLOCK_SCHEDULE_PORT (28080), TRIALCLOCK_NOTIFY_PORT (28081),
# TRIALCLOCK_KAFKA_PORT (29092, controller +1), SCHEDULE_DB (bench_schedule), NOTIFY_DB (bench_notify),
# PEER_DB (bench_peer, db-scheduler and the PostgreSQL limit); PostgreSQL from PGHOST/PGPORT/PGUSER/PGPASSWORD.
# They differ from up.sh's defaults so the bench can run beside a stack started by up.sh; the databases are
# dropped and made again at each run, so never point them at data you keep.
set -euo pipefail
began=$(date +%s)
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
run="$root/bench/target/bench-run"
quick=false profile=false only="" notify_paused=false
for arg in "$@"; do
  case "$arg" in
    --quick) quick=true ;;
    --profile) profile=true ;;
    --only=*) only="${arg#--only=}" ;;
    --notify-paused) notify_paused=true ;;
    *) echo "usage: bench/run.sh [--quick] [--profile] [--only=STEP,...] [--notify-paused]" >&2; exit 2 ;;
  esac
done
if $notify_paused && [ -z "$only" ]; then
  # a paused figure must never reach bench/results/latest.json, which only a whole run writes
  echo "--notify-paused needs --only (e.g. --only=burst-10k,burst-100k)" >&2; exit 2
fi
kafka_port="${TRIALCLOCK_KAFKA_PORT:-29092}"
schedule_port="${TRIALCLOCK_SCHEDULE_PORT:-28080}"
notify_port="${TRIALCLOCK_NOTIFY_PORT:-28081}"
export SCHEDULE_DB="${SCHEDULE_DB:-bench_schedule}" NOTIFY_DB="${NOTIFY_DB:-bench_notify}"
peer_db="${PEER_DB:-bench_peer}"

for port in "$kafka_port" "$((kafka_port + 1))" "$schedule_port" "$notify_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is in use: stop what runs there or choose other ports (see the top of $0)" >&2; exit 1
  fi
done

source "$root/deploy/local/postgres.sh"
ensure_postgres >/dev/null
mkdir -p "$root/bench/target"
for db in "$SCHEDULE_DB" "$NOTIFY_DB" "$peer_db"; do
  # FORCE cannot end an autovacuum worker still busy in the last run's database (it is the superuser's, so
  # "must be a member of the role"): try again for up to a minute, as LocalStack.recreateDatabase does
  for attempt in $(seq 1 30); do
    if psql -q -d postgres -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" 2>"$root/bench/target/drop.err"; then
      break
    fi
    # any other failure (no server, a wrong password) will not pass by waiting
    if [ "$attempt" -eq 30 ] || ! grep -q "must be a member of the role" "$root/bench/target/drop.err"; then
      cat "$root/bench/target/drop.err" >&2; exit 1
    fi
    sleep 2
  done
  psql -q -d postgres -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$db\""
done

stack_jar() { ls "$root"/deploy/local/stack/target/trialclock-local-stack-*.jar 2>/dev/null | grep -v -- '-sources' | head -1; }
if [ -z "$(stack_jar)" ] || [ ! -d "$root/deploy/local/stack/target/lib" ] \
   || [ ! -f "$root/schedule-service/target/quarkus-app/quarkus-run.jar" ] \
   || [ ! -f "$root/notify-service/target/quarkus-app/quarkus-run.jar" ] \
   || [ ! -d "$root/bench/target/lib" ] || [ ! -f "$root/bench/target/classes/META-INF/BenchmarkList" ]; then
  mkdir -p "$root/bench/target"
  echo "Building the stack and the bench (log: bench/target/build.log)..."
  ./mvnw -B -T1 -q package -DskipTests -pl deploy/local/stack,schedule-service,notify-service,bench -am \
    > "$root/bench/target/build.log" 2>&1 || { echo "build failed; see bench/target/build.log" >&2; exit 1; }
fi

rm -rf "$run"
mkdir -p "$run"
pids=()
stop_all() {
  # services first, then the broker; each by its pid, SIGKILL after 30 s
  for ((i=${#pids[@]}-1; i>=0; i--)); do
    local pid="${pids[$i]}"
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  done
}
trap stop_all EXIT
start() { # name, then the command; pid kept for stopping and for the bench's memory and CPU readings
  local name="$1"; shift
  "$@" > "$run/$name.log" 2>&1 &
  pids+=($!)
  echo "$name:$!" >> "$run/pids"
}

started=$(date +%s)
start kafka java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$(stack_jar):$root/deploy/local/stack/target/lib/*" org.trialclock.stack.KafkaBroker \
  "$run/kafka" "$kafka_port" "$((kafka_port + 1))"
export KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$kafka_port" QUARKUS_PROFILE=dev
# Bearer tokens: the services trust the local key pair; the bench calls as an admin of its teams.
source "$root/deploy/local/keys.sh"
ensure_local_keys
TRIALCLOCK_BEARER="$("$root/deploy/local/token.sh" admin zju-hsct bench-webhook drill-team)"
export TRIALCLOCK_BEARER
# The services' JVM options (word-split on purpose), as up.sh gives them unless TRIALCLOCK_SERVICE_JAVA_OPTS says.
read -r -a service_opts <<< "${TRIALCLOCK_SERVICE_JAVA_OPTS:--Xmx512m}"
echo "services' JVM options: ${service_opts[*]}"
QUARKUS_HTTP_PORT="$schedule_port" start schedule-service java "${service_opts[@]}" -jar "$root/schedule-service/target/quarkus-app/quarkus-run.jar"
QUARKUS_HTTP_PORT="$notify_port" start notify-service java "${service_opts[@]}" -jar "$root/notify-service/target/quarkus-app/quarkus-run.jar"

ready() { curl -fs "http://127.0.0.1:$1/q/health/ready" >/dev/null 2>&1; }
for _ in $(seq 1 240); do
  ready "$schedule_port" && ready "$notify_port" && break
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "a stack process stopped; logs in $run" >&2; tail -20 "$run"/*.log >&2; exit 1; }
  done
  sleep 0.5
done
ready "$schedule_port" && ready "$notify_port" || { echo "stack not ready after 120 s; logs in $run" >&2; exit 1; }
echo "stack up in $(( $(date +%s) - started )) s (logs in $run)"

java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$root/bench/target/classes:$root/bench/target/lib/*" org.trialclock.bench.run.BenchMain \
  --quick="$quick" --profile="$profile" --only="$only" --notify-paused="$notify_paused" --schedule-port="$schedule_port" --notify-port="$notify_port" \
  --kafka-port="$kafka_port" --pg="$PGHOST:$PGPORT" --schedule-db="$SCHEDULE_DB" --notify-db="$NOTIFY_DB" \
  --peer-db="$peer_db" --db-user="$PGUSER" --db-password="$PGPASSWORD" --run-dir="$run" \
  --output="$root/bench/results/latest.json" --label="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  --pids="$(paste -sd, "$run/pids")" --deadline="$((began + 840))" 2>&1 | tee "$run/bench.log"
exit "${PIPESTATUS[0]}"
