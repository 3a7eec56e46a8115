/**
 * Secrets and host access: which environment entries hold a credential written in plain text
 * (and which connection URLs carry the same secret), and what of the host a service reaches
 * (the Docker socket, privileged mode, host namespaces, disabled seccomp/AppArmor). For the
 * security rules (`plaintext-secret`, `docker-socket-mounted`, `privileged`,
 * `host-namespace`, `confinement-disabled`).
 *
 * A value that comes from a variable (`${PG_PASSWORD}`, `${PG_PASSWORD:-x}`) is never a
 * plaintext secret here: the file does not hold it (or holds only a default for when the
 * variable is unset, which the user chose to write).
 *
 * The project files the "Move secrets to .env" fix touches (`.env`, `.env.example`,
 * `.gitignore`) are read here too, from disk, only when a fix is asked for.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { asScalar, asSeq, get, type RNode, type RScalar, scalarText } from "../../parse/resolve";
import type { UrlPart } from "../../parse/url";
import { isCredentialKey, isPlaceholderValue } from "../knowledge/credential-keys";
import { perObject } from "../memo";
import type { ComposeModel, Connection, EnvVar, Service, VolumeMount } from "../types";
import { readProjectFile } from "./disk";
import { once } from "./once";

/** One place a secret's value is written. */
export type SecretPlace =
  | { kind: "env"; service: Service; env: EnvVar }
  | { kind: "url"; service: Service; conn: Connection; part: UrlPart };

/** One secret value and every place in the file that writes it. */
export interface Secret {
  value: string;
  /** In file order; places reached through one anchor appear once. */
  places: SecretPlace[];
}

/** True when the scalar's text holds a `$` interpolation (`$$` is a literal dollar). */
function interpolates(scalar: RScalar): boolean {
  const raw = scalar.text ?? "";
  return /\$(?!\$)/.test(raw.replace(/\$\$/g, ""));
}

/** The service's environment entries that write a credential as a literal value. */
export const literalCredentials = perObject((service: Service): EnvVar[] =>
  service.environment.filter(
    (e) =>
      e.form !== "env_file" &&
      e.value !== null &&
      isCredentialKey(e.name) &&
      !isPlaceholderValue(e.value.value) &&
      !e.value.hasVariable() &&
      !e.value.hasUnresolved() &&
      !interpolates(e.value.scalar),
  ),
);

/** The URL's password when it is written literally (not empty, not from a variable, not a default). */
export function literalUrlPassword(conn: Connection): UrlPart | undefined {
  const pw = conn.url.password;
  if (!pw || isPlaceholderValue(pw.value)) return undefined;
  const { start, end } = pw.span;
  if (conn.str.hasVariable(start, end) || conn.str.hasUnresolved(start, end)) return undefined;
  // `${DATABASE_URL:-postgresql://u:p@db/x}`: the whole URL is a default, the user's choice.
  if (conn.where.kind === "env" && interpolates(conn.str.scalar) && conn.str.hasVariable()) return undefined;
  if (conn.str.scalar.text && /\$\{[^}]*:?-/.test(conn.str.scalar.text)) return undefined;
  return pw;
}

const DOCKER_SOCKET = /(?:^|\/)docker\.sock$/;

/** The service's bind mounts of the Docker socket (any form: short, long, `:ro`). */
export const dockerSocketMounts = perObject((service: Service): VolumeMount[] =>
  service.volumes.filter(
    (v) => v.type === "bind" && !!v.source && !v.source.includes("$") && DOCKER_SOCKET.test(v.source.trim()),
  ),
);

/** A key of the service set to a value that gives the container the host. */
export interface HostAccess {
  key: string;
  value: string;
  node: RNode;
}

/** `true` written as YAML or as a string Compose reads as true. */
function isTrue(node: RNode | undefined): boolean {
  const s = asScalar(node);
  if (!s) return false;
  return s.value === true || /^(?:true|yes|on)$/i.test(s.text ?? "");
}

