/**
 * host-namespace: `network_mode: host`, `pid: host`, `ipc: host`, `userns_mode: host`,
 * `uts: host`. The container shares that part of the host: with `pid: host` it sees (and,
 * as root, can trace or kill) every host process; with `ipc: host` the host's shared memory;
 * `userns_mode: host` turns off the daemon's user-namespace remapping; with
 * `network_mode: host` every port it listens on is open on the host's interfaces.
 * Severity: warning; info for `network_mode: host`, which development stacks use to reach
 * a server on the host and which exposes ports rather than the host itself.
 */
import { type HostAccess, hostNamespaces } from "../model/facts/secrets";
import type { Service } from "../model/types";
import { defineRule } from "./types";

interface HostNamespace {
  service: Service;
  setting: HostAccess;
}

const WHAT: Record<string, string> = {
  network_mode: "every port it listens on is open on the host's network",
  pid: "it sees every host process and, as root, can trace or kill them",
  ipc: "it shares the host's shared memory",
  userns_mode: "the daemon's user-namespace remapping is off, root in it is root on the host",
  uts: "it can change the host's hostname",
};

export const hostNamespace = defineRule<HostNamespace>({
  meta: {
    id: "host-namespace",
    title: "The container shares a namespace of the host",
    defaultSeverity: "warning",
    fixable: false,
    securitySeverity: 7.0,
  },
  run: ({ model }) =>
    model.services.flatMap((service) => hostNamespaces(service).map((setting) => ({ service, setting }))),
  diagnostic: (_ctx, { service, setting }) => ({
    span: setting.node.span,
    message: `\`${service.name}\` shares the host's ${setting.key === "network_mode" ? "network" : setting.key.replace("_mode", "")} namespace (\`${setting.key}: host\`).`,
    detail: `${WHAT[setting.key] ?? ""}. Remove it unless the service must act on the host.`.replace(
      /^./,
      (c) => c.toUpperCase(),
    ),
    ...(setting.key === "network_mode" ? { severity: "info" as const } : {}),
  }),
});
