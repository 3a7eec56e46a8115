#!/usr/bin/env bash
# Provide the image local/mlops-pg:15 in the private engine (DOCKER_HOST from lib.sh):
# PostgreSQL 15 from Debian packages, no image registry needed.
#
#   warm:  the daemon's data root already has local/mlops-pg:build-<hash>  -> just tag (~0.1 s)
#          or the cached tarball images/mlops-pg-15-<hash>.tar exists       -> docker load
#   cold:  debootstrap minbase + chroot apt-get install postgresql-15, docker import,
#          a metadata-only docker build (STOPSIGNAL, labels), docker save to the cache
#
# <hash> is a hash of this script, so editing it (e.g. the entrypoint) rebuilds.
# The image behaves like the official postgres image for what the tests need:
#   POSTGRES_USER (default postgres), POSTGRES_PASSWORD (required unless
#   POSTGRES_HOST_AUTH_METHOD=trust), POSTGRES_DB (default $POSTGRES_USER),
#   POSTGRES_INITDB_ARGS, /docker-entrypoint-initdb.d/*.sh|*.sql; local socket = trust,
#   host connections = scram-sha-256; STOPSIGNAL SIGINT; VOLUME /var/lib/postgresql/data.
#   Arguments starting with '-' go to postgres; anything else is exec'd as given
#   (pg_isready, psql, sh -c ...), so it also serves as a stand-in "app" image.
#
# Env: MLOPS_DEBIAN_MIRROR  (default: the Debian mirror in this machine's apt sources)
#      MLOPS_PG_FORCE_BUILD=1  ignore the caches
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/engine/lib.sh
source "$HERE/lib.sh"

IMAGE=local/mlops-pg:15
SUITE=bookworm # PostgreSQL 15 is bookworm's version
HASH=$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-12)
HASH_TAG=local/mlops-pg:build-$HASH
TARBALL=$ENGINE_IMAGES/mlops-pg-15-$HASH.tar

engine_answers || die "the engine at $DOCKER_HOST does not answer: run dockerd-start.sh first"
mkdir -p "$ENGINE_IMAGES"
exec 9>"$ENGINE_DIR/build-pg-image.lock"
flock -w 600 9 || die "another build holds $ENGINE_DIR/build-pg-image.lock"

have_image() { docker image inspect "$1" >/dev/null 2>&1; }
drop_old_tags() {
  docker image ls --format '{{.Repository}}:{{.Tag}}' local/mlops-pg | grep -v -x -e "$IMAGE" -e "$HASH_TAG" |
    xargs -r docker image rm >/dev/null 2>&1 || true
  find "$ENGINE_IMAGES" -maxdepth 1 -name 'mlops-pg-15-*.tar' ! -name "${TARBALL##*/}" -delete
}

if [[ ${MLOPS_PG_FORCE_BUILD:-0} != 1 ]]; then
  if have_image "$HASH_TAG"; then
    docker tag "$HASH_TAG" "$IMAGE"
    log "$IMAGE present ($HASH_TAG)"
    exit 0
  fi
  if [[ -s $TARBALL ]]; then
    t0=$SECONDS
    docker load -q -i "$TARBALL" >&2
    docker tag "$HASH_TAG" "$IMAGE"
    drop_old_tags
    log "$IMAGE loaded from $TARBALL in $((SECONDS - t0))s"
    exit 0
  fi
fi

# ---------------------------------------------------------------- cold build
[[ $(id -u) -eq 0 ]] || die "building the image needs root (debootstrap, chroot)"
command -v debootstrap >/dev/null || die "debootstrap missing: run scripts/engine/setup.sh"

