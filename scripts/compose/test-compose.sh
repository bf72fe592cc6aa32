#!/usr/bin/env bash
# `npm run test:compose`: the platform in real containers, as operators run it.
#   1. a Docker daemon (Debian's docker.io, started here when none answers),
#   2. the Compose v2 plugin, built from the Go module proxy (cached with the other tools),
#   3. stand-ins for the public images no registry serves here, under their public names,
#   4. the app images, built by `docker compose build` from this checkout,
#   5. the journey test (test/compose) once per broker profile.
# Ends with `Tests: N passed, N failed`. Where no Docker daemon can run it says so and counts
# nothing. Stops the daemon at the end only if it started it.
set -uo pipefail
cd "$(dirname "$0")/../.."
mkdir -p test-output
export DOCKER_BUILDKIT=${DOCKER_BUILDKIT:-0} COMPOSE_DOCKER_CLI_BUILD=0 NEXT_TELEMETRY_DISABLED=1
started=$(date +%s)
phase() { echo; echo "--- compose: $1 ($(( $(date +%s) - started )) s)"; }

daemon_pid=""
finish() {
  local code=$1 passed=$2 failed=$3
  if [ -n "$daemon_pid" ]; then
    echo "compose: stopping the dockerd this run started (pid $daemon_pid)"
    kill "$daemon_pid" 2>/dev/null
    for _ in $(seq 1 30); do kill -0 "$daemon_pid" 2>/dev/null || break; sleep 1; done
  fi
  echo "compose: step took $(( $(date +%s) - started )) s"
  echo
  echo "Tests: $passed passed, $failed failed"
  exit "$code"
}

phase "Docker daemon"
if ! out=$(bash scripts/compose/ensure-docker.sh 2>&1); then
  echo "$out"
  echo "compose: SKIPPED: no Docker daemon can run on this machine (see above); the compose"
  echo "compose: journey was not tested. Nothing counted as passed or failed."
  finish 0 0 0
fi
echo "$out"
last=$(echo "$out" | tail -1)
[ "${last%% *}" = started ] && daemon_pid=${last#started }

phase "Compose plugin"
bash scripts/compose/ensure-compose-plugin.sh || finish 1 0 1

phase "stand-in images"
bash scripts/compose/stand-in-images.sh || finish 1 0 1
MONGO_IMAGE=${MONGO_IMAGE:-ticketing/ferretdb:$(node -p "require('./packages/toolchain/versions.json').ferretdb")}
export MONGO_IMAGE

phase "app images (docker compose build)"
# Where this machine reaches the npm registry through a TLS-inspecting proxy, the build's npm
# needs the CA certificates added locally (what the host's own npm trusts).
if [ -z "${EXTRA_CA_CERT:-}" ] && ls /usr/local/share/ca-certificates/*.crt >/dev/null 2>&1; then
  EXTRA_CA_CERT=$(cat /usr/local/share/ca-certificates/*.crt)
  export EXTRA_CA_CERT
fi
# The shared build stage first, once; every app image then takes it from the cache.
docker build -q --target build --build-arg EXTRA_CA_CERT -t ticketing/build:latest . >/dev/null ||
  finish 1 0 1
# Every image, including the nats profile's jetstream-init; .env.example only fills the settings
# compose insists on.
COMPOSE_PROFILES=nats docker compose --env-file .env.example build -q || finish 1 0 1
docker images --filter reference='ticketing/*' --format '{{.Repository}}:{{.Tag}} {{.Size}}' |
  grep -v ticketing/build | tee test-output/compose-images.txt

phase "journeys (test/compose)"
npx jest -c test/compose/jest.config.js --runInBand --forceExit \
  --json --outputFile=test-output/jest-compose.json
status=$?
if [ ! -f test-output/jest-compose.json ]; then finish 1 0 1; fi
read -r passed failed < <(node -e '
  const r = require("./test-output/jest-compose.json");
  console.log(r.numPassedTests, r.numFailedTests + r.numRuntimeErrorTestSuites)')
[ "$status" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
finish "$status" "$passed" "$failed"
