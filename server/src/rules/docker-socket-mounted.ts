/**
 * docker-socket-mounted: a bind mount of the Docker socket (`/var/run/docker.sock`, in any
 * form: short, long, `:ro`). Whoever controls the container controls the Docker daemon, and
 * so the host as root (`docker run -v /:/host --privileged ...`); `:ro` does not help, the
 * API is a socket, not a file. Airflow's DockerOperator and CI runners ask for it.
 * Severity: warning; info for images whose job is the Docker API (Traefik, a socket proxy,
 * Watchtower, Portainer...: knowledge/host-access.ts), where the mount is the design.
 */
import { dockerSocketMounts } from "../model/facts/secrets";
import { DOCKER_API_IMAGES } from "../model/knowledge/host-access";
import type { Service, VolumeMount } from "../model/types";
import { defineRule } from "./types";

interface SocketMount {
  service: Service;
  mount: VolumeMount;
}

export const dockerSocketMounted = defineRule<SocketMount>({
  meta: {
    id: "docker-socket-mounted",
    title: "The Docker socket is mounted into a container",
    defaultSeverity: "warning",
    fixable: false,
    securitySeverity: 9.0,
  },
  run: ({ model }) =>
    model.services.flatMap((service) => dockerSocketMounts(service).map((mount) => ({ service, mount }))),
  diagnostic: (_ctx, { service, mount }) => {
    const byDesign = !!service.image && DOCKER_API_IMAGES.has(service.image.repository);
    return {
      span: mount.sourceSpan ?? mount.node.span,
      message: `\`${service.name}\` mounts the Docker socket: it controls the Docker daemon, and so the host as root.`,
      detail:
        (byDesign
          ? `${service.image!.repository} uses the Docker API by design; keep it off the network and pin its image. `
          : "") +
        "A read-only mount (`:ro`) does not limit the API. Put a socket proxy (tecnativa/docker-socket-proxy) " +
        "in between that allows only the calls needed, or run Docker rootless.",
      ...(byDesign ? { severity: "info" as const } : {}),
    };
  },
});
