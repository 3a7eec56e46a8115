#!/usr/bin/env bash
# Installs Debian's neovim (0.7.2 on bookworm) when `nvim` is missing, and checks that it has
# what lsp-client.lua needs.
set -euo pipefail
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
