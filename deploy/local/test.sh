#!/usr/bin/env bash
# Runs every test of TrialClock against real pieces: PostgreSQL on this machine (installed and started if
# needed) and in-JVM Kafka brokers. Usage: deploy/local/test.sh [extra Maven arguments]
# The last line is Surefire's summary added up over all modules.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/deploy/local/postgres.sh"
ensure_postgres

# The manifest check (module deploy/k8s) renders the overlays with `kubectl kustomize` and FAILS without it, so
# kubectl must be here and new enough: the kustomizations use labels:, replicas: and targeted patches, which
# need kustomize v4 or later (kubectl 1.21+). Debian's own package (kubernetes-client, kubectl 1.20.2 with
# kustomize v2.0.3) is too old to render them; this machine image ships kubectl 1.32 (kustomize v5.5) as the
# `kubectl` package, which apt reinstalls where it has that source. Anything else stops here, loudly.
kustomize_major() {
  kubectl version --client 2>/dev/null | sed -n 's/^Kustomize Version: v\([0-9]*\).*/\1/p'
}
ensure_kubectl() {
  local major
  major="$(kustomize_major || true)"
  if [ -z "$major" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "kubectl with kustomize is missing or too old: installing kubectl from the machine's package sources" >&2
    apt-get update -qq >/dev/null || true
    apt-get install -y -qq kubectl >/dev/null || true
    major="$(kustomize_major || true)"
  fi
  if [ -z "$major" ] || [ "$major" -lt 4 ]; then
    echo "ERROR: kubectl with kustomize v4 or later is needed to check deploy/k8s (found: ${major:-none})." >&2
    echo "  Debian's kubernetes-client (kubectl 1.20) is too old; install kubectl 1.21+ from your distribution" >&2
    echo "  or Kubernetes' own package repository, then run this again." >&2
    exit 1
  fi
}
ensure_kubectl

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