/** `privileged: true` and `cap_add: [ALL]`. */
export const privilegedSettings = perObject((service: Service): HostAccess[] => {
  const out: HostAccess[] = [];
  const privileged = get(service.node, "privileged");
  if (privileged && isTrue(privileged)) out.push({ key: "privileged", value: "true", node: privileged });
  for (const item of asSeq(get(service.node, "cap_add"))?.items ?? []) {
    const v = scalarText(item)?.trim().toUpperCase();
    if (v === "ALL" || v === "CAP_ALL") out.push({ key: "cap_add", value: scalarText(item)!, node: item });
  }
  return out;
});

export const NAMESPACE_KEYS = ["network_mode", "pid", "ipc", "userns_mode", "uts"] as const;

/** `network_mode: host`, `pid: host`, `ipc: host`, `userns_mode: host`, `uts: host`. */
export const hostNamespaces = perObject((service: Service): HostAccess[] => {
  const out: HostAccess[] = [];
  for (const key of NAMESPACE_KEYS) {
    const node = get(service.node, key);
    const v = scalarText(node)?.trim();
    if (node && v?.toLowerCase() === "host") out.push({ key, value: v, node });
  }
  return out;
});

/** `security_opt` entries that turn off seccomp, AppArmor or SELinux labelling. */
export const disabledConfinement = perObject((service: Service): HostAccess[] => {
  const out: HostAccess[] = [];
  for (const item of asSeq(get(service.node, "security_opt"))?.items ?? []) {
    const v = scalarText(item)?.trim();
    if (!v) continue;
    const m = /^(seccomp|apparmor|label|systempaths)\s*[:=]\s*(\S+)$/i.exec(v);
    if (!m) continue;
    const [, what, how] = m;
    const off = what.toLowerCase() === "label" ? /^disable$/i.test(how) : /^unconfined$/i.test(how);
    if (off) out.push({ key: what.toLowerCase(), value: v, node: item });
  }
  return out;
});

/** The project files around the compose file that the secrets fix reads and writes. */
export interface SecretFiles {
  /** Paths are relative to the compose file's folder. */
  envPath: string;
  /** undefined when there is no `.env` yet. */
  envText?: string;
  examplePath: string;
  exampleText?: string;
  /** The `.gitignore` to add `.env` to, and its text (undefined: to be created). */
  gitignorePath: string;
  gitignoreText?: string;
  /** True when the folder is inside a git work tree. */
  inGit: boolean;
  /** True when a `.gitignore` from here up to the repository root already ignores `.env`. */
  envIgnored: boolean;
}

/** A `.gitignore` line that ignores a `.env` in its folder (or any folder). */
const IGNORES_ENV = /^\s*(?:\*\*\/)?\/?(?:\.env|\.env\*|\*\.env|\.env\.?\*|\*)\s*$/;

function gitRoot(dir: string): string | undefined {
  let d = dir;
  for (let i = 0; i < 64; i++) {
    if (existsSync(join(d, ".git"))) return d;
    const up = dirname(d);
    if (up === d) return undefined;
    d = up;
  }
  return undefined;
}

/**
 * Reads the files next to a compose file (only when a fix is asked for). Without a path
 * (standard input, an unsaved editor) they are taken as absent.
 */
export function secretFilesFor(composePath: string | undefined): SecretFiles {
  if (!composePath)
    return {
      envPath: ".env",
      examplePath: ".env.example",
      gitignorePath: ".gitignore",
      inGit: false,
      envIgnored: false,
    };
  const dir = dirname(composePath);
  const root = gitRoot(dir);
  let envIgnored = false;
  if (root) {
    for (let d = dir; ; d = dirname(d)) {
      const text = readProjectFile(join(d, ".gitignore"));
      if (text?.split(/\r?\n/).some((l) => IGNORES_ENV.test(l))) envIgnored = true;
      if (d === root || dirname(d) === d) break;
    }
  }
  return {
    envPath: ".env",
    envText: readProjectFile(join(dir, ".env")),
    examplePath: ".env.example",
    exampleText: readProjectFile(join(dir, ".env.example")),
    gitignorePath: ".gitignore",
    gitignoreText: readProjectFile(join(dir, ".gitignore")),
    inGit: !!root,
    envIgnored,
  };
}

