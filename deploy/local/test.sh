#!/usr/bin/env bash
# Runs every test of TrialClock against real pieces: PostgreSQL on this machine (installed and started if
# needed) and in-JVM Kafka brokers. Usage: deploy/local/test.sh [extra Maven arguments]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/deploy/local/postgres.sh"
ensure_postgres
cd "$root"
exec ./mvnw -B -T1 verify "$@"
