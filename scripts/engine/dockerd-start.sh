#!/usr/bin/env bash
# Start a private Docker daemon for the real-engine tests.
#
#   eval "$(scripts/engine/dockerd-start.sh)"     # exports DOCKER_HOST for this shell
#
# Everything lives under $MLOPS_ENGINE_DIR (default
# ${XDG_CACHE_HOME:-$HOME/.cache}/mlops-compose-doctor/engine): data root, exec root,
# pidfile, log, and a private socket, so it never collides with a system daemon.
# Idempotent: if this engine's daemon already answers, it only prints the exports.
# stdout carries only `export NAME=value` lines; diagnostics go to stderr.
#
# Env: MLOPS_ENGINE_STORAGE_DRIVER  force a storage driver (default: overlay2 if an
#                                   overlay mount works here, else vfs)
#      MLOPS_ENGINE_DOCKERD_ARGS    extra dockerd arguments (word-split)
#      MLOPS_ENGINE_START_TIMEOUT   seconds to wait for the daemon (default 30)
# --print-only: only print the exports (whether or not the daemon runs).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/engine/lib.sh
source "$HERE/lib.sh"

print_env() {
  echo "export DOCKER_HOST=$DOCKER_HOST"
  echo "export MLOPS_ENGINE_DIR=$ENGINE_DIR"
}

if [[ ${1:-} == --print-only ]]; then
  print_env
  exit 0
fi

[[ $(id -u) -eq 0 ]] || die "dockerd needs root"
command -v dockerd >/dev/null || die "dockerd not installed: run scripts/engine/setup.sh"
# sun_path is 108 bytes; containerd's sockets live deeper under the exec root.
((${#ENGINE_SOCK} < 90)) || die "MLOPS_ENGINE_DIR is too long for a unix socket path: $ENGINE_DIR"

exec 8>"$ENGINE_DIR/dockerd-start.lock"
flock -w 120 8 || die "another dockerd-start.sh holds $ENGINE_DIR/dockerd-start.lock"

if [[ -n $(engine_pid) ]] && engine_answers; then
  log "already running (pid $(engine_pid)), $DOCKER_HOST"
  print_env
  exit 0
fi

# A pidfile/socket/mounts left by a daemon that died (or a half-started one): clean first.
if [[ -e $ENGINE_PIDFILE || -e $ENGINE_SOCK || -e $ENGINE_BEFORE ]]; then
  log "cleaning up after a previous daemon"
  "$HERE/dockerd-stop.sh" >&2
fi

mkdir -p "$ENGINE_DATA" "$ENGINE_EXEC" "$ENGINE_IMAGES"

# --- remember what the host had, so dockerd-stop.sh removes only what this daemon adds ---
ipt_has_chain() { iptables -t "$1" -S "$2" >/dev/null 2>&1; }
{
  echo "BEFORE_LINKS='$(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 | tr '\n' ' ')'"
  echo "BEFORE_IP_FORWARD=$(cat /proc/sys/net/ipv4/ip_forward 2>/dev/null || echo 0)"
  echo "BEFORE_FORWARD_POLICY=$(iptables -t filter -S FORWARD 2>/dev/null | awk '$1=="-P"{print $3}' | head -1)"
  if ipt_has_chain filter DOCKER || ipt_has_chain nat DOCKER; then
    echo "BEFORE_DOCKER_CHAINS=1"
  else
    echo "BEFORE_DOCKER_CHAINS=0"
  fi
} >"$ENGINE_BEFORE"
# shellcheck disable=SC1090
source "$ENGINE_BEFORE"

extra=()
if [[ " $BEFORE_LINKS " == *" docker0 "* ]]; then
  # docker0 belongs to another daemon: leave it alone (note: --bridge=none would make dockerd
  # DELETE docker0). Use a bridge of our own and address pools apart from Docker's defaults.
  log "docker0 exists already (another daemon?): using bridge $ENGINE_BRIDGE and pool 10.213.0.0/16"
  if ! ip link show "$ENGINE_BRIDGE" >/dev/null 2>&1; then
    ip link add "$ENGINE_BRIDGE" type bridge
    ip addr add 10.214.0.1/24 dev "$ENGINE_BRIDGE"
    ip link set "$ENGINE_BRIDGE" up
  fi
  # shellcheck disable=SC2054 # the commas belong to the option value
  extra+=(--bridge="$ENGINE_BRIDGE" --default-address-pool base=10.213.0.0/16,size=24)
fi

# --- storage driver: overlay2 when an overlay mount works on the data root's filesystem ---
driver=${MLOPS_ENGINE_STORAGE_DRIVER:-}
if [[ -z $driver ]]; then
  probe=$(mktemp -d "$ENGINE_DATA/.overlay-probe.XXXXXX")
  mkdir -p "$probe/l" "$probe/u" "$probe/w" "$probe/m"
  if mount -t overlay overlay -o "lowerdir=$probe/l,upperdir=$probe/u,workdir=$probe/w" "$probe/m" 2>/dev/null; then
    umount "$probe/m"
    driver=overlay2
  else
    log "overlay mounts do not work on $(df --output=fstype "$ENGINE_DATA" | tail -1) here: using vfs (slower, more disk)"
    driver=vfs
  fi
  rm -rf "$probe"
fi

[[ -s $ENGINE_CONFIG ]] || echo '{}' >"$ENGINE_CONFIG"

start_daemon() {
  local drv=$1
  log "starting dockerd (storage driver $drv), log $ENGINE_LOG"
  # shellcheck disable=SC2086
  setsid dockerd \
    --config-file "$ENGINE_CONFIG" \
    --host "unix://$ENGINE_SOCK" \
    --data-root "$ENGINE_DATA" \
    --exec-root "$ENGINE_EXEC" \
    --pidfile "$ENGINE_PIDFILE" \
    --storage-driver "$drv" \
    --shutdown-timeout 5 \
    "${extra[@]}" ${MLOPS_ENGINE_DOCKERD_ARGS:-} \
    </dev/null >>"$ENGINE_LOG" 2>&1 8>&- &
  local launcher=$! deadline=$((SECONDS + ${MLOPS_ENGINE_START_TIMEOUT:-30}))
  while ((SECONDS < deadline)); do
    if engine_answers; then
      echo "$drv" >"$ENGINE_DIR/storage-driver"
      return 0
    fi
    kill -0 "$launcher" 2>/dev/null || return 1
    sleep 0.2
  done
  return 1
}

: >"$ENGINE_LOG"
t0=$(date +%s.%N)
if ! start_daemon "$driver"; then
  if [[ $driver == overlay2 && -z ${MLOPS_ENGINE_STORAGE_DRIVER:-} ]]; then
    log "dockerd did not come up with overlay2; retrying with vfs. Log tail:"
    tail -5 "$ENGINE_LOG" >&2 || true
    "$HERE/dockerd-stop.sh" --keep-host-record >&2 || true
    driver=vfs
    start_daemon vfs || { tail -30 "$ENGINE_LOG" >&2; "$HERE/dockerd-stop.sh" >&2 || true; die "dockerd did not start"; }
  else
    tail -30 "$ENGINE_LOG" >&2 || true
    "$HERE/dockerd-stop.sh" >&2 || true
    die "dockerd did not answer within ${MLOPS_ENGINE_START_TIMEOUT:-30}s"
  fi
fi
log "ready in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')s: pid $(engine_pid), server $(docker version --format '{{.Server.Version}}'), $DOCKER_HOST"
print_env
