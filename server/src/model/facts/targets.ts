/**
 * The services a connection URL could have meant: database servers of the URL's family and
 * MLflow tracking servers, ranked for a URL whose host is wrong (its database name, then its
 * user, then its port match theirs, then its host looks like their names, then the clients
 * can reach them).
 */
import type { UrlFamily } from "../../parse/url";
import { lastEnv } from "../databases";
import { engineLabel } from "../labels";
import { perObject } from "../memo";
import type { ComposeModel, Database, Service } from "../types";
import type { UrlGroup } from "./connections";
import { levenshtein } from "./names";
import type { EffectiveNetworks, NetworkFacts } from "./networks";
import { once } from "./once";

/** A service a URL could be repointed at: a database of the URL's family, or an MLflow server. */
export interface Target {
  service: Service;
  db?: Database;
  /** The port it listens on inside its container. */
  port: number;
  /** "PostgreSQL", "MLflow". */
  label: string;
}

export interface Ranking {
  ranked: Target[];
  /** The first candidate is clearly the one meant: the only one, or the only one with the URL's database. */
  clear: boolean;
}

/**
 * Whether the service runs `mlflow server`/`mlflow ui`, and on which port: undefined when it
 * runs no MLflow server, `{ port: undefined }` when the port is a variable the file cannot show.
 */
const mlflowServer = perObject((service: Service): { port?: number } | undefined => {
  for (const cmd of [...(service.entrypoint?.commands ?? []), ...(service.command?.commands ?? [])]) {
    const words = cmd.map((w) => w.value);
    let i = 0;
    if (/^python(\d(\.\d+)?)?$/.test(words[0]?.split("/").pop() ?? "") && words[1] === "-m") i = 2;
    if (words[i]?.split("/").pop() !== "mlflow" || !["server", "ui"].includes(words[i + 1])) continue;
    const digits = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? { port: +v } : {});
    for (let k = i + 2; k < words.length; k++) {
      const w = words[k];
      if (w.startsWith("--port=")) return digits(w.slice("--port=".length));
      if (w === "--port" || w === "-p") return digits(words[k + 1]);
    }
    const env = lastEnv(service, "MLFLOW_PORT");
    if (env) return digits(env.value?.value);
    return { port: 5000 };
  }
  return undefined;
});

/** 0..1: how much the URL's host (lower case) looks like one of the names (lower case). */
function nameSimilarity(h: string, names: readonly string[]): number {
  let best = 0;
  for (const n of names) {
    let s = 1 - levenshtein(h, n) / Math.max(h.length, n.length, 1);
    if (h.length >= 2 && (n.includes(h) || h.includes(n))) s = Math.max(s, 0.75);
    best = Math.max(best, s);
  }
  return best;
}

/** The lower-case names a target answers to, as ranking compares them. */
function targetNames(t: Target): string[] {
  const names = t.db
    ? t.db.names
    : new Set([t.service.name, t.service.containerName?.value ?? t.service.name]);
  return [...names].map((n) => n.toLowerCase());
}

export class TargetFacts {
  private readonly byFamily = new Map<string, Target[]>();

  constructor(
    private readonly model: ComposeModel,
    private readonly networks: NetworkFacts,
  ) {}

  /** Whether the service runs an MLflow tracking server, and on which port (undefined: a variable). */
  mlflowServer(service: Service): { port?: number } | undefined {
    return mlflowServer(service);
  }

  /** Database services of the URL's family that containers can reach by name. */
  databases(family: UrlFamily): readonly Target[] {
    let list = this.byFamily.get(family);
    if (!list) {
      list = this.model.databases
        .filter((db) => db.family === family && !this.networks.hasOwnNetworkMode(db.service))
        .map((db) => ({ service: db.service, db, port: db.port, label: engineLabel(db) }));
      this.byFamily.set(family, list);
    }
    return list;
  }

