#!/usr/bin/env bash
# Docker Compose v2 as a CLI plugin, built from the Go module proxy (no GitHub download here),
# cached beside the other tools and linked to ~/.docker/cli-plugins/docker-compose.
# A second run only checks the link: seconds.
set -euo pipefail

VERSION=2.40.3
TOOLS_DIR=${TICKETING_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ticketing/tools}
OUT_DIR="$TOOLS_DIR/docker-compose-$VERSION"
BIN="$OUT_DIR/docker-compose"
PLUGIN_DIR="${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins"

if [ ! -x "$BIN" ] || ! "$BIN" version 2>/dev/null | grep -q "v$VERSION"; then
  command -v go >/dev/null || { echo "docker compose: Go is needed to build the plugin" >&2; exit 1; }
  echo "docker compose: building v$VERSION from the Go module proxy (about a minute, once)"
  started=$(date +%s)
  mod_dir=$(cd /tmp && go mod download -json "github.com/docker/compose/v2@v$VERSION" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -d "$mod_dir" ] || { echo "docker compose: go mod download gave no module dir" >&2; exit 1; }
  work=$(mktemp -d)
  trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
  # The module cache is read-only; build from a writable copy.
  cp -r "$mod_dir" "$work/src" && chmod -R u+w "$work/src"
  mkdir -p "$OUT_DIR"
  (cd "$work/src" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath \
    -ldflags "-s -w -X github.com/docker/compose/v2/internal.Version=v$VERSION" \
    -o "$BIN.tmp" ./cmd)
  mv "$BIN.tmp" "$BIN"
  echo "docker compose: built in $(($(date +%s) - started)) s"
fi

mkdir -p "$PLUGIN_DIR"
ln -sfn "$BIN" "$PLUGIN_DIR/docker-compose"
"$BIN" version
