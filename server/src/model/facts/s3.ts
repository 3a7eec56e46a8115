/**
 * S3 stores: which services run an S3-compatible store (MinIO, Bitnami's MinIO, garage,
 * SeaweedFS, RustFS, LocalStack, recognised by image through knowledge/images.ts), the port
 * its API and its console listen on inside the container (the image's defaults, moved by
 * `--address` / `--console-address` or the image's variables), the root access key and
 * secret it accepts, with where they are set, and its clients: the services whose S3
 * endpoint URL (MLFLOW_S3_ENDPOINT_URL, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_S3, S3_ENDPOINT*)
 * names it, with the AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY they sign with.
 *
 * Unknown is not wrong: a value from a variable with no value, a `_FILE` secret, an env_file
 * the model could not read, or keys the store may have besides its root user (an `mc admin
 * user add` job, a script we cannot read) make the setting or the store's keys unknown.
 */
import type { SourceString } from "../../parse/source-string";
import { envSetting, lastEnv } from "../databases";
import { mayHaveUnreadEnv } from "../env-complete";
import type { ImageFacts, S3AddressSetting, S3Api } from "../knowledge/images";
import { s3StoreLabel } from "../labels";
import { perObject } from "../memo";
import type { ComposeModel, Connection, EffectiveSetting, Service } from "../types";
import type { ConnectionFacts } from "./connections";
import { knownImageOf } from "./images";
import type { NetworkFacts } from "./networks";
import { once } from "./once";
import { extendsOf } from "./project";
import type { Target } from "./targets";

/** A port the store listens on, with what sets it (for messages). */
export interface S3Port {
  port: number;
  /** `--console-address :9001`, `MINIO_CONSOLE_ADDRESS`; undefined: the image's default. */
  setBy?: string;
}

/** One of the store's root credentials (access key or secret), with where it is set. */
export interface S3Credential {
  setting: EffectiveSetting & { value: string };
  /** The variable that sets it (`MINIO_ROOT_USER`), or the image's variable left unset (its default). */
  variable: string;
  /** True when unset: the image's default login. */
  isDefault: boolean;
}

export interface S3Store {
  service: Service;
  image: ImageFacts;
  api: S3Api;
  /** The S3 API's port in the container; undefined when a variable or an unreadable value sets it. */
  apiPort?: S3Port;
  /** The console's port; undefined when it has none, a random one, or one that cannot be read. */
  consolePort?: S3Port;
  /**
   * The root access key and secret a client must sign with; undefined when they cannot be
   * known (variables without a value, `_FILE`, an env_file, LocalStack's any-key, keys made
   * elsewhere).
   */
  accessKey?: S3Credential;
  secretKey?: S3Credential;
}

/** A service whose S3 endpoint URL names a store, with the keys it signs with. */
export interface S3Client {
  conn: Connection;
  service: Service;
  store: S3Store;
  /** Its AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY; undefined when it sets none in `environment:`. */
  accessKey?: EffectiveSetting;
  secretKey?: EffectiveSetting;
}

/** The port in `:9000`, `0.0.0.0:9000`, `[::]:9000`, or a bare `9000` for the `port` form. */
function portOf(value: string, form: S3AddressSetting["form"]): number | undefined {
  const text = value.trim();
  const m = form === "port" ? /^(\d{1,5})$/.exec(text) : /^(?:\[[^\]]*\]|[^:]*):(\d{1,5})$/.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** The value after a flag in any of the service's commands (`--address :9000`, `--address=:9000`). */
function flagValue(service: Service, flag: string): SourceString | string | undefined {
  for (const cl of [service.entrypoint, service.command]) {
    for (const cmd of cl?.commands ?? []) {
      for (let i = 0; i < cmd.length; i++) {
        const w = cmd[i].value;
        if (w === flag) return cmd[i + 1] ?? "";
        if (w.startsWith(`${flag}=`)) return w.slice(flag.length + 1);
      }
    }
  }
  return undefined;
}

