# shellcheck shell=bash disable=SC2034
# Shared paths for the private Docker engine used by the real-engine tests.
# Sourced by dockerd-start.sh, dockerd-stop.sh and build-pg-image.sh.

ENGINE_DIR=${MLOPS_ENGINE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/mlops-compose-doctor/engine}
mkdir -p "$ENGINE_DIR"
ENGINE_DIR=$(cd "$ENGINE_DIR" && pwd -P)
ENGINE_SOCK=$ENGINE_DIR/docker.sock
ENGINE_DATA=$ENGINE_DIR/data
ENGINE_EXEC=$ENGINE_DIR/exec
ENGINE_PIDFILE=$ENGINE_DIR/dockerd.pid
ENGINE_LOG=$ENGINE_DIR/dockerd.log
ENGINE_CONFIG=$ENGINE_DIR/daemon.json
# What existed on the host before this daemon started (so stop removes only what it created).
ENGINE_BEFORE=$ENGINE_DIR/host-before.env
ENGINE_IMAGES=$ENGINE_DIR/images
# Own default bridge, used only when docker0 belongs to another daemon.
ENGINE_BRIDGE=mcd0
export DOCKER_HOST=unix://$ENGINE_SOCK

log() { echo "[engine] $*" >&2; }
die() { echo "[engine] ERROR: $*" >&2; exit 1; }

# Print the pid of this engine's dockerd if it is running, else nothing.
engine_pid() {
  local pid
  [[ -s $ENGINE_PIDFILE ]] || return 0
  pid=$(<"$ENGINE_PIDFILE")
  [[ $pid =~ ^[0-9]+$ ]] || return 0
  [[ -r /proc/$pid/cmdline ]] || return 0
  # Only a dockerd that was given this engine's pidfile counts (pids get reused).
  if tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "--pidfile $ENGINE_PIDFILE"; then
    echo "$pid"
  fi
}

engine_answers() {
  timeout 10 docker version --format '{{.Server.Version}}' >/dev/null 2>&1
}