debian_mirror() {
  if [[ -n ${MLOPS_DEBIAN_MIRROR:-} ]]; then
    echo "$MLOPS_DEBIAN_MIRROR"
    return
  fi
  local f uri
  # deb822 .sources: the URIs of a stanza whose Suites has a plain codename (not -security).
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -r $f ]] || continue
    uri=$(awk '
      BEGIN { RS = ""; FS = "\n" }
      {
        u = ""; s = ""; t = ""
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^URIs:/) u = $i
          if ($i ~ /^Suites:/) s = $i
          if ($i ~ /^Types:/) t = $i
        }
        if (t ~ /(^|[ \t])deb([ \t]|$)/ && s ~ /(bookworm|trixie|bullseye|stable|testing|sid)([ \t]|$)/ && u !~ /security/) {
          sub(/^URIs:[ \t]*/, "", u); split(u, a, /[ \t]+/); print a[1]; exit
        }
      }' "$f")
    [[ -n $uri ]] && { echo "$uri"; return; }
  done
  # one-line format
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -r $f ]] || continue
    uri=$(awk '$1 == "deb" { i = 2; if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
                 if ($i !~ /security/ && $(i+1) !~ /-security/ && $i ~ /debian/) { print $i; exit } }' "$f")
    [[ -n $uri ]] && { echo "$uri"; return; }
  done
  echo "http://deb.debian.org/debian"
}
MIRROR=$(debian_mirror)
log "building $IMAGE from Debian $SUITE via $MIRROR (cold, ~1 min)"
t0=$SECONDS

