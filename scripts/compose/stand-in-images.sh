#!/usr/bin/env bash
# No image registry is reachable here, so the public images docker-compose.yml and the
# Dockerfile name are built locally, under the same names, from the real software: Debian's
# packages, the Node 20 binary, and the tools bootstrap's own binaries. Each behaves like the
# public image as far as the compose file uses it (same binary paths, entrypoints, users).
# An image that already exists (by tag) is left alone, so a warm run takes a second.
# Set STAND_IN_REBUILD=1 to rebuild them all.
set -euo pipefail
cd "$(dirname "$0")/../.."

DAPR_VERSION=$(node -p "require('./packages/toolchain/versions.json').dapr")
FERRETDB_VERSION=$(node -p "require('./packages/toolchain/versions.json').ferretdb")
tool() { npx --no-install tsx -e "process.stdout.write(require('@ticketing/toolchain').toolPath('$1'))"; }

# A static binary runs on scratch like the official images; a dynamic one needs a libc.
base_for() { if ldd "$1" >/dev/null 2>&1; then echo debian:bookworm-slim; else echo scratch; fi; }

have() { [ -z "${STAND_IN_REBUILD:-}" ] && docker image inspect "$1" >/dev/null 2>&1; }
ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT
label=(--label org.opencontainers.image.description="ticketing stand-in, built locally")

# Builds image $1 from the Dockerfile on stdin with the files already in $ctx/$1.
build() {
  local tag=$1 dir="$ctx/$(echo "$1" | tr '/:' '__')"
  mkdir -p "$dir"
  cat >"$dir/Dockerfile"
  shift
  for f in "$@"; do cp -L "$f" "$dir/"; done
  DOCKER_BUILDKIT=0 docker build -q "${label[@]}" -t "$tag" "$dir" >/dev/null
  echo "stand-in: built $tag ($(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%.0f MB", $1/1e6}'))"
}

