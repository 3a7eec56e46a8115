/**
 * Images: what the image a service runs is known to read and do (knowledge/images.ts, one
 * table with the source of each entry): the table entry and the version its tag names, the
 * data directory that version uses, and the environment variables the image does not read.
 * Facts of one service (perObject): they depend on nothing but the service.
 */
import { getPair, type RNode } from "../../parse/resolve";
import { mayHaveUnreadEnv } from "../env-complete";
import {
  type DataDirectory,
  type ImageFacts,
  type ImageVersion,
  imageDataDirectory,
  imageFacts,
  imageIgnoresVariable,
  imageVersion,
  meantImageVariable,
} from "../knowledge/images";
import { perObject } from "../memo";
import type { EnvVar, Service, VolumeMount } from "../types";
import { nearestNames } from "./names";

/** A service's image as the table knows it. */
export interface KnownImage {
  facts: ImageFacts;
  /** The version its tag names (`unknown` when the tag has a variable without a value). */
  version: ImageVersion;
  /** The major version that runs: the tag's, or what `latest` meant at the table's commit. */
  major?: number;
}

/** An environment variable the service's image does not read. */
export interface IgnoredVariable {
  env: EnvVar;
  /** The variable of the image it most likely meant (`POSTGRES_PASS` -> `POSTGRES_PASSWORD`), when one is near. */
  near?: string;
  /**
   * Why something else may still read it, when it may: a script in /docker-entrypoint-initdb.d
   * or an entrypoint of the service's own, the service's command naming it, a near name already set.
   */
  mayBeRead?: string;
}

const knownImage = perObject((service: Service): KnownImage | undefined => {
  const image = service.image;
  if (!image || service.build) return undefined;
  const facts = imageFacts(image);
  if (!facts) return undefined;
  const tagUnknown = image.str.hasUnresolved();
  const version: ImageVersion = tagUnknown ? { kind: "unknown" } : imageVersion(facts, image.tag);
  const major = version.kind === "latest" ? facts.latestMajor : version.major;
  return { facts, version, ...(major !== undefined ? { major } : {}) };
});

/** The service's last value of `name` in `environment:`, as written. */
function envValue(service: Service, name: string): EnvVar | undefined {
  for (let i = service.environment.length - 1; i >= 0; i--)
    if (service.environment[i].name === name) return service.environment[i];
  return undefined;
}

const dataDirectory = perObject((service: Service): DataDirectory | undefined => {
  const known = knownImage(service);
  if (!known) return undefined;
  const dir = imageDataDirectory(known.facts, known.version);
  if (!dir) return undefined;
  const moved = dir.movedBy ? envValue(service, dir.movedBy) : undefined;
  if (!moved) return dir;
  const path = moved.value?.value;
  if (!path || moved.value?.hasUnresolved()) return undefined;
  return { ...dir, path: path.replace(/\/+$/, "") || "/", volume: undefined };
});

/** The scalars of a node as written (before interpolation: `$$NAME` is still there). */
function scalarTexts(node: RNode | undefined | null, out: string[]): string[] {
  if (!node) return out;
  if (node.kind === "scalar") out.push(node.text ?? "");
  else if (node.kind === "seq") for (const i of node.items) scalarTexts(i, out);
  else for (const p of node.pairs) scalarTexts(p.value, out);
  return out;
}

/** Text of the service's command, entrypoint and healthcheck, where a `$NAME` may read a variable. */
function commandText(service: Service): string {
  const out: string[] = [];
  for (const node of [service.command?.node, service.entrypoint?.node, service.healthcheck?.test])
    scalarTexts(node, out);
  return out.join(" ");
}

