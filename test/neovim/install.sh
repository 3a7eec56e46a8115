#!/usr/bin/env bash
# Installs Debian's neovim (0.7.2 on bookworm) when `nvim` is missing.
# With --proof-server, also installs the pinned yaml-language-server from
# test/neovim/yaml-language-server/package.json + its lock into
# ${XDG_CACHE_HOME:-$HOME/.cache}/mlops-compose-doctor/yaml-language-server-<version>
# (a stamp keyed by the lock's hash makes warm runs instant) and prints the path of its
# server script as the last line of stdout. That server only proves lsp-client.lua works.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
log() { echo "[neovim-install] $*" >&2; }
die() {
  echo "[neovim-install] ERROR: $*" >&2
  exit 1
}

if ! command -v nvim >/dev/null; then
  command -v apt-get >/dev/null || die "nvim missing and no apt-get"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  log "apt-get install neovim"
  if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq neovim >&2; then
    $sudo apt-get update -qq >&2 || true
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq neovim >&2 || die "apt-get install neovim failed"
  fi
fi
nvim --headless --clean -c 'lua if vim.lsp == nil or vim.diagnostic == nil or vim.json == nil then vim.cmd("cquit 1") end' -c 'qa!' ||
  die "nvim is too old (needs vim.lsp, vim.diagnostic and vim.json: 0.7 or newer)"

[ "${1:-}" = "--proof-server" ] || exit 0

pkg="$here/yaml-language-server"
version=$(node -p 'require(process.argv[1]).dependencies["yaml-language-server"]' "$pkg/package.json")
dest="${XDG_CACHE_HOME:-$HOME/.cache}/mlops-compose-doctor/yaml-language-server-$version"
key=$(cat "$pkg/package.json" "$pkg/package-lock.json" | sha256sum | cut -c1-32)
server="$dest/node_modules/yaml-language-server/bin/yaml-language-server"
if [ ! -f "$dest/.installed-stamp" ] || [ "$(cat "$dest/.installed-stamp")" != "$key" ] || [ ! -f "$server" ]; then
  log "installing yaml-language-server $version into $dest"
  rm -rf "$dest"
  mkdir -p "$dest"
  cp "$pkg/package.json" "$pkg/package-lock.json" "$dest/"
  (cd "$dest" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=warn >&2) || die "npm ci failed"
  [ -f "$server" ] || die "yaml-language-server installed without $server"
  echo "$key" >"$dest/.installed-stamp"
fi
echo "$server"
