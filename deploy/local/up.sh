#!/usr/bin/env bash
# Starts TrialClock locally without Docker: this machine's PostgreSQL (installed and started if needed), a real
# Kafka broker (KRaft, from Maven Central jars) and both services, in the background. Logs and pids go to
# deploy/local/.run/. Running it twice is harmless: what already runs is left alone, and what is still stopping
# (down.sh or a SIGTERM under way) is waited for and started again. Stop with down.sh.
# Ports: TRIALCLOCK_KAFKA_PORT (9092), TRIALCLOCK_SCHEDULE_PORT (8080), TRIALCLOCK_NOTIFY_PORT (8081).
# Databases: SCHEDULE_DB (schedule), NOTIFY_DB (notify), so two stacks can share one PostgreSQL.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
run="$root/deploy/local/.run"
mkdir -p "$run"
kafka_port="${TRIALCLOCK_KAFKA_PORT:-9092}"
schedule_port="${TRIALCLOCK_SCHEDULE_PORT:-8080}"
notify_port="${TRIALCLOCK_NOTIFY_PORT:-8081}"
started=$(date +%s)

source "$root/deploy/local/postgres.sh"
ensure_postgres
export SCHEDULE_DB="${SCHEDULE_DB:-schedule}" NOTIFY_DB="${NOTIFY_DB:-notify}"
ensure_database "$SCHEDULE_DB"
ensure_database "$NOTIFY_DB"

# Bearer tokens: a key pair made on first run (deploy/local/.keys/, git-ignored); mint tokens with token.sh.
source "$root/deploy/local/keys.sh"
ensure_local_keys
# The dev profile's page signs people in locally (pick a role and teams) with the same private key.
export TRIALCLOCK_DEV_SIGN_IN_KEY_LOCATION="file:$root/deploy/local/.keys/private.pem"

stack_jar() { ls "$root"/deploy/local/stack/target/trialclock-local-stack-*.jar 2>/dev/null | grep -v -- '-sources' | head -1; }
if [ -z "$(stack_jar)" ] || [ ! -d "$root/deploy/local/stack/target/lib" ] \
   || [ ! -f "$root/schedule-service/target/quarkus-app/quarkus-run.jar" ] \
   || [ ! -f "$root/notify-service/target/quarkus-app/quarkus-run.jar" ]; then
  echo "Building (first run; the log is in $run/build.log)..."
  (cd "$root" && ./mvnw -B -T1 -q package -DskipTests -pl deploy/local/stack,schedule-service,notify-service -am) \
    > "$run/build.log" 2>&1 || { echo "build failed; see $run/build.log" >&2; exit 1; }
fi

alive() { [ -f "$run/$1.pid" ] && kill -0 "$(cat "$run/$1.pid")" 2>/dev/null; }

# What this run started: a process of ours that dies is a failure. One that was already there and dies was stopping
# (down.sh, a SIGTERM): it is started again once it has exited, since its port is free only then.
declare -A fresh=()

start() { # name, then the command
  local name="$1"; shift
  if alive "$name"; then echo "$name: already running (pid $(cat "$run/$name.pid"))"; return; fi
  nohup "$@" > "$run/$name.log" 2>&1 &
  echo $! > "$run/$name.pid"
  fresh[$name]=1
  echo "$name: started (pid $!, log $run/$name.log)"
}

start_kafka() {
  start kafka java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$(stack_jar):$root/deploy/local/stack/target/lib/*" org.trialclock.stack.KafkaBroker \
    "$run/kafka" "$kafka_port" "$((kafka_port + 1))"
}
export KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$kafka_port"
# The dev profile: care team zju-hsct seeded in notify-service, emails written to its log instead of sent, and
# the clock movable for demos with POST /admin/clock/advance (header X-Admin-Token: dev-only). Never in production.
export QUARKUS_PROFILE=dev
start_schedule-service() {
  QUARKUS_HTTP_PORT="$schedule_port" start schedule-service java -Xmx512m -jar "$root/schedule-service/target/quarkus-app/quarkus-run.jar"
}
start_notify-service() {
  QUARKUS_HTTP_PORT="$notify_port" start notify-service java -Xmx512m -jar "$root/notify-service/target/quarkus-app/quarkus-run.jar"
}
start_kafka
start_schedule-service
start_notify-service

ready() { curl -fs "http://127.0.0.1:$1/q/health/ready" >/dev/null 2>&1; }
for _ in $(seq 1 360); do
  ready "$schedule_port" && ready "$notify_port" && break
  for name in kafka schedule-service notify-service; do
    alive "$name" && continue
    if [ -z "${fresh[$name]:-}" ]; then
      echo "$name: the running one has stopped; starting it again"
      "start_$name"
      continue
    fi
    echo "$name stopped; its log:" >&2; tail -30 "$run/$name.log" >&2; exit 1
  done
  sleep 0.5
done
ready "$schedule_port" && ready "$notify_port" || { echo "services not ready after 180 s; see $run/*.log" >&2; exit 1; }

cat <<EOF2
TrialClock is up ($(( $(date +%s) - started )) s).
  schedule-service  http://127.0.0.1:$schedule_port   (GET /protocols, POST /enrollments, /q/openapi, /q/health)
  notify-service    http://127.0.0.1:$notify_port   (GET /teams/{team}/inbox, /q/openapi, /q/health)
  Kafka             127.0.0.1:$kafka_port
Care teams zju-hsct and rj-bmt are seeded; emails go to $run/notify-service.log. Every REST call needs a token:
  token=\$(deploy/local/token.sh care-team zju-hsct)    # ROLE [TEAM...]; coordinator, investigator, admin too
  curl -H "Authorization: Bearer \$token" http://127.0.0.1:$notify_port/teams/zju-hsct/inbox
Move time for a demo (admin):
  admin=\$(deploy/local/token.sh admin zju-hsct)
  for port in $schedule_port $notify_port; do curl -XPOST -H 'X-Admin-Token: dev-only' -H "Authorization: Bearer \$admin" \\
    -H 'content-type: application/json' -d '{"by":"P7D"}' http://127.0.0.1:\$port/admin/clock/advance; done
Stop it with deploy/local/down.sh
EOF2
