#!/usr/bin/env bash
# Runs every test of TrialClock against real pieces: PostgreSQL on this machine (installed and started if
# needed) and in-JVM Kafka brokers. Usage: deploy/local/test.sh [extra Maven arguments]
# The last line is Surefire's summary added up over all modules.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/deploy/local/postgres.sh"
ensure_postgres
# Headless Chromium (Debian's chromium and chromium-driver) for the tests that render pages and pictures.
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  echo "Chromium: not installed; installing chromium and chromium-driver with apt"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
fi
cd "$root"
mkdir -p deploy/local/.run
log=deploy/local/.run/test.log
set +e
./mvnw -B -T1 verify "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# Each module ends its tests with "Tests run: N, Failures: F, Errors: E, Skipped: S" (no " -- in " class name).
grep -E '^\[(INFO|WARNING|ERROR)\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$' "$log" \
  | awk -F'[:,]' '{run+=$2; fail+=$4; err+=$6; skip+=$8}
      END {printf "All modules: Tests run: %d, Failures: %d, Errors: %d, Skipped: %d\n", run, fail, err, skip}'
exit "$status"