WORK=$(mktemp -d "$ENGINE_DIR/pg-build.XXXXXX")
ROOTFS=$WORK/rootfs
cleanup() {
  local m
  for m in proc var/cache/apt/archives; do
    mountpoint -q "$ROOTFS/$m" 2>/dev/null && umount -l "$ROOTFS/$m"
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$ENGINE_DIR/debootstrap-cache" "$ENGINE_DIR/apt-archives/partial"
# dpkg settings read by debootstrap's second stage and by apt in the chroot: no fsync per
# file (much faster on slow disks; removed again below) and no docs/man pages/translations.
mkdir -p "$ROOTFS/etc/dpkg/dpkg.cfg.d"
echo 'force-unsafe-io' >"$ROOTFS/etc/dpkg/dpkg.cfg.d/00-unsafe-io"
printf 'path-exclude /usr/share/doc/*\npath-exclude /usr/share/man/*\npath-exclude /usr/share/locale/*\n' \
  >"$ROOTFS/etc/dpkg/dpkg.cfg.d/01-nodoc"
debootstrap --variant=minbase --cache-dir="$ENGINE_DIR/debootstrap-cache" \
  "$SUITE" "$ROOTFS" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 ||
  { tail -30 "$WORK/debootstrap.log" >&2; die "debootstrap failed"; }
log "debootstrap done ($((SECONDS - t0))s)"

printf '#!/bin/sh\nexit 101\n' >"$ROOTFS/usr/sbin/policy-rc.d"
chmod 755 "$ROOTFS/usr/sbin/policy-rc.d"
mkdir -p "$ROOTFS/etc/postgresql-common"
echo 'create_main_cluster = false' >"$ROOTFS/etc/postgresql-common/createcluster.conf"
mount -t proc proc "$ROOTFS/proc"
mount --bind "$ENGINE_DIR/apt-archives" "$ROOTFS/var/cache/apt/archives"
chroot "$ROOTFS" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C DEBIAN_FRONTEND=noninteractive \
  sh -c 'apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql-15' \
  >"$WORK/apt.log" 2>&1 || { tail -30 "$WORK/apt.log" >&2; die "apt-get install postgresql-15 failed"; }
umount "$ROOTFS/var/cache/apt/archives"
umount "$ROOTFS/proc"
rm -f "$ROOTFS/usr/sbin/policy-rc.d" "$ROOTFS/etc/dpkg/dpkg.cfg.d/00-unsafe-io"
rm -rf "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/var/cache/apt/*.bin "$ROOTFS"/var/log/*.log \
  "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/locale/*
log "postgresql-15 installed ($((SECONDS - t0))s)"

mkdir -p "$ROOTFS/docker-entrypoint-initdb.d"
cat >"$ROOTFS/usr/local/bin/docker-entrypoint.sh" <<'ENTRYPOINT'
#!/usr/bin/env bash
# Entrypoint of local/mlops-pg:15: a small re-implementation of the official postgres
# image's entrypoint, enough for compose tests.
set -Eeo pipefail

if [ "${1:0:1}" = '-' ]; then
  set -- postgres "$@"
fi
if [ "$1" != 'postgres' ]; then
  exec "$@"
fi

export PGDATA=${PGDATA:-/var/lib/postgresql/data}
export POSTGRES_USER=${POSTGRES_USER:-postgres}
export POSTGRES_DB=${POSTGRES_DB:-$POSTGRES_USER}

if [ "$(id -u)" = '0' ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chmod 00700 "$PGDATA"
  chmod 03775 /var/run/postgresql
  find "$PGDATA" /var/run/postgresql \! -user postgres -exec chown postgres:postgres '{}' +
  exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  auth=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}
  if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$auth" != 'trust' ]; then
    cat >&2 <<'EOE'
Error: Database is uninitialized and superuser password is not specified.
       You must specify POSTGRES_PASSWORD to a non-empty value for the
       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".
       (or POSTGRES_HOST_AUTH_METHOD=trust to allow all connections without a password)
EOE
    exit 1
  fi
  pwargs=()
  if [ -n "${POSTGRES_PASSWORD:-}" ]; then
    pwfile=$(mktemp)
    printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
    pwargs=(--pwfile="$pwfile")
  fi
  # shellcheck disable=SC2086
  initdb --username="$POSTGRES_USER" "${pwargs[@]}" --auth-local=trust --auth-host="$auth" \
    --encoding=UTF8 --locale=C.UTF-8 ${POSTGRES_INITDB_ARGS:-} >/dev/null
  [ -n "${pwfile:-}" ] && rm -f "$pwfile"
  printf "\nhost all all all %s\n" "$auth" >>"$PGDATA/pg_hba.conf"
  printf "\nlisten_addresses = '*'\n" >>"$PGDATA/postgresql.conf"

  # Temporary server on the unix socket only: nothing answers on TCP until init is over,
  # so `pg_isready -h 127.0.0.1` is a truthful health check.
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w -s start
  psql_() { psql -v ON_ERROR_STOP=1 -X -q --username "$POSTGRES_USER" --no-password "$@"; }
  if [ "$POSTGRES_DB" != 'postgres' ]; then
    psql_ --dbname postgres --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
  fi
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh) echo "running $f"; if [ -x "$f" ]; then "$f"; else . "$f"; fi ;;
      *.sql) echo "running $f"; psql_ --dbname "$POSTGRES_DB" -f "$f" ;;
      *.sql.gz) echo "running $f"; gunzip -c "$f" | psql_ --dbname "$POSTGRES_DB" ;;
      *) [ -e "$f" ] && echo "ignoring $f" ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w -s stop
  echo 'PostgreSQL init process complete; ready for start up.'
fi

exec "$@"
ENTRYPOINT
chmod 755 "$ROOTFS/usr/local/bin/docker-entrypoint.sh"

docker image rm -f local/mlops-pg:rootfs >/dev/null 2>&1 || true
tar --numeric-owner -C "$ROOTFS" -c . | docker import \
  --change 'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV PGDATA=/var/lib/postgresql/data' \
  --change 'ENV LANG=C.UTF-8' \
  - local/mlops-pg:rootfs >/dev/null
log "imported rootfs ($((SECONDS - t0))s)"

# Metadata `docker import` cannot set. No RUN step, so no network is needed.
mkdir -p "$WORK/ctx"
cat >"$WORK/ctx/Dockerfile" <<EOF
FROM local/mlops-pg:rootfs
LABEL org.mlops-compose-doctor.build-hash="$HASH" org.mlops-compose-doctor.debian="$SUITE"
VOLUME /var/lib/postgresql/data
ENTRYPOINT ["docker-entrypoint.sh"]
STOPSIGNAL SIGINT
EXPOSE 5432
CMD ["postgres"]
EOF
DOCKER_BUILDKIT=0 docker build -q -t "$HASH_TAG" -t "$IMAGE" "$WORK/ctx" >"$WORK/build.log" 2>&1 ||
  { cat "$WORK/build.log" >&2; die "docker build (metadata) failed"; }
docker image rm local/mlops-pg:rootfs >/dev/null 2>&1 || true

docker save -o "$TARBALL.tmp" "$HASH_TAG" "$IMAGE"
mv "$TARBALL.tmp" "$TARBALL"
drop_old_tags
log "built $IMAGE ($HASH_TAG, $(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%d MB", $1/1e6}')) in $((SECONDS - t0))s; cached at $TARBALL"
