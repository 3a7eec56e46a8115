/**
 * Which services a service needs started first, as Compose computes it (compose-go
 * loader/normalize.go): its `depends_on`, plus the services named by `links`,
 * `network_mode`/`ipc`/`pid`/`uts`/`cgroup: service:NAME` and `volumes_from: NAME`. Compose
 * orders the start by these and refuses a cycle among them ("dependency cycle detected").
 */
import { asSeq, get, type RNode, scalarText } from "../parse/resolve";
import { perObject } from "./memo";
import type { Service } from "./types";

export interface ServiceEdge {
  /** The service depended on. */
  service: string;
  /** The characters naming it. */
  node: RNode;
  via: "depends_on" | "links" | "network_mode" | "ipc" | "pid" | "uts" | "cgroup" | "volumes_from";
}

const NAMESPACES = ["network_mode", "ipc", "pid", "uts", "cgroup"] as const;

export const serviceEdges = perObject((service: Service): ServiceEdge[] => {
  const out: ServiceEdge[] = [];
  const seen = new Set<string>();
  const add = (name: string | undefined, node: RNode, via: ServiceEdge["via"]) => {
    if (!name || seen.has(name)) return;
    seen.add(name);
    out.push({ service: name, node, via });
  };
  for (const d of service.dependsOn) add(d.service, d.nameNode, "depends_on");
  for (const l of service.links) add(l.service, l.node, "links");
  for (const ns of NAMESPACES) {
    const node = get(service.node, ns);
    const v = scalarText(node);
    if (node && v?.startsWith("service:")) add(v.slice("service:".length), node, ns);
  }
  for (const item of asSeq(get(service.node, "volumes_from"))?.items ?? []) {
    const v = scalarText(item);
    if (v && !v.startsWith("container:")) add(v.split(":")[0], item, "volumes_from");
  }
  return out;
});