  /** Services that run `mlflow server`/`mlflow ui`, as targets for a tracking URI. */
  readonly mlflowServers = once((): readonly Target[] => {
    const out: Target[] = [];
    for (const service of this.model.services) {
      const port = mlflowServer(service)?.port;
      if (port !== undefined && !this.networks.hasOwnNetworkMode(service))
        out.push({ service, port, label: "MLflow" });
    }
    return out;
  });

  /** Each target list's lower-case names, and how like them each host is (many URLs say `localhost`). */
  private readonly names = new Map<readonly Target[], string[][]>();
  private readonly similarity = new Map<readonly Target[], Map<string, Float64Array>>();

  private readonly nets = new Map<readonly Target[], Array<EffectiveNetworks | undefined>>();

  /** Each target's networks, undefined when it cannot be reached by name (network_mode, unknown). */
  private reachableNetworks(targets: readonly Target[]): Array<EffectiveNetworks | undefined> {
    let nets = this.nets.get(targets);
    if (!nets) {
      nets = targets.map((t) =>
        this.networks.hasOwnNetworkMode(t.service) ? undefined : this.networks.of(t.service),
      );
      this.nets.set(targets, nets);
    }
    return nets;
  }

  private similarities(targets: readonly Target[], host: string): Float64Array {
    let names = this.names.get(targets);
    if (!names) this.names.set(targets, (names = targets.map(targetNames)));
    let byHost = this.similarity.get(targets);
    if (!byHost) this.similarity.set(targets, (byHost = new Map()));
    const h = host.toLowerCase();
    let scores = byHost.get(h);
    if (!scores) {
      scores = new Float64Array(targets.length);
      for (let i = 0; i < targets.length; i++) scores[i] = nameSimilarity(h, names[i]);
      byHost.set(h, scores);
    }
    return scores;
  }

  /**
   * Candidates best first: the URL's database name matches theirs, then its user, then its port
   * (a published or container port, the usual case for `localhost:5433`), then the host name
   * looks like theirs, then those the clients can reach. `targets` is one of this model's
   * lists (`databases(family)`, `mlflowServers()`).
   */
  rank(group: UrlGroup, targets: readonly Target[]): Ranking {
    const url = group.conn.url;
    const own = new Set(group.services);
    const dbName = url.database?.value;
    const user = url.user?.value;
    const port = url.port?.number;
    const similarity = url.host ? this.similarities(targets, url.host.value) : undefined;
    const targetNets = this.reachableNetworks(targets);
    // Reachable as no-shared-network sees it: both on compose networks, sharing one.
    const clientNets = group.services.map((s) =>
      this.networks.hasOwnNetworkMode(s) ? undefined : this.networks.of(s),
    );
    const scored: { t: Target; i: number; matches: number; similarity: number; reach: boolean }[] = [];
    targets.forEach((t, i) => {
      if (own.has(t.service)) return;
      const dbMatch = !!dbName && t.db?.database.known === true && t.db.database.value === dbName;
      const userMatch = !!user && t.db?.user.known === true && t.db.user.value === user;
      const portMatch =
        port !== undefined &&
        (t.port === port ||
          t.service.ports.some(
            (p) => !p.unknown && p.published && p.published.start <= port && port <= p.published.end,
          ));
      scored.push({
        t,
        i: scored.length,
        matches: (dbMatch ? 4 : 0) + (userMatch ? 2 : 0) + (portMatch ? 1 : 0),
        similarity: similarity ? similarity[i] : 0,
        reach: clientNets.every((c) => {
          const tn = targetNets[i];
          return !!c && !!tn && this.networks.share(c.keys, tn.keys);
        }),
      });
    });
    scored.sort(
      (a, b) => b.matches - a.matches || b.similarity - a.similarity || +b.reach - +a.reach || a.i - b.i,
    );
    const dbMatches = scored.filter((x) => x.matches >= 4).length;
    const clear = scored.length === 1 || (dbMatches === 1 && scored[0].matches >= 4);
    return { ranked: scored.map((x) => x.t), clear };
  }
}