const ignoredVariables = perObject((service: Service): IgnoredVariable[] => {
  const known = knownImage(service);
  if (!known || known.facts.closedPrefixes.length === 0) return [];
  const { facts } = known;
  const candidates = facts.variables.map((v) => v.name);
  const set = new Set(service.environment.map((e) => e.name));
  // Something of the service's own may read any variable: an init script, its own entrypoint.
  const initScripts = service.volumes.some((v) => v.target?.startsWith("/docker-entrypoint-initdb.d"));
  const ownEntrypoint = !!service.entrypoint;
  const command = commandText(service);
  const out: IgnoredVariable[] = [];
  for (const env of service.environment) {
    if (!imageIgnoresVariable(facts, env.name)) continue;
    // The service's command reads it (`psql -h $POSTGRES_HOST`): it is not meant for the image.
    if (new RegExp(`\\$\\{?${env.name}\\b`).test(command)) continue;
    const base = env.name.endsWith("_FILE") ? env.name.slice(0, -"_FILE".length) : env.name;
    const nearest = nearestNames(base, candidates);
    const near =
      meantImageVariable(facts, env.name) ??
      (nearest && nearest.names.length === 1
        ? `${nearest.names[0]}${base === env.name ? "" : "_FILE"}`
        : undefined);
    // The usual init-script pattern (POSTGRES_MULTIPLE_DATABASES, POSTGRES_MLFLOW_USER): the script reads it.
    if (initScripts && !near) continue;
    const mayBeRead = initScripts
      ? "a script in /docker-entrypoint-initdb.d may read it"
      : ownEntrypoint
        ? "the service's own entrypoint may read it"
        : near && (set.has(near) || set.has(`${nearest?.names[0]}_FILE`))
          ? `\`${near}\` is set as well`
          : undefined;
    out.push({ env, ...(near ? { near } : {}), ...(mayBeRead ? { mayBeRead } : {}) });
  }
  return out;
});

/**
 * A PostgreSQL service whose login variables (POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB and
 * their `_FILE` forms) the image applies only to an empty data directory, and whose data
 * directory a named volume keeps: once the volume holds a database, changing them does nothing
 * (the entrypoint skips initialisation; knowledge/images.ts `existingData`).
 */
export interface InitOnlyOnVolume {
  variables: EnvVar[];
  volume: string;
  mount: VolumeMount;
  /** What the image does on an existing data directory (the table's words). */
  existingData: string;
}

const initOnlyOnVolume = perObject((service: Service): InitOnlyOnVolume | undefined => {
  const known = knownImage(service);
  if (known?.facts.kind !== "postgres" || service.environment.length === 0) return undefined;
  const initOnly = new Set(
    known.facts.variables
      .filter((v) => v.initOnly && (v.role === "user" || v.role === "password" || v.role === "database"))
      .flatMap((v) => [v.name, `${v.name}_FILE`]),
  );
  const variables = service.environment.filter((e) => initOnly.has(e.name));
  if (variables.length === 0) return undefined;
  const dir = dataDirectory(service);
  if (!dir) return undefined;
  const holds = (target: string) => {
    const t = target.replace(/\/+$/, "") || "/";
    return dir.path === t || dir.path.startsWith(t === "/" ? "/" : `${t}/`);
  };
  const mount = service.volumes.find(
    (v) => v.type === "volume" && !!v.source && !v.source.includes("$") && !!v.target && holds(v.target),
  );
  if (!mount?.source) return undefined;
  return { variables, volume: mount.source, mount, existingData: known.facts.existingData };
});

/** The service's image as the table knows it (for other fact areas; rules ask `facts.images.known`). */
export const knownImageOf = knownImage;

export class ImageFactsArea {
  /** The service's image as the table knows it (not a `build:`, not an image the table lacks). */
  known(service: Service): KnownImage | undefined {
    return knownImage(service);
  }

  /**
   * What the service's known image serves: `database`, `cache`, `broker` or `s3` (MinIO,
   * garage, SeaweedFS, RustFS, LocalStack: Staged Up starts them with the databases).
   */
  role(service: Service): ImageFacts["role"] | undefined {
    return knownImage(service)?.facts.role;
  }

  /** Where the service's image keeps its data: by version, or where the service's variable moves it. */
  dataDirectory(service: Service): DataDirectory | undefined {
    return dataDirectory(service);
  }

  /** Whether the service sets the variable (in `environment:`) or may set it through an `env_file`. */
  setsVariable(service: Service, name: string): "yes" | "no" | "maybe" {
    if (envValue(service, name)) return "yes";
    return mayHaveUnreadEnv(service) || getPair(service.node, "extends") ? "maybe" : "no";
  }

  /** POSTGRES_USER/PASSWORD/DB set on a service whose data a named volume keeps (see InitOnlyOnVolume). */
  initOnlyOnVolume(service: Service): InitOnlyOnVolume | undefined {
    return initOnlyOnVolume(service);
  }

  /** The service's environment variables its known image does not read, with the name it may have meant. */
  ignoredVariables(service: Service): IgnoredVariable[] {
    return ignoredVariables(service);
  }
}