# Like the official slim images: no docs, man pages or translations.
SLIM=(--hook-dir=/usr/share/mmdebstrap/hooks/merged-usr --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright'
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*'
  --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/lintian/*'
  --customize-hook='rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/*')

# debian:bookworm-slim: Debian's minimal root filesystem.
if ! have debian:bookworm-slim; then
  command -v mmdebstrap >/dev/null || (apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mmdebstrap >/dev/null)
  echo "stand-in: debian:bookworm-slim from mmdebstrap (once; under a minute on an idle machine)"
  mmdebstrap --quiet --variant=minbase "${SLIM[@]}" bookworm - | docker import --change 'CMD ["bash"]' - debian:bookworm-slim >/dev/null
fi

# node:20-bookworm-slim: the Node 20 binary and npm at the official image's paths, user node (1000).
if ! have node:20-bookworm-slim; then
  node_bin=$(command -v node)
  node --version | grep -q '^v20\.' || { echo "stand-in: need a Node 20 binary, found $(node --version)" >&2; exit 1; }
  npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
  mkdir -p "$ctx/node_20-bookworm-slim"
  cp -r "$npm_dir" "$ctx/node_20-bookworm-slim/npm"
  build node:20-bookworm-slim "$node_bin" <<'DOCKERFILE'
FROM debian:bookworm-slim
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && echo 'node:x:1000:1000::/home/node:/bin/bash' >> /etc/passwd \
 && echo 'node:x:1000:' >> /etc/group \
 && mkdir -p /home/node && chown 1000:1000 /home/node
ENV NODE_VERSION=20
CMD ["node"]
DOCKERFILE
fi

# redis:7: Debian's redis-server (7.0) running as user redis in /data, reachable from the
# network without a password as the official image's entrypoint arranges.
if ! have redis:7; then
  echo "stand-in: redis:7 from Debian's redis-server (mmdebstrap)"
  mmdebstrap --quiet --variant=minbase --include=redis-server "${SLIM[@]}" \
    --customize-hook='mkdir -p "$1"/data && chroot "$1" chown redis:redis /data' \
    bookworm - | docker import \
      --change 'WORKDIR /data' --change 'USER redis' --change 'EXPOSE 6379' \
      --change 'CMD ["redis-server", "--protected-mode", "no", "--dir", "/data"]' \
      - redis:7 >/dev/null
fi

# daprio/daprd, placement, scheduler: one static binary at /, distroless-style user nonroot.
for bin in daprd placement scheduler; do
  tag="daprio/$bin:$DAPR_VERSION"
  have "$tag" && continue
  cp -L /etc/ssl/certs/ca-certificates.crt "$ctx/ca-certificates.crt"
  dir="$ctx/$(echo "$tag" | tr '/:' '__')"
  # distroless has a world-writable /tmp (sticky), where the nats profile keeps actor state.
  mkdir -p "$dir/root/tmp" && chmod 1777 "$dir/root/tmp"
  tar -C "$dir/root" --owner=0 --group=0 -cf "$dir/tmp.tar" tmp
  bin_path=$(tool "$bin")
  build "$tag" "$bin_path" "$ctx/ca-certificates.crt" <<DOCKERFILE
FROM $(base_for "$bin_path")
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
ADD tmp.tar /
COPY $bin /$bin
WORKDIR /
USER 65532:65532
DOCKERFILE
done

# nats:2.10: /nats-server with the same entrypoint as the official scratch image.
if ! have nats:2.10; then
  bin_path=$(tool nats-server)
  build nats:2.10 "$bin_path" <<DOCKERFILE
FROM $(base_for "$bin_path")
COPY nats-server /nats-server
EXPOSE 4222 8222 6222
ENTRYPOINT ["/nats-server"]
CMD ["-js"]
DOCKERFILE
fi

# stripe/stripe-mock: /stripe-mock listening on 12111 (http) and 12112 (https), as upstream.
if ! have stripe/stripe-mock:latest; then
  build stripe/stripe-mock:latest "$(tool stripe-mock)" <<'DOCKERFILE'
FROM debian:bookworm-slim
COPY stripe-mock /stripe-mock
EXPOSE 12111 12112
ENTRYPOINT ["/stripe-mock", "-http-port", "12111", "-https-port", "12112"]
DOCKERFILE
fi

# jaegertracing/jaeger:2.13.0: Jaeger v2, the bootstrap's cmd/jaeger (module v1.76.0 is release
# 2.13.0; the module's CHANGELOG pairs them) at the official image's path, user and listen-host
# setting. With no --config it runs its built-in all-in-one configuration (OTLP in, memory
# store, UI and query API on 16686), as upstream.
JAEGER_IMAGE=jaegertracing/jaeger:2.13.0
if ! have "$JAEGER_IMAGE"; then
  bin_path=$(tool jaeger)
  dir="$ctx/$(echo "$JAEGER_IMAGE" | tr '/:' '__')"
  # Its memory store and the collector's queues may write to /tmp (a VOLUME upstream).
  mkdir -p "$dir/root/tmp" && chmod 1777 "$dir/root/tmp"
  tar -C "$dir/root" --owner=0 --group=0 -cf "$dir/tmp.tar" tmp
  cp -L /etc/ssl/certs/ca-certificates.crt "$ctx/ca-certificates.crt"
  build "$JAEGER_IMAGE" "$bin_path" "$ctx/ca-certificates.crt" <<DOCKERFILE
FROM $(base_for "$bin_path")
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
ADD tmp.tar /
COPY jaeger /cmd/jaeger/jaeger-linux
ENV JAEGER_LISTEN_HOST=0.0.0.0
EXPOSE 4317 4318 5778 5779 9411 13133 14250 14268 16686
VOLUME ["/tmp"]
ENTRYPOINT ["/cmd/jaeger/jaeger-linux"]
USER 10001
DOCKERFILE
fi

# axllent/mailpit: /mailpit as the entrypoint (SMTP 1025, UI and API 8025), root as upstream,
# with the image's own health check. Messages live in a temporary database under /tmp.
MAILPIT_IMAGE=axllent/mailpit:v$(node -p "require('./packages/toolchain/versions.json').mailpit")
if ! have "$MAILPIT_IMAGE"; then
  bin_path=$(tool mailpit)
  dir="$ctx/$(echo "$MAILPIT_IMAGE" | tr '/:' '__')"
  mkdir -p "$dir/root/tmp" && chmod 1777 "$dir/root/tmp"
  tar -C "$dir/root" --owner=0 --group=0 -cf "$dir/tmp.tar" tmp
  build "$MAILPIT_IMAGE" "$bin_path" <<DOCKERFILE
FROM $(base_for "$bin_path")
ADD tmp.tar /
COPY mailpit /mailpit
EXPOSE 1025/tcp 1110/tcp 8025/tcp
HEALTHCHECK --interval=15s --start-period=10s CMD ["/mailpit", "readyz"]
ENTRYPOINT ["/mailpit"]
DOCKERFILE
fi

# The MongoDB stand-in compose uses through MONGO_IMAGE: FerretDB (SQLite) on 27017 with its
# data in /data/db like mongo:7, and bash for the compose healthcheck.
FERRETDB_IMAGE=ticketing/ferretdb:$FERRETDB_VERSION
if ! have "$FERRETDB_IMAGE"; then
  build "$FERRETDB_IMAGE" "$(tool ferretdb)" <<'DOCKERFILE'
FROM debian:bookworm-slim
COPY ferretdb /usr/local/bin/ferretdb
RUN echo 'ferretdb:x:999:999::/data:/usr/sbin/nologin' >> /etc/passwd \
 && echo 'ferretdb:x:999:' >> /etc/group \
 && mkdir -p /data/db /data/configdb && chown -R 999:999 /data
USER ferretdb
EXPOSE 27017
# Immediate transactions and WAL as in tye.yaml; decision 004: one process per database.
ENTRYPOINT ["ferretdb", "--handler=sqlite", \
  "--sqlite-url=file:/data/db/?_txlock=immediate&_pragma=synchronous(normal)", \
  "--state-dir=/data/configdb", "--listen-addr=:27017", "--debug-addr=-", \
  "--telemetry=disable", "--log-level=error"]
DOCKERFILE
fi
# golang:1.26-bookworm: the host's Go toolchain at the official image's paths (GOROOT
# /usr/local/go, GOPATH /go), for the insights service's build stage. Its module cache is
# seeded with the modules services/insights/go.sum names (from the host's cache), as a warm
# build cache would be, so the build needs no network.
GO_TAG=golang:1.26-bookworm
if ! have "$GO_TAG"; then
  go version | grep -q 'go1\.26' || { echo "stand-in: need a Go 1.26 toolchain, found $(go version)" >&2; exit 1; }
  dir="$ctx/$(echo "$GO_TAG" | tr '/:' '__')"
  mkdir -p "$dir/modcache"
  (cd services/insights && go mod download)
  modcache=$(go env GOMODCACHE)
  for m in $(cd services/insights && go list -m -f '{{if not .Main}}{{.Path}}{{end}}' all); do
    mkdir -p "$dir/modcache/$m/@v"
    cp -L "$modcache/cache/download/$m/@v/"* "$dir/modcache/$m/@v/" 2>/dev/null || true
  done
  cp -rL "$(go env GOROOT)" "$dir/go"
  cp -L /etc/ssl/certs/ca-certificates.crt "$dir/ca-certificates.crt"
  build "$GO_TAG" <<'DOCKERFILE'
FROM debian:bookworm-slim
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY go /usr/local/go
COPY modcache /go/pkg/mod/cache/download
ENV GOLANG_VERSION=1.26 GOPATH=/go GOTOOLCHAIN=local PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
WORKDIR /go
DOCKERFILE
fi
echo "stand-in: images ready (MONGO_IMAGE=$FERRETDB_IMAGE)"