/**
 * The port one of the store's addresses is at: the first setting that is set decides; none set,
 * the default. `null` when a setting is set but its value cannot be read (a variable).
 */
function addressPort(
  service: Service,
  settings: S3AddressSetting[],
  fallback?: number,
): S3Port | null | undefined {
  for (const s of settings) {
    let str: SourceString | string | undefined;
    let setBy: string;
    if (s.flag) {
      str = flagValue(service, s.flag);
      if (str === undefined) continue;
      const text = typeof str === "string" ? str : str.value;
      setBy = `${s.flag} ${text}`;
    } else {
      const env = lastEnv(service, s.env!);
      if (!env) continue;
      if (!env.value) return null;
      str = env.value;
      setBy = s.env!;
    }
    if (typeof str !== "string" && str.hasUnresolved()) return null;
    const port = portOf(typeof str === "string" ? str : str.value, s.form);
    return port === undefined ? null : { port, setBy };
  }
  // A variable of the image may come from an env_file the model did not read.
  if (settings.some((s) => s.env) && mayHaveUnreadEnv(service)) return null;
  return fallback === undefined ? undefined : { port: fallback };
}

/** The store's root access key and secret, or undefined when they cannot be known. */
function rootCredentials(service: Service, facts: ImageFacts, api: S3Api) {
  if (api.credentials !== "root") return undefined;
  if (api.credentialsOverriddenBy?.some((n) => lastEnv(service, n))) return undefined;
  const one = (names: string[], fallback: string | undefined): S3Credential | null | undefined => {
    const set = envSetting(service, names);
    if (set) {
      if (!set.known || set.value === undefined || !set.env) return null;
      return { setting: set as S3Credential["setting"], variable: set.env.name, isDefault: false };
    }
    if (mayHaveUnreadEnv(service) || fallback === undefined) return null;
    return { setting: { value: fallback, known: true }, variable: names[0], isDefault: true };
  };
  const accessKey = one(api.accessKeyVariables, facts.defaultLogin?.user);
  const secretKey = one(api.secretKeyVariables, facts.defaultLogin?.password);
  if (!accessKey || !secretKey) return undefined;
  // One set and the other left to its default: MinIO refuses to start with half a pair.
  if (accessKey.isDefault !== secretKey.isDefault) return undefined;
  return { accessKey, secretKey };
}

/** The store a service runs, from its image (not a `build:`, not a client job run from the image). */
const storeOf = perObject((service: Service): S3Store | null => {
  const known = knownImageOf(service);
  const api = known?.facts.s3;
  if (!known || !api || known.facts.role !== "s3") return null;
  // `mc …` or `aws …` run from the store's image is a client job, not a store.
  const first = (service.entrypoint ?? service.command)?.commands[0]?.[0]?.value.split("/").pop();
  if (first === "mc" || first === "aws") return null;
  const store: S3Store = { service, image: known.facts, api };
  const apiPort = addressPort(service, api.apiAddress, api.apiPort);
  if (apiPort) store.apiPort = apiPort;
  const consolePort = addressPort(service, api.consoleAddress, api.consolePort);
  if (consolePort) store.consolePort = consolePort;
  const creds = rootCredentials(service, known.facts, api);
  if (creds) Object.assign(store, creds);
  return store;
});

/** Text of a service's commands and entrypoint (words joined), for spotting `mc admin user add`. */
function commandText(service: Service): string {
  return [service.entrypoint, service.command]
    .flatMap((cl) => cl?.commands ?? [])
    .map((cmd) => cmd.map((w) => w.value).join(" "))
    .join("\n");
}

/** Commands that give a MinIO-compatible store keys besides its root user. */
const MAKES_KEYS = /\badmin\s+(user\s+(add|svcacct)|accesskey\s+create|service-account)\b|\bsvcacct\s+add\b/;

/**
 * A service that may give a store more keys: one that runs `mc admin user add` (or makes a
 * service account or access key), or a MinIO client image running something we cannot read (a script).
 */
