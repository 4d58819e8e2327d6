# Sourced by up.sh, bench/run.sh and bench/drills.sh: the local stack's token signing key pair, made with openssl
# on first use under deploy/local/.keys/ (git-ignored, never committed; delete it to make a new pair). The
# services started afterwards trust its public key (OIDC_PUBLIC_KEY, base64 DER); token.sh signs with the
# private one. Production trusts its identity provider instead (OIDC_ISSUER, found by OIDC discovery).
ensure_local_keys() {
  local keys
  keys="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/.keys"
  if [ ! -f "$keys/private.pem" ] || [ ! -f "$keys/public.pem" ]; then
    mkdir -p "$keys"
    chmod 700 "$keys"
    (umask 077 && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$keys/private.pem" 2>/dev/null)
    openssl pkey -in "$keys/private.pem" -pubout -out "$keys/public.pem"
    echo "made the local token signing key pair in $keys"
  fi
  OIDC_PUBLIC_KEY="$(openssl pkey -pubin -in "$keys/public.pem" -outform DER | base64 -w0)"
  export OIDC_PUBLIC_KEY
}
