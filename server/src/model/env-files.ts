/**
 * The variables a service gets from its `env_file`s, in the model like the ones of
 * `environment:`, so that every rule sees a URL or a password written in `app.env` (#13).
 *
 * Spans stay plain offsets: each env file read is given a place after the compose text
 * (`model.external`), its entries' spans are offsets there, and `placement.ts` turns findings
 * and edits there back into the env file and its own offsets. The compose text itself is
 * unchanged, so nothing that reads the YAML sees the env files.
 */
import { interpolate } from "../parse/interpolate";
import type { RScalar } from "../parse/resolve";
import { DocText, SourceString } from "../parse/source-string";
import type { ComposeProject } from "../project/load";
import { type PValue, pget, ptext } from "../project/tree";
import { connectionsOf, findApps, findConnections } from "./apps";
import type { ModelCache } from "./cache";
import { findDatabases } from "./databases";
import type { ComposeModel, EnvVar, ExternalText, Service } from "./types";

/**
 * Adds each service's env-file variables (those no `environment:` entry overrides) to the
 * services of `model`'s own file and derives databases, apps and connections again from them.
 * A service whose env files were all read (or are optional and absent) is marked
 * `envFilesRead`: then no variable of it is unknown.
 */
export function addEnvFileVariables(model: ComposeModel, project: ComposeProject, cache?: ModelCache): void {
  if (!model.path) return;
  const doc = new DocText(model.text);
  const external: ExternalText[] = [];
  const baseOf = new Map<string, number>();
  let combined = model.text;
  const placeOf = (file: string): number | undefined => {
    let base = baseOf.get(file);
    if (base !== undefined) return base;
    const text = project.envTexts.get(file);
    if (text === undefined) return undefined;
    combined += "\n";
    base = combined.length;
    combined += text;
    baseOf.set(file, base);
    external.push({ file, text, base });
    return base;
  };

  const changed = new Map<Service, Service>();
  for (const service of model.services) {
    const merged = project.services.get(service.name);
    const env = project.environment.get(service.name);
    if (!merged || !env) continue;
    const files = envFileItems(pget(merged, "env_file"));
    if (files.length === 0) continue;
    const own = new Set(service.environment.map((e) => e.name));
    const added: EnvVar[] = [];
    const lookup = (n: string) => project.variables.get(n) ?? env.get(n)?.value;
    for (const e of env.values()) {
      if (e.from !== "env_file" || own.has(e.name)) continue;
      const base = placeOf(e.keyAt.file);
      const entry = project.envFiles.get(e.keyAt.file)?.find((d) => d.keySpan.start === e.keyAt.span.start);
      if (base === undefined || !entry) continue;
      const text = project.envTexts.get(e.keyAt.file)!;
      const node: RScalar = {
        kind: "scalar",
        span: shift(entry.valueSpan, base),
        // Not "PLAIN": a YAML plain scalar may start with a tag (`!x`), an env value may not.
        style: entry.quote === "'" ? "QUOTE_SINGLE" : entry.quote === '"' ? "QUOTE_DOUBLE" : "ENV",
        text: entry.value ?? null,
        value: entry.value ?? null,
      };
      added.push({
        name: e.name,
        value: entry.value === undefined ? null : envValue(doc, node, text, entry, lookup),
        keySpan: shift(entry.keySpan, base),
        entrySpan: shift(entry.entrySpan, base),
        form: "env_file",
        node,
      });
    }
    // Every env file read, or optional and absent: what the service gets is all known. Another
    // file's `environment:` (an override) may set more, which this file's model does not see.
    const allRead = files.every((f) => project.envTexts.has(f.path) || !f.required);
    const fromOtherFiles = [...env.values()].some(
      (e) => e.from === "environment" && e.keyAt.file !== model.path,
    );
    changed.set(service, {
      ...service,
      environment: [...service.environment, ...added],
      envFilesRead: allRead && !fromOtherFiles,
    });
  }
  if (changed.size === 0) return;
  doc.text = combined;
  model.external = external;
  model.services = model.services.map((s) => changed.get(s) ?? s);
  model.serviceByName = new Map(model.services.map((s) => [s.name, s]));
  model.databases = findDatabases(model);
  model.databaseByService = new Map(model.databases.map((d) => [d.service.name, d]));
  model.apps = findApps(model);
  model.connections = findConnections(model, (s) =>
    cache ? cache.connections(s, s.pair, () => connectionsOf(s)) : connectionsOf(s),
  );
}

/** The model's offsets of the env file `file` (where its text was placed), if it was read. */
export function externalAt(model: ComposeModel, offset: number): ExternalText | undefined {
  if (!model.external || offset <= model.text.length) return undefined;
  let found: ExternalText | undefined;
  for (const x of model.external) if (x.base <= offset) found = x;
  return found;
}

function shift(span: { start: number; end: number }, by: number) {
  return { start: span.start + by, end: span.end + by };
}

/** The `env_file` entries of a merged service: path (absolute after loading) and whether required. */
function envFileItems(value: PValue | undefined): { path: string; required: boolean }[] {
  if (!value) return [];
  const out: { path: string; required: boolean }[] = [];
  for (const item of value.kind === "seq" ? value.items : [value]) {
    const path = ptext(item.kind === "map" ? pget(item, "path") : item);
    if (!path) continue;
    const required = item.kind === "map" ? pget(item, "required") : undefined;
    const optional = required?.kind === "scalar" && (required.value === false || required.text === "false");
    out.push({ path, required: !optional });
  }
  return out;
}

/**
 * The value as a SourceString of the env file's characters: unquoted and single-quoted values
 * map one to one (the former interpolated like a compose value); a double-quoted value with an
 * escape maps to nothing (shown at the whole value, never edited in place).
 */
function envValue(
  doc: DocText,
  node: RScalar,
  text: string,
  entry: { valueSpan: { start: number; end: number }; quote?: string; value?: string },
  lookup: (name: string) => string | undefined,
): SourceString {
  const raw = text.slice(entry.valueSpan.start, entry.valueSpan.end);
  const inner = entry.quote ? raw.slice(1, -1) : raw;
  const written = SourceString.ofScalar(doc, { ...node, text: inner, value: inner });
  const value = entry.value ?? "";
  if (entry.quote === '"' && inner.includes("\\"))
    return written.derive(value, new Array(value.length).fill(-1));
  if (entry.quote === "'" || !inner.includes("$")) return written;
  const r = interpolate(inner, lookup);
  return written.derive(r.value, r.map, { fromVariable: r.fromVariable, unresolved: r.unresolved });
}
