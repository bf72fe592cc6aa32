# One Dockerfile for every app: `docker build --build-arg APP=<name> .` where <name> is a folder
# of services/, or web, or jetstream-init. docker-compose.yml builds them all.
# Works with the classic builder and with BuildKit (no RUN --mount, no heredocs).

# Only the package manifests, so `npm ci` below is cached until a dependency changes.
FROM node:20-bookworm-slim AS manifests
WORKDIR /src
COPY . .
RUN mkdir /manifests && find . -name node_modules -prune -o \
      \( -name package.json -o -name package-lock.json \) -exec cp --parents {} /manifests/ \;

FROM node:20-bookworm-slim AS build
WORKDIR /src
ENV CI=true NEXT_TELEMETRY_DISABLED=1
COPY --from=manifests /manifests/ ./
# Behind a TLS-inspecting proxy, pass its CA certificate(s) as PEM text (not a secret; used only
# by this stage): --build-arg EXTRA_CA_CERT="$(cat proxy-ca.pem)".
ARG EXTRA_CA_CERT=""
# The registry may lack other platforms' builds the lock names; then install from the same lock.
RUN if [ -n "$EXTRA_CA_CERT" ]; then \
      printf '%s\n' "$EXTRA_CA_CERT" > /tmp/extra-ca.pem && export NODE_EXTRA_CA_CERTS=/tmp/extra-ca.pem; \
    fi \
 && (npm ci --no-audit --no-fund || npm install --no-save --no-audit --no-fund) \
 && npm cache clean --force && rm -f /tmp/extra-ca.pem
COPY . .
# Every app as one JavaScript bundle plus its production npm packages: /out/<app>.
RUN npx tsx scripts/docker/build-apps.ts /out

# The image that runs: compiled JavaScript and production packages only, as user node.
FROM node:20-bookworm-slim
ARG APP
ARG HEALTH_PATH=/healthz
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 HEALTH_PATH=${HEALTH_PATH}
WORKDIR /app
COPY --from=build /out/${APP}/ ./
COPY scripts/docker/healthcheck.js ./
# Next.js writes its cache (rendered pages, images) under .next/cache.
RUN if [ -d .next ]; then mkdir -p .next/cache && chown node:node .next/cache; fi
USER node
HEALTHCHECK --interval=5s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "/app/healthcheck.js"]
CMD ["node", "--enable-source-maps", "."]
