#!/usr/bin/env bash
# Writes the gitignored files the dev or prod overlay's secretGenerator reads:
#   secrets.env           the Secret `ticketing` (from secrets.env.example; random JWT and
#                         webhook secrets for dev, to be filled in by hand for prod)
#   dapr-api-token.env    the Secret `ticketing-dapr-api-token` (apps -> sidecars)
#   app-api-token.env     the Secret `ticketing-app-api-token` (sidecars -> apps)
# Existing files are kept, so running it again never rotates a secret by surprise.
set -euo pipefail
overlay=${1:-}
case "$overlay" in dev | prod) ;; *)
  echo "usage: $0 dev|prod" >&2
  exit 2
  ;;
esac
dir="$(cd "$(dirname "$0")" && pwd)/overlays/$overlay"

random() { # 64 hex characters
  if command -v openssl >/dev/null; then openssl rand -hex 32; else od -An -tx1 -N32 /dev/urandom | tr -d ' \n'; fi
}

write_once() { # write_once FILE CONTENT
  if [ -e "$1" ]; then
    echo "kept    $1"
  else
    (umask 077 && printf '%s\n' "$2" >"$1")
    echo "wrote   $1"
  fi
}

write_once "$dir/dapr-api-token.env" "token=$(random)"
write_once "$dir/app-api-token.env" "token=$(random)"
if [ "$overlay" = dev ]; then
  write_once "$dir/secrets.env" "$(sed -e '/^#/d' \
    -e "s/^jwt-secret=.*/jwt-secret=$(random)/" \
    -e "s/^stripe-webhook-secret=.*/stripe-webhook-secret=whsec_$(random)/" \
    "$dir/secrets.env.example")"
else
  write_once "$dir/secrets.env" "$(sed -e "s/^jwt-secret=.*/jwt-secret=$(random)/" "$dir/secrets.env.example")"
  echo "now fill in $dir/secrets.env (MongoDB, broker and Stripe) before kubectl apply -k"
fi