/** A name usable as a Compose variable: upper snake case of the words. */
export function variableName(...parts: string[]): string {
  const name = parts
    .join("_")
    .replace(/[^A-Za-z0-9_]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toUpperCase();
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

export class SecretFacts {
  constructor(private readonly model: ComposeModel) {}

  /**
   * Every literal secret of the file, one per distinct value: credential environment
   * entries and the passwords of connection URLs with that value (they must change
   * together). URL passwords with no credential entry of the same value are a secret too.
   */
  readonly secrets = once((): readonly Secret[] => {
    const byValue = new Map<string, Secret>();
    const seen = new Set<RScalar>();
    const seenUrl = new Set<string>();
    const add = (value: string, place: SecretPlace) => {
      let s = byValue.get(value);
      if (!s) byValue.set(value, (s = { value, places: [] }));
      s.places.push(place);
    };
    for (const service of this.model.services) {
      for (const env of literalCredentials(service)) {
        // An anchor's entry is one scalar for every service that uses it: one place.
        if (seen.has(env.value!.scalar)) continue;
        seen.add(env.value!.scalar);
        add(env.value!.value, { kind: "env", service, env });
      }
    }
    for (const conn of this.model.connections) {
      // An env file is where a secret belongs (as `.env` is): a password there is not plain text in the compose file.
      if (conn.where.kind === "env" && conn.where.env.form === "env_file") continue;
      const part = literalUrlPassword(conn);
      if (!part) continue;
      const key = `${conn.str.scalar.span.start}:${conn.str.scalarIndex(part.span.start)}`;
      if (seenUrl.has(key)) continue;
      seenUrl.add(key);
      add(part.value, { kind: "url", service: conn.service, conn, part });
    }
    const start = (p: SecretPlace) =>
      p.kind === "env" ? p.env.value!.span().start : p.conn.str.span(p.part.span.start).start;
    const out = [...byValue.values()];
    for (const s of out) s.places.sort((a, b) => start(a) - start(b));
    return out.sort((a, b) => start(a.places[0]) - start(b.places[0]));
  });

  /** Every `${NAME}` the file refers to (a new variable must not take one of these names). */
  readonly referencedVariables = once((): ReadonlySet<string> => {
    const names = new Set<string>();
    for (const m of this.model.text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)) names.add(m[1]);
    return names;
  });

  /**
   * The variable each secret moves to: the credential's own key when it is free
   * (`POSTGRES_PASSWORD`), else prefixed with the service (`MLFLOW_DB_POSTGRES_PASSWORD`),
   * else numbered; a name `.env` already gives the same value is reused. Never a name the
   * file already refers to or `.env` gives another value.
   */
  readonly variableNames = once((): ReadonlyMap<Secret, string> => {
    const out = new Map<Secret, string>();
    const taken = new Set<string>(this.referencedVariables());
    for (const secret of this.secrets()) {
      const first = secret.places.find((p) => p.kind === "env") ?? secret.places[0];
      const candidates: string[] = [];
      if (first.kind === "env") {
        candidates.push(variableName(first.env.name), variableName(first.service.name, first.env.name));
      } else {
        const host = first.conn.target?.name ?? first.service.name;
        candidates.push(variableName(host, "PASSWORD"), variableName(first.service.name, host, "PASSWORD"));
      }
      const free = (n: string) => {
        const inEnv = this.model.variables.get(n);
        return !taken.has(n) && (inEnv === undefined || inEnv === secret.value);
      };
      let name = candidates.find(free);
      for (let i = 2; !name; i++) if (free(`${candidates[0]}_${i}`)) name = `${candidates[0]}_${i}`;
      taken.add(name);
      out.set(secret, name);
    }
    return out;
  });
}
