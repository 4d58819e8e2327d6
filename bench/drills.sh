#!/usr/bin/env bash
# Fault drills against the local stack built from this checkout: bench/drills.sh [NAME...] (all eight without a
# name). Each drill starts its own fresh stack (broker, both services, new databases), runs a burst of due tasks
# through a fault, stops everything by itself and prints one line (lost and duplicated by raw message received):
#   drill=<name> expected=<n> lost=<n> duplicated=<n> seconds=<s> raw_mail=<n> raw_webhook=<n>
# Details (when each fault hit, dead letters and their reasons) go to stderr; logs to bench/target/drills/<name>/.
# Settings (environment; defaults are deploy/local/up.sh's, see bench/README.md):
#   TRIALCLOCK_SCHEDULE_PORT (8080), TRIALCLOCK_NOTIFY_PORT (8081), a second replica on each + 2,
#   TRIALCLOCK_KAFKA_PORT (9092, controller + 1), SCHEDULE_DB (drill_schedule), NOTIFY_DB (drill_notify): the
#   drills drop and recreate these two databases, so never point them at up.sh's schedule and notify.
#   PGHOST, PGPORT (5432), PGUSER, PGPASSWORD: postgres-restart restarts the cluster serving PGPORT (pg_lsclusters);
#   it refuses the cluster named main unless DRILL_RESTART_MAIN_CLUSTER=yes. Give the drills their own cluster:
#     pg_createcluster 15 drill --port 5544 && PGPORT=5544 bench/drills.sh
#   DRILL_TASKS (each drill's own default), DRILL_SEED (random), DRILL_STALL_SECONDS (150: longer than a timed-out send's 30 s plus the 30 s before it is sent again, twice over), DRILL_MAX_SECONDS (600).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mkdir -p "$root/bench/target"

source "$root/deploy/local/postgres.sh"
# A cluster of the drills' own (not main) that is down is started here; ensure_postgres only knows main.
if ! pg_ready && command -v pg_lsclusters >/dev/null 2>&1; then
  read -r version name status < <(pg_lsclusters -h | awk -v p="$PGPORT" '$3==p{print $1, $2, $4; exit}') || true
  if [ -n "${name:-}" ] && [ "$name" != main ]; then
    echo "PostgreSQL: starting cluster $version/$name on port $PGPORT"
    pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start
    for _ in $(seq 1 60); do pg_ready && break; sleep 0.5; done
  fi
fi
ensure_postgres >&2

bench_jar() { ls "$root"/bench/target/trialclock-bench-*.jar 2>/dev/null | grep -v -- '-sources' | head -1; }
if [ -z "$(bench_jar)" ] || [ ! -d "$root/bench/target/lib" ] \
   || ! ls "$root"/deploy/local/stack/target/trialclock-local-stack-*.jar >/dev/null 2>&1 \
   || [ ! -d "$root/deploy/local/stack/target/lib" ] \
   || [ ! -f "$root/schedule-service/target/quarkus-app/quarkus-run.jar" ] \
   || [ ! -f "$root/notify-service/target/quarkus-app/quarkus-run.jar" ]; then
  echo "Building (first run; the log is in bench/target/build.log)..." >&2
  (cd "$root" && ./mvnw -B -T1 -q package -DskipTests -pl deploy/local/stack,schedule-service,notify-service,bench -am) \
    > "$root/bench/target/build.log" 2>&1 || { echo "build failed; see bench/target/build.log" >&2; exit 1; }
fi

# Bearer tokens: the drills' services trust the local key pair; the drills call as an admin of their teams.
source "$root/deploy/local/keys.sh"
ensure_local_keys >&2
TRIALCLOCK_BEARER="$("$root/deploy/local/token.sh" admin zju-hsct bench-webhook drill-team)"
export TRIALCLOCK_BEARER

exec java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$(bench_jar):$root/bench/target/lib/*" org.trialclock.bench.drill.Drills "$root" "$@"
