/**
 * The merged project as one compose text, for what plans a whole project at once (Staged
 * Up, Reset, Check Connections): the services as Compose will run them (override merged,
 * includes imported, extends applied, env files read into `environment`), every `$` doubled
 * so that reading the text again leaves the values as they are.
 */
import { stringify } from "yaml";
import type { ComposeProject } from "./load";
import { type PValue, toPlain } from "./tree";

function escapeDollars(v: unknown): unknown {
  if (typeof v === "string") return v.replace(/\$/g, "$$$$");
  if (Array.isArray(v)) return v.map(escapeDollars);
  if (v && typeof v === "object")
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, escapeDollars(x)]));
  return v;
}

export function mergedComposeText(project: ComposeProject): string {
  const out: Record<string, unknown> = {};
  for (const [k, e] of project.model.entries) {
    if (k === "services") continue;
    out[k] = toPlain(e.value as PValue);
  }
  const services: Record<string, unknown> = {};
  for (const [name, s] of project.services) {
    const svc = toPlain(s) as Record<string, unknown>;
    delete svc.env_file;
    const env = project.environment.get(name);
    if (env?.size)
      svc.environment = Object.fromEntries([...env.values()].map((e) => [e.name, e.value ?? null]));
    services[name] = svc;
  }
  out.services = services;
  return stringify(escapeDollars(out));
}