const makesKeys = perObject((service: Service): boolean => {
  const text = commandText(service);
  if (MAKES_KEYS.test(text)) return true;
  const repo = service.image?.repository ?? "";
  if (repo === "minio/mc" || repo === "bitnami/minio-client") {
    // Its own commands are all visible: nothing else makes keys.
    return !/(^|\s|\/)mc\s/.test(`${text} `);
  }
  return false;
});

/**
 * The store starts from something of its own that may make keys: an entrypoint or command
 * that runs a script (`/init.sh`), not the image's `minio server`.
 */
const ownStartScript = perObject((service: Service): boolean =>
  [service.entrypoint, service.command].some((cl) =>
    (cl?.commands ?? []).some((cmd) =>
      // `/init.sh`, `sh /init.sh`, `python make_users.py`
      cmd
        .slice(0, 2)
        .some((w) => /\.(sh|py)$/.test(w.value) && !/(^|\/)docker-entrypoint\.sh$/.test(w.value)),
    ),
  ),
);

export class S3Facts {
  constructor(
    private readonly model: ComposeModel,
    private readonly connections: ConnectionFacts,
    private readonly networks: NetworkFacts,
  ) {}

  /** The stores other containers can reach by name, with their API port: targets for an S3 endpoint URL. */
  readonly targets = once((): readonly Target[] =>
    this.stores()
      .filter((s) => s.apiPort && !this.networks.hasOwnNetworkMode(s.service))
      .map((s) => ({ service: s.service, port: s.apiPort!.port, label: s3StoreLabel(s.image.kind) })),
  );

  /** The services that run an S3 store, in file order. */
  readonly stores = once((): readonly S3Store[] => {
    const out: S3Store[] = [];
    for (const s of this.model.services) {
      const store = storeOf(s);
      if (store) out.push(store);
    }
    return out;
  });

  /** The store a service runs, if any. */
  store(service: Service): S3Store | undefined {
    return storeOf(service) ?? undefined;
  }

  /**
   * True when the store may accept keys besides its root user: a service of the project makes
   * users, service accounts or access keys (`mc admin user add`), a MinIO client job or the
   * store itself runs a script we cannot read, or LocalStack (any key) / garage and SeaweedFS (keys made elsewhere).
   */
  mayAcceptOtherKeys(store: S3Store): boolean {
    if (store.api.credentials !== "root") return true;
    return ownStartScript(store.service) || this.keyMakers();
  }

  private readonly keyMakers = once((): boolean => this.model.services.some((s) => makesKeys(s)));

  /** The services whose S3 endpoint URL reaches `store`, one per URL, in model order. */
  clients(store: S3Store): readonly S3Client[] {
    return this.clientsByStore().get(store.service) ?? [];
  }

  /** The S3 endpoint connections of the project that reach a store, with their keys. */
  readonly allClients = once((): readonly S3Client[] => [...this.clientsByStore().values()].flat());

  private readonly clientsByStore = once(() => {
    const map = new Map<Service, S3Client[]>();
    for (const store of this.stores()) {
      const list: S3Client[] = [];
      for (const conn of this.connections.to(store.service)) {
        if (conn.role !== "s3-endpoint" || conn.url.family !== "http") continue;
        const service = conn.service;
        if (service === store.service) continue;
        list.push({
          conn,
          service,
          store,
          accessKey: envSetting(service, ["AWS_ACCESS_KEY_ID"]),
          secretKey: envSetting(service, ["AWS_SECRET_ACCESS_KEY"]),
        });
      }
      if (list.length) map.set(store.service, list);
    }
    return map;
  });

  /** The S3 store an endpoint connection reaches, if its host is one. */
  storeReachedBy(conn: Connection): S3Store | undefined {
    if (conn.role !== "s3-endpoint" || conn.url.family !== "http" || !conn.target) return undefined;
    return this.store(conn.target);
  }

  /** A service whose settings may come from elsewhere (`extends`): its keys are not certain. */
  inherits(service: Service): boolean {
    return extendsOf(service) !== undefined;
  }
}
