/**
 * Files next to the compose file that decide how a service starts: the Dockerfile a
 * `build:` uses (its base image, HEALTHCHECK, ENTRYPOINT/CMD and what it COPYs), and the
 * scripts a service runs when they are bind-mounted or copied from the project. Read only
 * when the model has a path on disk; cached by modification time so that typing does not
 * hit the disk; a file that is absent, too big or unreadable is simply unknown.
 */
import { readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { asScalar, get, getPair, scalarText } from "../../parse/resolve";
import type { Service } from "../types";

/** Bigger files are not a Dockerfile or a start script. */
const MAX_BYTES = 256 * 1024;
const cache = new Map<string, { mtimeMs: number; text: string | undefined }>();

/** The text of a regular file, or undefined (absent, a directory, too big, unreadable). */
export function readProjectFile(path: string): string | undefined {
  let mtimeMs: number;
  try {
    const st = statSync(path);
    if (!st.isFile() || st.size > MAX_BYTES) return undefined;
    mtimeMs = st.mtimeMs;
  } catch {
    cache.delete(path);
    return undefined;
  }
  const hit = cache.get(path);
  if (hit && hit.mtimeMs === mtimeMs) return hit.text;
  let text: string | undefined;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    text = undefined;
  }
  if (cache.size > 512) cache.clear();
  cache.set(path, { mtimeMs, text });
  return text;
}

export interface Dockerfile {
  path: string;
  /** The build context directory (COPY sources are relative to it). */
  context: string;
  /** The base image of the stage that is built (`FROM apache/airflow:2.10.4` → that reference). */
  from?: string;
  /** HEALTHCHECK of that stage: a test, `NONE`, or none written. */
  healthcheck: "present" | "none" | "absent";
  entrypoint?: string;
  cmd?: string;
  /** COPY/ADD of that stage: sources (relative to the context) and destination. */
  copies: { sources: string[]; dest: string }[];
}

/** The instructions of a Dockerfile: continuation lines joined, comments dropped. */
function instructions(text: string): { op: string; args: string }[] {
  const out: { op: string; args: string }[] = [];
  let pending = "";
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (!pending && /^\s*#/.test(line)) continue;
    if (line.endsWith("\\")) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const full = (pending + line).trim();
    pending = "";
    const m = /^([A-Za-z]+)\s+([\s\S]*)$/.exec(full);
    if (m) out.push({ op: m[1].toUpperCase(), args: m[2].trim() });
  }
  return out;
}

/** The words of an exec-form (`["a", "b"]`) or shell-form instruction argument. */
export function dockerWords(args: string): string[] {
  if (args.startsWith("[")) {
    try {
      const v = JSON.parse(args);
      if (Array.isArray(v)) return v.map(String);
    } catch {
      // not JSON: shell form after all
    }
  }
  return args.split(/\s+/).filter(Boolean);
}

/** The stage that is built: the one named `target`, else the last. */
export function parseDockerfile(text: string, path: string, context: string, target?: string): Dockerfile {
  const stages: Dockerfile[] = [];
  const names: (string | undefined)[] = [];
  let cur: Dockerfile | undefined;
  for (const { op, args } of instructions(text)) {
    if (op === "FROM") {
      const words = args.split(/\s+/).filter((w) => !w.startsWith("--"));
      // A stage built FROM an earlier stage inherits its instructions.
      const base = names.indexOf(words[0]?.toLowerCase());
      cur =
        base >= 0
          ? { ...stages[base], copies: [...stages[base].copies] }
          : { path, context, from: words[0], healthcheck: "absent", copies: [] };
      stages.push(cur);
      names.push(/^as$/i.test(words[1] ?? "") ? words[2]?.toLowerCase() : undefined);
      continue;
    }
    if (!cur) continue;
    if (op === "HEALTHCHECK") cur.healthcheck = /^NONE\b/i.test(args) ? "none" : "present";
    else if (op === "ENTRYPOINT") {
      cur.entrypoint = args;
      cur.cmd = undefined; // ENTRYPOINT resets an inherited CMD
    } else if (op === "CMD") cur.cmd = args;
    else if (op === "COPY" || op === "ADD") {
      const words = dockerWords(args.replace(/^(--\S+\s+)+/, ""));
      if (words.length >= 2 && !args.includes("--from"))
        cur.copies.push({ sources: words.slice(0, -1), dest: words[words.length - 1] });
    }
  }
  const i = target ? names.indexOf(target.toLowerCase()) : -1;
  return (
    (i >= 0 ? stages[i] : stages[stages.length - 1]) ?? { path, context, healthcheck: "absent", copies: [] }
  );
}

/** The service's build context and Dockerfile on disk, when the compose file is on disk and they are local paths. */
export function buildFiles(
  composePath: string | undefined,
  service: Service,
): { context: string; dockerfile: string; target?: string } | undefined {
  if (!composePath || !service.node) return undefined;
  const build = getPair(service.node, "build")?.value;
  if (!build) return undefined;
  const contextText =
    build.kind === "scalar" ? scalarText(build) : (scalarText(get(build, "context")) ?? ".");
  const dockerfileText =
    build.kind === "map" ? (scalarText(get(build, "dockerfile")) ?? "Dockerfile") : "Dockerfile";
  const target = build.kind === "map" ? scalarText(asScalar(get(build, "target"))) : undefined;
  if (!contextText || /[$]|:\/\/|^git@/.test(contextText) || dockerfileText.includes("$")) return undefined;
  if (build.kind === "map" && get(build, "dockerfile_inline")) return undefined;
  const context = resolve(dirname(composePath), contextText);
  const dockerfile = isAbsolute(dockerfileText) ? dockerfileText : join(context, dockerfileText);
  return { context, dockerfile, target };
}

/** The bind-mounted host file behind a container path, when the mount is a relative path next to the compose file. */
export function boundFile(
  composePath: string | undefined,
  service: Service,
  containerPath: string,
): string | undefined {
  if (!composePath) return undefined;
  for (const v of service.volumes) {
    if (v.type !== "bind" || !v.source || !v.target || v.source.includes("$")) continue;
    if (!/^\.{1,2}\//.test(v.source) && !isAbsolute(v.source)) continue;
    const host = resolve(dirname(composePath), v.source);
    if (containerPath === v.target) return host;
    const dir = v.target.endsWith("/") ? v.target : `${v.target}/`;
    if (containerPath.startsWith(dir)) return join(host, containerPath.slice(dir.length));
  }
  return undefined;
}
