#!/usr/bin/env bash
# Stop the private Docker daemon started by dockerd-start.sh and remove what it left on
# the host: its mounts (nsfs, overlay, shm) under the engine dir, the bridges of its own
# networks (docker0 or mcd0, br-<id>; asked from the daemon before stopping it), and —
# unless another dockerd is still running — the DOCKER iptables chains and rules (only if
# they did not exist before it started), ip_forward and the FORWARD policy.
# Safe to run when nothing is running. Images stay in the data root for the next run.
#
#   scripts/engine/dockerd-stop.sh            stop + clean up host state
#   scripts/engine/dockerd-stop.sh --purge    also delete the whole engine dir (data root,
#                                             cached image tarball): the next run is cold
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/engine/lib.sh
source "$HERE/lib.sh"

purge=0 keep_record=0
for a in "$@"; do
  case $a in
    --purge) purge=1 ;;
    --keep-host-record) keep_record=1 ;; # internal: retry of a failed start
    *) die "unknown argument $a" ;;
  esac
done

ENGINE_BRIDGES=$ENGINE_DIR/bridges
pid=$(engine_pid)
if [[ -n $pid ]]; then
  # The Linux bridges of this daemon's networks (docker0 or mcd0, br-<id>): only these are
  # removed below, never those of another daemon running beside it.
  if engine_answers; then
    mapfile -t ids < <(docker network ls -q --no-trunc --filter driver=bridge 2>/dev/null)
    if ((${#ids[@]})); then
      docker network inspect -f '{{.Id}} {{with index .Options "com.docker.network.bridge.name"}}{{.}}{{end}}' "${ids[@]}" 2>/dev/null |
        awk '{ print ($2 != "" ? $2 : "br-" substr($1, 1, 12)) }' >>"$ENGINE_BRIDGES" || true
    fi
  fi
  log "stopping dockerd pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "dockerd did not exit in 30s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
fi

# containerd / shims started for this daemon (their command lines name our exec/data root).
for p in /proc/[0-9]*; do
  p=${p#/proc/}
  [[ $p == "$$" ]] && continue
  cmd=$(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null) || continue
  case $cmd in
    *containerd*"$ENGINE_DIR/"* | *dockerd*"--pidfile $ENGINE_PIDFILE"*)
      log "killing leftover pid $p: ${cmd:0:100}"
      kill -KILL "$p" 2>/dev/null || true
      ;;
  esac
done

# Mounts under the engine dir, deepest first (nsfs under exec/netns, overlay/shm under data).
mapfile -t mounts < <(awk -v d="$ENGINE_DIR/" 'index($5, d) == 1 {print $5}' /proc/self/mountinfo | sort -r)
for m in "${mounts[@]}"; do
  m=$(printf '%b' "$m") # mountinfo escapes spaces as \040
  umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || log "could not unmount $m"
done

# Other Docker daemons still running (a system one, another test engine): leave the
# shared iptables chains, ip_forward and the FORWARD policy to them.
# (A daemon started with --iptables=false / --ip-forward=false does not use them.)
chains_ok=1 forward_ok=1
for p in /proc/[0-9]*; do
  [[ $(cat "$p/comm" 2>/dev/null) == dockerd ]] || continue
  cmd=" $(tr '\0' ' ' <"$p/cmdline" 2>/dev/null) "
  if [[ $cmd != *" --iptables=false "* ]]; then
    chains_ok=0
    log "dockerd pid ${p#/proc/} uses iptables too: leaving the DOCKER chains and FORWARD policy"
  fi
  if [[ $cmd != *" --ip-forward=false "* ]]; then
    forward_ok=0
    log "dockerd pid ${p#/proc/} uses ip_forward too: leaving it as it is"
  fi
done

if [[ -s $ENGINE_BEFORE ]]; then
  # shellcheck disable=SC1090
  source "$ENGINE_BEFORE"
  if [[ -s $ENGINE_BRIDGES ]]; then
    mapfile -t bridges < <(sort -u "$ENGINE_BRIDGES")
    for l in "${bridges[@]}"; do
      [[ " $BEFORE_LINKS " == *" $l "* ]] && continue
      ip link show "$l" >/dev/null 2>&1 || continue
      log "removing bridge $l"
      ip link delete "$l" 2>/dev/null || log "could not delete $l"
    done
  fi
  # Our own fallback bridge, if dockerd-start.sh created it and the daemon never used it.
  if [[ " $BEFORE_LINKS " != *" $ENGINE_BRIDGE "* ]] && ip link show "$ENGINE_BRIDGE" >/dev/null 2>&1; then
    log "removing bridge $ENGINE_BRIDGE"
    ip link delete "$ENGINE_BRIDGE" 2>/dev/null || true
  fi
  if ((chains_ok)) && [[ ${BEFORE_DOCKER_CHAINS:-1} == 0 ]] && command -v iptables >/dev/null; then
    for t in filter nat; do
      # Rules in built-in chains that jump to DOCKER* chains or name our bridges.
      iptables -t "$t" -S 2>/dev/null | grep -E '^-A (INPUT|FORWARD|OUTPUT|PREROUTING|POSTROUTING) ' |
        grep -E -- '-j DOCKER|docker0|br-[0-9a-f]{12}' | while read -r rule; do
        # shellcheck disable=SC2086
        eval "iptables -t $t -D ${rule#-A }" 2>/dev/null || true
      done
      for c in DOCKER DOCKER-ISOLATION-STAGE-1 DOCKER-ISOLATION-STAGE-2 DOCKER-USER; do
        if iptables -t "$t" -S "$c" >/dev/null 2>&1; then
          iptables -t "$t" -F "$c" 2>/dev/null || true
          iptables -t "$t" -X "$c" 2>/dev/null || log "could not delete chain $t/$c"
        fi
      done
    done
    log "removed DOCKER iptables chains"
  fi
  if ((chains_ok)) && [[ -n ${BEFORE_FORWARD_POLICY:-} ]] && command -v iptables >/dev/null; then
    iptables -t filter -P FORWARD "$BEFORE_FORWARD_POLICY" 2>/dev/null || true
  fi
  if ((forward_ok)) && [[ -n ${BEFORE_IP_FORWARD:-} ]]; then
    echo "$BEFORE_IP_FORWARD" >/proc/sys/net/ipv4/ip_forward 2>/dev/null || true
  fi
  ((keep_record)) || rm -f "$ENGINE_BEFORE" "$ENGINE_BRIDGES"
fi

rm -f "$ENGINE_SOCK" "$ENGINE_PIDFILE"

if ((purge)); then
  log "purging $ENGINE_DIR"
  rm -rf "$ENGINE_DIR"
fi
log "stopped"
