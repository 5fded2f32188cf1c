#!/usr/bin/env bash
# A Docker engine for the container tests, with host networking only.
#
#   eval "$(scripts/docker-engine.sh start)"   # prints `export DOCKER_HOST=...` for the engine to use, and
#                                              # TIMELINE_KG_DOCKER_STARTED=1 when this call started it
#   scripts/docker-engine.sh stop              # stops the daemon `start` started (nothing else)
#   scripts/docker-engine.sh status
#
# Where a Docker engine already answers (DOCKER_HOST, else the default socket), `start` uses it and starts nothing.
# Otherwise it installs Debian's docker.io when dockerd is missing and starts a private dockerd for this checkout:
# data, exec root, socket, pid file and log under $TIMELINE_KG_DOCKER_ROOT (default <repo>/var/docker), so it never
# meets another engine on the machine. That daemon creates no network of its own: no docker0 bridge, no iptables
# rules, no forwarding, no private-range addresses. Containers on it use the host's network (`--network host`) and
# listen on loopback ports, which is why the compose override and the tests ask for host networking on it.
# `start` also installs the `docker compose` CLI plugin when it is missing (scripts/docker-compose-install.sh).
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
ROOT="${TIMELINE_KG_DOCKER_ROOT:-$REPO/var/docker}"
SOCKET="$ROOT/docker.sock"
PID_FILE="$ROOT/dockerd.pid"
LOG="$ROOT/dockerd.log"

say() { echo "docker-engine: $*" >&2; }
die() { say "error: $*"; exit 1; }

answers() {  # answers [DOCKER_HOST]: does an engine answer there (or at the default socket)?
  if [ -n "${1:-}" ]; then DOCKER_HOST="$1" timeout 10 docker version >/dev/null 2>&1
  else (unset DOCKER_HOST; timeout 10 docker version >/dev/null 2>&1); fi
}

our_pid() {  # the pid of the dockerd this checkout started, if it still runs
  local pid
  pid="$(cat "$PID_FILE" 2>/dev/null)" || return 1
  [ -n "$pid" ] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "dockerd .*--data-root $ROOT/data" \
    && echo "$pid"
}

install_engine() {
  command -v dockerd >/dev/null && command -v docker >/dev/null && return 0
  say "installing Debian's docker.io"
  # A package install may start the packaged service, whose default bridge (docker0, 172.17.0.0/16) is forbidden
  # here: deny service starts for the length of the install unless a policy already decides.
  local policy=/usr/sbin/policy-rc.d added=""
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && added=1; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io \
    >/dev/null || { [ -z "$added" ] || rm -f "$policy"; die "apt-get install docker.io failed"; }
  [ -z "$added" ] || rm -f "$policy"
}

remove_bridge() {  # a docker0 bridge must never exist here; delete one that some other engine left
  if ip link show docker0 >/dev/null 2>&1; then
    say "deleting a docker0 bridge (bridges are not allowed on this machine)"
    ip link delete docker0
  fi
}

start() {
  if [ -n "${DOCKER_HOST:-}" ] && answers "$DOCKER_HOST"; then
    say "using the engine at $DOCKER_HOST"; echo "export DOCKER_HOST=$DOCKER_HOST"; return 0
  fi
  if [ -z "${DOCKER_HOST:-}" ] && answers; then say "using the engine at the default socket"; return 0; fi
  if our_pid >/dev/null; then
    say "already running (pid $(our_pid), $SOCKET)"; echo "export DOCKER_HOST=unix://$SOCKET"; return 0
  fi
  install_engine
  bash "$REPO/scripts/docker-compose-install.sh" >&2
  mkdir -p "$ROOT/data" "$ROOT/exec"
  [ -f "$ROOT/daemon.json" ] || echo '{}' >"$ROOT/daemon.json"  # never pick up /etc/docker/daemon.json
  rm -f "$SOCKET"
  # setsid: the daemon outlives this script and a Ctrl-C in the calling terminal; `stop` ends it by its pid.
  setsid dockerd \
    --host "unix://$SOCKET" --data-root "$ROOT/data" --exec-root "$ROOT/exec" --pidfile "$PID_FILE" \
    --config-file "$ROOT/daemon.json" \
    --bridge none --iptables=false --ip6tables=false --ip-forward=false --ip-masq=false \
    --storage-driver overlay2 --log-level warn \
    </dev/null >"$LOG" 2>&1 &
  local deadline=$((SECONDS + 60))
  until answers "unix://$SOCKET"; do
    if [ $SECONDS -ge $deadline ] || ! kill -0 $! 2>/dev/null; then
      tail -n 20 "$LOG" >&2 || true
      kill $! 2>/dev/null || true
      remove_bridge
      die "dockerd did not answer on $SOCKET within 60 s (log: $LOG)"
    fi
    sleep 0.5
  done
  remove_bridge
  say "started dockerd (pid $(cat "$PID_FILE"), host networking only, $SOCKET)"
  echo "export DOCKER_HOST=unix://$SOCKET TIMELINE_KG_DOCKER_STARTED=1"
}

stop() {
  local pid
  if ! pid="$(our_pid)"; then say "no dockerd of this checkout is running"; remove_bridge; return 0; fi
  # The engine is this checkout's alone: whatever containers a killed test run left on it go with it.
  local left
  left="$(DOCKER_HOST="unix://$SOCKET" docker ps -aq 2>/dev/null || true)"
  # shellcheck disable=SC2086
  [ -z "$left" ] || DOCKER_HOST="unix://$SOCKET" docker rm -f $left >/dev/null 2>&1 || true
  kill -TERM "$pid"
  local deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then say "dockerd $pid did not stop in 30 s: killing it"; kill -KILL "$pid"; fi
  rm -f "$PID_FILE" "$SOCKET"
  remove_bridge
  say "stopped dockerd (pid $pid)"
}

status() {
  if pid="$(our_pid)"; then echo "running (pid $pid, DOCKER_HOST=unix://$SOCKET)"
  elif answers "${DOCKER_HOST:-}"; then echo "not started here; an engine answers at ${DOCKER_HOST:-the default socket}"
  else echo "not running"; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
