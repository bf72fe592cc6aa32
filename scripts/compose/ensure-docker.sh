#!/usr/bin/env bash
# Makes sure a Docker daemon answers: installs Debian's docker.io when dockerd is missing and
# starts dockerd when nothing answers on the socket. Prints `started <pid>` on its last line when
# it started the daemon (the caller stops only a daemon it started), `running` otherwise.
# Exit 1 with a message when no daemon can be had.
set -uo pipefail

LOG=${DOCKERD_LOG:-/tmp/ticketing-dockerd.log}

if docker info >/dev/null 2>&1; then
  echo "docker: a daemon is already running ($(docker version -f '{{.Server.Version}}' 2>/dev/null))"
  echo running
  exit 0
fi

if ! command -v dockerd >/dev/null; then
  echo "docker: installing Debian's docker.io"
  if ! (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      --no-install-recommends docker.io >/dev/null); then
    echo "docker: could not install docker.io (apt-get failed)" >&2
    exit 1
  fi
fi

# A daemon user would have (iptables for published ports and outbound NAT during builds).
echo "docker: starting dockerd (log: $LOG)"
dockerd >"$LOG" 2>&1 &
pid=$!
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    echo "docker: dockerd $(docker version -f '{{.Server.Version}}') is up (pid $pid)"
    echo "started $pid"
    exit 0
  fi
  if ! kill -0 "$pid" 2>/dev/null; then break; fi
  sleep 1
done
echo "docker: dockerd did not come up; last lines of $LOG:" >&2
tail -20 "$LOG" >&2
kill "$pid" 2>/dev/null
exit 1
