#!/usr/bin/env bash
# Prints a bearer token for the local stack: deploy/local/token.sh ROLE [TEAM...]
#   ROLE: coordinator | care-team | investigator | admin;  TEAM: the care teams it acts for (e.g. zju-hsct)
#   The subject (who did it) is local-ROLE, or TRIALCLOCK_SUBJECT if set. RS256, issuer trialclock-local, 8 h.
# Signed with the key pair up.sh made (deploy/local/.keys/); the services of the local stack trust only that key.
#   curl -H "Authorization: Bearer $(deploy/local/token.sh care-team zju-hsct)" localhost:8081/teams/zju-hsct/inbox
set -euo pipefail
keys="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/.keys"
usage() { echo "usage: $0 coordinator|care-team|investigator|admin [TEAM...]" >&2; exit 2; }
[ $# -ge 1 ] || usage
role="$1"; shift
case "$role" in coordinator|care-team|investigator|admin) ;; *) usage ;; esac
[ -f "$keys/private.pem" ] || { echo "no local signing key yet: run deploy/local/up.sh first" >&2; exit 1; }
subject="${TRIALCLOCK_SUBJECT:-local-$role}"
safe='^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'
for name in "$subject" "$@"; do
  [[ "$name" =~ $safe ]] || { echo "not a safe id: '$name' (letters, digits, . _ -)" >&2; exit 2; }
done
teams=""
for team in "$@"; do teams="$teams${teams:+,}\"$team\""; done
now=$(date +%s)
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
claims=$(printf '{"iss":"trialclock-local","sub":"%s","iat":%d,"exp":%d,"roles":["%s"],"teams":[%s]}' \
  "$subject" "$now" "$((now + 8 * 3600))" "$role" "$teams" | b64url)
signature=$(printf '%s.%s' "$header" "$claims" | openssl dgst -sha256 -sign "$keys/private.pem" -binary | b64url)
echo "$header.$claims.$signature"
