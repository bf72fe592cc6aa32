#!/usr/bin/env bash
# Builds the insights binary when its sources changed (cached by their hash in bin/, which git
# ignores), then becomes it (exec), so the runner's signals reach the Go process itself.
# `run.sh --build-only` builds and prints the binary's path.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The generated JSON Schemas; a relative CONTRACTS_DIR is taken from where we were started.
contracts="${CONTRACTS_DIR:-$here/../../packages/contracts/generated}"
[[ "$contracts" = /* ]] || contracts="$PWD/$contracts"
export CONTRACTS_DIR="$contracts"
cd "$here"
hash="$(find . -path ./bin -prune -o -type f \( -name '*.go' -o -name go.mod -o -name go.sum \) -print \
  | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)"
bin="$here/bin/insights-$hash"
if [[ ! -x "$bin" ]]; then
  mkdir -p bin
  echo "insights: building $bin" >&2
  tmp="$(mktemp "bin/.build-XXXXXX")"
  go build -buildvcs=false -o "$tmp" .
  mv -f "$tmp" "$bin"
  # Keep only the newest few builds.
  ls -1t bin/insights-* 2>/dev/null | tail -n +4 | xargs -r rm -f
fi
if [[ "${1:-}" == "--build-only" ]]; then
  echo "$bin"
  exit 0
fi
exec "$bin" "$@"
