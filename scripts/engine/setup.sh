#!/usr/bin/env bash
# Install what the real-engine tests need: a Docker daemon + CLI (docker.io), Compose v1
# (docker-compose) and debootstrap (to build the PostgreSQL image without a registry).
# Idempotent: does nothing but print versions when everything is already there.
# --quiet: print versions only when something was installed (the test harness uses it).
set -euo pipefail
quiet=0
[[ ${1:-} == --quiet ]] && quiet=1

need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
command -v docker-compose >/dev/null 2>&1 || docker compose version >/dev/null 2>&1 || need+=(docker-compose)
command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
# dockerd needs iptables; docker.io depends on it, but check in case dockerd came from elsewhere.
command -v iptables >/dev/null 2>&1 || need+=(iptables)

if ((${#need[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup.sh: missing ${need[*]} and not root; install them first" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  # Only refresh the package lists when apt cannot already see every package.
  for p in "${need[@]}"; do
    if ! apt-cache show "$p" >/dev/null 2>&1; then
      echo "setup.sh: apt-get update (no candidate for $p)" >&2
      apt-get -o DPkg::Lock::Timeout=600 update -qq
      break
    fi
  done
  echo "setup.sh: installing ${need[*]}" >&2
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  quiet=0
fi
((quiet)) && exit 0

echo "docker client:  $(docker --version 2>/dev/null || echo missing) ($(command -v docker))"
echo "dockerd:        $(dockerd --version 2>/dev/null || echo missing)"
if docker compose version >/dev/null 2>&1; then
  echo "compose:        $(docker compose version 2>/dev/null) (plugin)"
fi
if command -v docker-compose >/dev/null 2>&1; then
  echo "docker-compose: $(docker-compose version --short 2>/dev/null || echo broken)"
fi
echo "debootstrap:    $(dpkg-query -W -f='${Version}' debootstrap 2>/dev/null || echo missing)"
