/**
 * The merged project printed the way `docker compose config --format json` prints it, for
 * the parts rules read: each service's image, environment (env files and `environment`
 * merged, variables resolved), ports (long form), depends_on (with conditions) and networks
 * (`default` when none is named). Other keys are passed through as merged. Tests compare
 * this with Compose v2 itself (test/differential/project-config.test.ts).
 */
import type { ComposeProject } from "./load";
import { type PMap, type PValue, pget, ptext, toPlain } from "./tree";

export interface ConfigPort {
  mode: string;
  host_ip?: string;
  target: number;
  published?: string;
  protocol: string;
  name?: string;
  app_protocol?: string;
}

/** `[HOST_IP:][PUBLISHED[-RANGE]:]TARGET[-RANGE][/PROTOCOL]` as Compose's long form (one entry per target port). */
export function shortPort(text: string): ConfigPort[] | undefined {
  let rest = text.trim();
  let protocol = "tcp";
  const slash = rest.lastIndexOf("/");
  if (slash >= 0) {
    protocol = rest.slice(slash + 1);
    rest = rest.slice(0, slash);
  }
  let hostIp: string | undefined;
  const v6 = /^\[([^\]]+)\]:(.*)$/.exec(rest);
  if (v6) {
    hostIp = v6[1];
    rest = v6[2]!;
  }
  const parts = rest.split(":");
  if (!v6 && parts.length === 3) hostIp = parts.shift();
  if (parts.length > 2) return undefined;
  const [pub, tgt] = parts.length === 2 ? parts : [undefined, parts[0]];
  const range = (s: string) => {
    const m = /^(\d+)(?:-(\d+))?$/.exec(s);
    return m ? [Number(m[1]), Number(m[2] ?? m[1])] : undefined;
  };
  const t = range(tgt ?? "");
  if (!t) return undefined;
  const p = pub ? range(pub) : undefined;
  if (pub && !p) return undefined;
  const out: ConfigPort[] = [];
  for (let i = 0; t[0] + i <= t[1]; i++) {
    const port: ConfigPort = { mode: "ingress", target: t[0] + i, protocol };
    if (hostIp) port.host_ip = hostIp;
    if (p)
      port.published = t[0] === t[1] ? (p[0] === p[1] ? String(p[0]) : `${p[0]}-${p[1]}`) : String(p[0] + i);
    out.push(port);
  }
  return out;
}

function ports(v: PValue | undefined): ConfigPort[] | undefined {
  if (v?.kind !== "seq") return undefined;
  const out: ConfigPort[] = [];
  for (const item of v.items) {
    if (item.kind === "scalar" && item.value !== null) out.push(...(shortPort(String(item.value)) ?? []));
    else if (item.kind === "map") {
      const port: ConfigPort = {
        mode: ptext(pget(item, "mode")) ?? "ingress",
        target: Number(ptext(pget(item, "target"))),
        protocol: ptext(pget(item, "protocol")) ?? "tcp",
      };
      const hostIp = ptext(pget(item, "host_ip"));
      if (hostIp) port.host_ip = hostIp;
      const published = ptext(pget(item, "published"));
      if (published) port.published = published;
      const name = ptext(pget(item, "name"));
      if (name) port.name = name;
      const app = ptext(pget(item, "app_protocol"));
      if (app) port.app_protocol = app;
      out.push(port);
    }
  }
  return out;
}

function dependsOn(v: PValue | undefined): Record<string, unknown> | undefined {
  if (v?.kind !== "map") return undefined;
  const out: Record<string, unknown> = {};
  for (const [name, e] of v.entries) {
    const body = e.value.kind === "map" ? (toPlain(e.value) as Record<string, unknown>) : {};
    out[name] = { condition: "service_started", required: true, ...body };
  }
  return out;
}

function networks(s: PMap): Record<string, unknown> | undefined {
  if (s.entries.has("network_mode")) return undefined;
  const v = pget(s, "networks");
  if (v?.kind !== "map") return { default: null };
  const out: Record<string, unknown> = {};
  for (const [name, e] of v.entries) out[name] = toPlain(e.value);
  return out;
}

export interface ConfigService {
  image?: string;
  environment?: Record<string, string | null>;
  ports?: ConfigPort[];
  depends_on?: Record<string, unknown>;
  networks?: Record<string, unknown>;
  [key: string]: unknown;
}

/** The project as `docker compose config --format json` shows it (the parts above; the rest as merged). */
export function projectConfig(project: ComposeProject): {
  services: Record<string, ConfigService>;
  [k: string]: unknown;
} {
  const services: Record<string, ConfigService> = {};
  for (const [name, s] of [...project.services].sort(([a], [b]) => a.localeCompare(b))) {
    const out: ConfigService = {};
    for (const [k, e] of s.entries) {
      if (k === "env_file" || k === "environment" || k === "ports" || k === "depends_on" || k === "networks")
        continue;
      out[k] = toPlain(e.value);
    }
    const env = project.environment.get(name);
    if (env?.size) {
      out.environment = Object.fromEntries(
        // Compose prints a literal `$` as `$$`, so that the output reads back as the same value.
        [...env.values()]
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((e) => [e.name, e.value === undefined ? null : e.value.replace(/\$/g, "$$$$")]),
      );
    }
    const p = ports(pget(s, "ports"));
    if (p?.length) out.ports = p;
    const d = dependsOn(pget(s, "depends_on"));
    if (d) out.depends_on = d;
    const n = networks(s);
    if (n) out.networks = n;
    services[name] = out;
  }
  const rest: Record<string, unknown> = {};
  for (const [k, e] of project.model.entries) if (k !== "services") rest[k] = toPlain(e.value);
  return { ...rest, services };
}
