#!/usr/bin/env bash
# Installs what the end-to-end tests need, when it is missing:
#   - Debian packages: chromium (the browser playwright-core drives), ripgrep (seeds
#     @vscode/ripgrep, whose postinstall would download a binary from the internet),
#     libkrb5-dev (the kerberos native module builds from source);
#   - code-server (a real VS Code workbench + Node extension host), pinned by
#     test/e2e/code-server/package.json + package-lock.json, into
#     ${XDG_CACHE_HOME:-$HOME/.cache}/mlops-compose-doctor/code-server-<version>.
# A stamp file keyed by the lock's hash makes a warm run take well under a second.
# Prints the code-server directory as its last line of stdout.
#
# Environment: E2E_FORCE_INSTALL=1 reinstalls code-server even when the stamp matches.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pkg_dir="$here/code-server"
started=$(date +%s)

log() { echo "[e2e-install] $*" >&2; }
die() {
  echo "[e2e-install] ERROR: $*" >&2
  exit 1
}

# ---------------------------------------------------------------- Debian packages
apt_updated=0
apt_update() {
  if [ "$apt_updated" = 0 ]; then
    log "apt-get update"
    # Unreachable third-party sources only warn; a real failure shows in the install below.
    apt-get update -qq >&2 || log "apt-get update reported errors (continuing)"
    apt_updated=1
  fi
}

deb_installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }

ensure_debs() {
  local missing=() p
  for p in "$@"; do deb_installed "$p" || missing+=("$p"); done
  [ "${#missing[@]}" = 0 ] && return 0
  command -v apt-get >/dev/null || die "missing Debian packages ${missing[*]} and no apt-get"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  # An empty or stale package list is the only reason to update first.
  if ! ls /var/lib/apt/lists/*_Packages* >/dev/null 2>&1; then apt_update; fi
  log "apt-get install ${missing[*]}"
  if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2; then
    apt_update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2 ||
      die "apt-get install ${missing[*]} failed"
  fi
}

ensure_debs chromium ripgrep libkrb5-dev
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium missing after installing Debian's chromium"
command -v rg >/dev/null || die "rg missing after installing Debian's ripgrep"
for tool in g++ make python3; do
  command -v "$tool" >/dev/null || ensure_debs build-essential python3
done

# ---------------------------------------------------------------- code-server
[ -f "$pkg_dir/package.json" ] && [ -f "$pkg_dir/package-lock.json" ] || die "missing $pkg_dir/package.json or package-lock.json"
version=$(node -p 'require(process.argv[1]).dependencies["code-server"]' "$pkg_dir/package.json")
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/mlops-compose-doctor"
dest="$cache_root/code-server-$version"
stamp="$dest/.installed-stamp"
key="node-$(node -p 'process.versions.node.split(".")[0]')-$(cat "$pkg_dir/package.json" "$pkg_dir/package-lock.json" | sha256sum | cut -c1-32)"

# The native modules and binaries code-server cannot work without.
required=(
  "lib/vscode/node_modules/node-pty/build/Release/pty.node"
  "lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node"
  "lib/vscode/node_modules/native-watchdog/build/Release/watchdog.node"
  "lib/vscode/node_modules/kerberos/build/Release/kerberos.node"
  "lib/vscode/node_modules/@vscode/ripgrep/bin/rg"
)
check_install() { # $1 = node_modules/code-server dir; prints what is missing
  local ok=0 f
  [ -f "$1/out/node/entry.js" ] || {
    echo "  missing: out/node/entry.js" >&2
    ok=1
  }
  for f in "${required[@]}"; do
    [ -e "$1/$f" ] || {
      echo "  missing: $f" >&2
      ok=1
    }
  done
  return $ok
}

mkdir -p "$cache_root"
exec 9>"$cache_root/.install-lock"
flock 9 # one installer at a time (parallel CI jobs, two terminals)

cs="$dest/node_modules/code-server"
if [ -z "${E2E_FORCE_INSTALL:-}" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ] && check_install "$cs" 2>/dev/null; then
  log "code-server $version ready (cached, $(($(date +%s) - started)) s): $cs"
  echo "$cs"
  exit 0
fi

log "installing code-server $version into $dest (takes about a minute)"
rm -rf "$dest"
mkdir -p "$dest"
cp "$pkg_dir/package.json" "$pkg_dir/package-lock.json" "$dest/"
# A private TMPDIR: @vscode/ripgrep looks for its seeded download in os.tmpdir().
tmp="$dest/.tmp"
mkdir -p "$tmp"

export TMPDIR="$tmp"
export npm_config_yes=true           # node-pty's postinstall runs `npx node-gyp`
export npm_config_unsafe_perm=true   # code-server's postinstall refuses to run as root otherwise
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
export npm_config_loglevel=warn
[ -f /usr/include/node/node.h ] && export npm_config_nodedir=/usr # node-gyp: no header download
unset npm_config_ignore_scripts || true

# Phase 1: the exact locked tree, no scripts.
(cd "$dest" && npm ci --ignore-scripts --no-audit --no-fund >&2) || die "npm ci failed"

# Seed @vscode/ripgrep's download cache with Debian's rg, under the name its postinstall
# looks for. Its version comes from VS Code's shrinkwrap, the release tag from its own
# postinstall.js (so a code-server bump keeps working).
rg_version=$(node -p 'require(process.argv[1]).packages["node_modules/@vscode/ripgrep"].version' \
  "$cs/lib/vscode/npm-shrinkwrap.json")
rg_pack="$tmp/rg-pack"
mkdir -p "$rg_pack"
rg_tag=""
if (cd "$rg_pack" && npm pack --silent "@vscode/ripgrep@$rg_version" >/dev/null 2>&1); then
  tar xzf "$rg_pack"/vscode-ripgrep-*.tgz -C "$rg_pack"
  rg_tag=$(sed -n "s/^const VERSION = '\(.*\)';.*/\1/p" "$rg_pack/package/lib/postinstall.js")
fi
if [ -z "$rg_tag" ]; then
  rg_tag="v13.0.0-10" # the tag of @vscode/ripgrep 1.15.x
  log "could not read @vscode/ripgrep's tag; assuming $rg_tag"
fi
seed="$tmp/vscode-ripgrep-cache-$rg_version/ripgrep-$rg_tag-x86_64-unknown-linux-musl.tar.gz"
mkdir -p "$(dirname "$seed")"
tar czf "$seed" -C "$(dirname "$(command -v rg)")" rg
log "seeded ripgrep: $seed"

# Phase 2: every install script (code-server's postinstall installs VS Code's own tree
# from its shrinkwrap and builds node-pty, spdlog, watchdog, kerberos, ...).
(cd "$dest" && npm rebuild --foreground-scripts >"$dest/install.log" 2>&1) || {
  tail -n 60 "$dest/install.log" >&2
  die "npm rebuild failed (full log: $dest/install.log)"
}

if ! check_install "$cs"; then
  tail -n 60 "$dest/install.log" >&2
  die "code-server installed without required native modules (log: $dest/install.log)"
fi
"$cs/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" --version >/dev/null || die "seeded rg does not run"
node "$cs/out/node/entry.js" --version >/dev/null || die "code-server --version failed"

rm -rf "$tmp"
echo "$key" >"$stamp"
log "code-server $version installed in $(($(date +%s) - started)) s: $cs"
echo "$cs"
