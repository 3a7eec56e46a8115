#!/bin/sh
# Stand-in docker / docker-compose / curl for the plan-script tests (see fake-docker.ts).
me=$(basename "$0")
S=$FAKE_STATE
{ printf '%s\037' "$me" "$@"; printf '\036'; } >>"$S/calls"
in_list() { case " $2 " in *" $1 "*) return 0 ;; esac; return 1; }
last() { for l; do :; done; printf '%s' "$l"; }
if [ "$me" = curl ]; then [ -z "${FAKE_HTTP_DOWN:-}" ]; exit $?; fi
no_daemon() {
  if [ -n "${FAKE_DOCKER_PERMISSION:-}" ]; then
    echo "permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get \"http://%2Fvar%2Frun%2Fdocker.sock/v1.24/info\": dial unix /var/run/docker.sock: connect: permission denied" >&2
  else
    echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2
  fi
  exit 1
}
daemon_gone() { [ -n "${FAKE_NO_DAEMON:-}${FAKE_DOCKER_PERMISSION:-}" ]; }
if [ "$me" = docker ]; then
  case "${1:-}" in
    info) daemon_gone && no_daemon; echo "28.2.2"; exit 0 ;;
    compose)
      if [ -z "${FAKE_V2:-}" ]; then echo "docker: 'compose' is not a docker command." >&2; exit 1; fi
      shift ;;
    inspect)
      daemon_gone && no_daemon
      id=$(last "$@"); svc=${id#cid_}
      n=$(cat "$S/polls-$svc" 2>/dev/null || echo 0); n=$((n + 1)); echo "$n" >"$S/polls-$svc"
      if [ "$n" = 1 ] && in_list "$svc" "${FAKE_GONE_ONCE:-}"; then echo "Error: No such object: $id" >&2; exit 1; fi
      if in_list "$svc" "${FAKE_UNHEALTHY:-}"; then echo "running 0 unhealthy False"
      elif in_list "$svc" "${FAKE_STARTING:-}"; then echo "running 0 starting False"
      elif in_list "$svc" "${FAKE_ONESHOT:-}"; then
        if [ "$n" -lt 2 ]; then echo "running 0 running False"; else echo "exited ${FAKE_ONESHOT_EXIT:-0} exited False"; fi
      elif [ "$n" -lt 2 ]; then echo "running 0 starting False"
      else echo "running 0 healthy False"; fi
      exit 0 ;;
    exec)
      id=${2:-}; svc=${id#cid_}
      if [ "${3:-}" = pg_isready ] && in_list "$svc" "${FAKE_PG_DOWN:-}"; then exit 2; fi
      if [ "${3:-}" = python ] && [ -n "${FAKE_NO_PYTHON:-}" ]; then echo 'exec: "python": executable file not found in $PATH' >&2; exit 127; fi
      case "${3:-}" in python|python3) in_list "$svc" "${FAKE_HEALTH_DOWN:-}" && exit 1 ;; esac
      exit 0 ;;
    *) exit 0 ;;
  esac
fi
while [ $# -gt 0 ]; do
  case "$1" in
    -f|--file|--project-directory|-p|--project-name|--profile) shift 2 ;;
    *) break ;;
  esac
done
sub=${1:-}
[ $# -gt 0 ] && shift
case "$sub" in version|"") ;; *) [ "${1:-}" = --help ] || { daemon_gone && no_daemon; } ;; esac
case "$sub" in
  version) if [ "$me" = docker ]; then echo "Docker Compose version v5.0.1"; else echo "docker-compose version 1.29.2"; fi ;;
  up)
    if [ "${1:-}" = --help ]; then
      echo "Usage: up [options] [SERVICE...]"
      if [ "$me" = docker ]; then
        echo "      --wait     Wait for services to be running|healthy."
        [ -z "${FAKE_V2_NO_WAIT:-}" ] && echo "      --wait-timeout int   Maximum duration in seconds to wait"
      fi
      exit 0
    fi
    skip= wait= wait_timeout=
    for a; do
      if [ -n "$skip" ]; then skip= wait_timeout=$a; continue; fi
      case "$a" in
        --wait-timeout) skip=1 ;;
        --wait) wait=1 ;;
        -*) ;;
        *) : >"$S/up-$a" ;;
      esac
    done
    # v2's --wait: fails at once on an unhealthy container, after --wait-timeout on one that stays starting.
    if [ -n "$wait" ]; then
      # The others were waited for: the next inspect sees them healthy.
      for a; do
        case "$a" in -*|[0-9]*) ;; *) in_list "$a" "${FAKE_STARTING:-} ${FAKE_UNHEALTHY:-}" || echo 1 >"$S/polls-$a" ;; esac
      done
      for a; do
        if in_list "$a" "${FAKE_UNHEALTHY:-}"; then echo "container fake-$a-1 is unhealthy" >&2; exit 1; fi
      done
      for a; do
        if in_list "$a" "${FAKE_STARTING:-}"; then sleep "${wait_timeout:-1}"; echo "timeout waiting for fake-$a-1" >&2; exit 1; fi
      done
    fi
    exit "${FAKE_UP_EXIT:-0}" ;;
  ps)
    if [ -n "${FAKE_PS_FAIL:-}" ]; then echo "Cannot connect to the Docker daemon" >&2; exit 1; fi
    svc=$(last "$@"); [ -e "$S/up-$svc" ] && echo "cid_$svc"; exit 0 ;;
  exec)
    [ "${1:-}" = -T ] && shift
    svc=$1; shift
    if [ "$1" = pg_isready ] && in_list "$svc" "${FAKE_PG_DOWN:-}"; then exit 2; fi
    exit 0 ;;
  run)
    # What the login read on stdin (a password: never on the command line), one file per call.
    n=$(cat "$S/runs" 2>/dev/null || echo 0); n=$((n + 1)); echo "$n" >"$S/runs"
    if [ -t 0 ]; then : >"$S/stdin-$n"; else cat >"$S/stdin-$n"; fi
    if [ -n "${FAKE_BAD_LOGIN:-}" ] && grep -q -F -- "$FAKE_BAD_LOGIN" "$S/stdin-$n"; then
      echo 'psql: error: password authentication failed' >&2; exit 2
    fi
    exit 0 ;;
  logs)
    svc=$(last "$@")
    # Compose v2 2.26 starts each log line with ESC[2K, even with --no-color.
    if [ "$me" = docker ]; then printf '\033[2K'; fi
    echo "fake log line of $svc: database system is starting up"; exit 0 ;;
  down) rm -f "$S"/up-*; exit 0 ;;
  *) exit 0 ;;
esac
