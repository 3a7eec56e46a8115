/**
 * Images whose job needs the host: the Docker API (a reverse proxy reading container labels,
 * a socket proxy, an updater, a container monitor) or privileged mode (Docker-in-Docker).
 * For these, mounting the socket or running privileged is the design, not an oversight, so
 * the security rules say so at `info` instead of `warning`.
 *
 * Sources: each project's own compose example mounts `/var/run/docker.sock`:
 * traefik (doc "Docker provider"), tecnativa/docker-socket-proxy (README), containrrr/watchtower
 * (README), portainer (install docs), gcr.io/cadvisor (README), amir20/dozzle (README),
 * willfarrell/autoheal (README), jwilder/nginx-proxy and nginxproxy/nginx-proxy (README),
 * grafana/promtail and grafana/alloy (Docker service discovery docs), linuxserver/socket-proxy.
 * `docker:dind` needs `--privileged` (docker-library/docs `docker/content.md`, "Start a daemon instance").
 */

/** Repository paths (as ImageRef.repository: no registry host, lower-case) that use the Docker API by design. */
export const DOCKER_API_IMAGES: ReadonlySet<string> = new Set([
  "traefik",
  "tecnativa/docker-socket-proxy",
  "linuxserver/socket-proxy",
  "containrrr/watchtower",
  "portainer/portainer",
  "portainer/portainer-ce",
  "portainer/portainer-ee",
  "portainer/agent",
  "cadvisor/cadvisor",
  "google/cadvisor",
  "amir20/dozzle",
  "willfarrell/autoheal",
  "jwilder/nginx-proxy",
  "nginxproxy/nginx-proxy",
  "nginxproxy/docker-gen",
  "grafana/promtail",
  "grafana/alloy",
]);

/** Whether the image is Docker-in-Docker, which only runs privileged. */
export function isDockerInDocker(repository: string, tag: string | undefined): boolean {
  return repository === "docker" && /dind/.test(tag ?? "");
}

/**
 * Ports a database or store serves besides its main one (Database.port): what publishing
 * it opens to the network. RabbitMQ's management UI (rabbitmq docs "Management Plugin":
 * 15672), MinIO's console (`--console-address :9001`, the port of minio's own compose
 * examples), MySQL's X protocol (33060, mysql docs "X Plugin"). Other published ports of a
 * database service (an app image configured like a database, a sidecar port) are not
 * database ports.
 */
export const EXTRA_DATABASE_PORTS: Readonly<Record<string, readonly number[]>> = {
  rabbitmq: [15672],
  minio: [9001],
  mysql: [33060],
  mariadb: [],
  postgres: [],
  redis: [],
  mongodb: [],
  mssql: [],
};
