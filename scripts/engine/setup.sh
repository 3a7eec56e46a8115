#!/usr/bin/env bash
# Install what the tests need: a Docker daemon + CLI (docker.io), Compose v2 (the
# `docker compose` plugin users run: fixes are validated with it), Compose v1
# (docker-compose, still in use) and debootstrap (to build the PostgreSQL image without a
# registry).
# Idempotent: does nothing but print versions when everything is already there.
# --quiet: print versions only when something was installed (the test harness uses it).
set -euo pipefail
quiet=0
[[ ${1:-} == --quiet ]] && quiet=1

need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
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
# Compose v2: Debian 13 packages it under the same name as bookworm's v1, so it is not
# installed with apt. Fetch the trixie package with a separate package list (from this
# machine's own Debian mirror) and unpack its one binary as a CLI plugin, leaving v1 in place.
# See ../shared/research/real-engine.md.
plugin=/usr/local/lib/docker/cli-plugins/docker-compose
if ! docker compose version >/dev/null 2>&1; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup.sh: Compose v2 (docker compose) is missing and not root; install it first" >&2
    exit 1
  fi
  mirror=$(grep -rhoE '^(URIs:|deb)[[:space:]]+(\[[^]]*\][[:space:]]+)?[a-z]+://[^[:space:]]+/debian/?' \
    /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null | grep -oE '[a-z]+://[^[:space:]]+' | head -n 1 || true)
  if [[ -z $mirror ]]; then
    echo "setup.sh: no Debian mirror in the apt sources; cannot fetch Compose v2" >&2
    exit 1
  fi
  tmp=$(mktemp -d)
  chmod 755 "$tmp" # apt downloads as the _apt user
  mkdir -p "$tmp/lists/partial"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${mirror%/} trixie main" >"$tmp/sources.list"
  o=(-o "Dir::Etc::sourcelist=$tmp/sources.list" -o Dir::Etc::sourceparts=- -o "Dir::State::Lists=$tmp/lists")
  echo "setup.sh: fetching Compose v2 (trixie's docker-compose package)" >&2
  apt-get "${o[@]}" -o DPkg::Lock::Timeout=600 update -qq
  (cd "$tmp" && apt-get "${o[@]}" download -qq docker-compose 2>/dev/null)
  dpkg-deb -x "$tmp"/docker-compose_2.*_amd64.deb "$tmp/x"
  install -D -m 0755 "$tmp/x/usr/libexec/docker/cli-plugins/docker-compose" "$plugin"
  rm -rf "$tmp"
  docker compose version >/dev/null
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
