#!/usr/bin/env bash
# Makes sure this machine's PostgreSQL is installed, running and has TrialClock's role.
# Sourced by up.sh and test.sh; safe to run any number of times.
# Settings (libpq's own variables): PGHOST (127.0.0.1), PGPORT (5432), PGUSER (trialclock), PGPASSWORD (trialclock).
set -euo pipefail

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}"
export PGUSER="${PGUSER:-trialclock}" PGPASSWORD="${PGPASSWORD:-trialclock}"

# psql as the server's superuser over the local socket (peer authentication), not as TrialClock's role.
as_postgres() {
  local cmd=(env -u PGHOST -u PGPASSWORD PGUSER=postgres "$@")
  if [ "$(id -un)" = postgres ]; then "${cmd[@]}"; elif [ "$(id -u)" = 0 ]; then runuser -u postgres -- "${cmd[@]}"; else sudo -u postgres "${cmd[@]}"; fi
}

pg_ready() { pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; }

ensure_postgres() {
  if pg_ready; then
    echo "PostgreSQL: already running on $PGHOST:$PGPORT"
  else
    if ! command -v pg_lsclusters >/dev/null 2>&1; then
      echo "PostgreSQL: not installed; installing it with apt"
      local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
      $sudo apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
    fi
    local version
    version=$(pg_lsclusters -h | awk '$2=="main"{print $1; exit}')
    if [ -z "$version" ]; then
      version=$(ls /usr/lib/postgresql | sort -n | tail -1)
      local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
      $sudo pg_createcluster "$version" main
    fi
    echo "PostgreSQL: starting cluster $version/main"
    local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    for _ in $(seq 1 60); do pg_ready && break; sleep 0.5; done
    pg_ready || { echo "PostgreSQL did not start on $PGHOST:$PGPORT" >&2; return 1; }
  fi
  # The role the services and the tests use; CREATEDB because every test run makes its own fresh database.
  as_postgres psql -q -d postgres -v ON_ERROR_STOP=1 -v role="$PGUSER" -v pw="$PGPASSWORD" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', :'role', :'pw')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I LOGIN CREATEDB PASSWORD %L', :'role', :'pw') \gexec
SQL
}

# The local stack's own databases (tests make fresh ones instead).
ensure_database() {
  local db="$1"
  as_postgres psql -q -d postgres -v ON_ERROR_STOP=1 -v db="$db" -v role="$PGUSER" <<'SQL'
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL
}
