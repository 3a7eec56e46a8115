/**
 * privileged: `privileged: true` or `cap_add: [ALL]`. The container gets every capability
 * and every host device: root in it is root on the host (mount the host disk, load kernel
 * modules). Severity: warning; info for Docker-in-Docker, which only runs privileged.
 */
import { type HostAccess, privilegedSettings } from "../model/facts/secrets";
import { isDockerInDocker } from "../model/knowledge/host-access";
import type { Service } from "../model/types";
import { defineRule } from "./types";

interface Privileged {
  service: Service;
  setting: HostAccess;
}

export const privileged = defineRule<Privileged>({
  meta: {
    id: "privileged",
    title: "The container runs privileged or with every capability",
    defaultSeverity: "warning",
    fixable: false,
    securitySeverity: 8.5,
  },
  run: ({ model }) =>
    model.services.flatMap((service) => privilegedSettings(service).map((setting) => ({ service, setting }))),
  diagnostic: (_ctx, { service, setting }) => {
    const dind = !!service.image && isDockerInDocker(service.image.repository, service.image.tag);
    const what = setting.key === "privileged" ? "runs privileged" : "adds every capability (`cap_add: ALL`)";
    return {
      span: setting.node.span,
      message: `\`${service.name}\` ${what}: root in the container is root on the host.`,
      detail:
        (dind ? "Docker-in-Docker needs it; keep such a service out of shared or production hosts. " : "") +
        "It gets every host device and capability. Add only the capabilities it needs (`cap_add: [NET_ADMIN]`) " +
        "and the devices it needs (`devices:`).",
      ...(dind ? { severity: "info" as const } : {}),
    };
  },
});
