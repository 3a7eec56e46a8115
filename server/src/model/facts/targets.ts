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
import type { NetworkFacts } from "./networks";
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

/** 0..1: how much the URL's host looks like one of the service's names. */
function nameSimilarity(host: string, names: Iterable<string>): number {
  let best = 0;
  const h = host.toLowerCase();
  for (const raw of names) {
    const n = raw.toLowerCase();
    let s = 1 - levenshtein(h, n) / Math.max(h.length, n.length, 1);
    if (h.length >= 2 && (n.includes(h) || h.includes(n))) s = Math.max(s, 0.75);
    best = Math.max(best, s);
  }
  return best;
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

  /**
   * Candidates best first: the URL's database name matches theirs, then its user, then its port
   * (a published or container port, the usual case for `localhost:5433`), then the host name
   * looks like theirs, then those the clients can reach.
   */
  rank(group: UrlGroup, targets: readonly Target[]): Ranking {
    const url = group.conn.url;
    const own = new Set(group.services);
    const list = targets.filter((t) => !own.has(t.service));
    const dbName = url.database?.value;
    const user = url.user?.value;
    const port = url.port?.number;
    const score = (t: Target) => {
      const dbMatch = !!dbName && t.db?.database.known === true && t.db.database.value === dbName;
      const userMatch = !!user && t.db?.user.known === true && t.db.user.value === user;
      const portMatch =
        port !== undefined &&
        (t.port === port ||
          t.service.ports.some(
            (p) => !p.unknown && p.published && p.published.start <= port && port <= p.published.end,
          ));
      const names = t.db
        ? t.db.names
        : new Set([t.service.name, t.service.containerName?.value ?? t.service.name]);
      return {
        dbMatch,
        userMatch,
        portMatch,
        similarity: url.host ? nameSimilarity(url.host.value, names) : 0,
        reach: group.services.every((s) => this.networks.reachable(s, t.service)),
      };
    };
    const scored = list.map((t, i) => ({ t, i, s: score(t) }));
    scored.sort(
      (a, b) =>
        +b.s.dbMatch - +a.s.dbMatch ||
        +b.s.userMatch - +a.s.userMatch ||
        +b.s.portMatch - +a.s.portMatch ||
        b.s.similarity - a.s.similarity ||
        +b.s.reach - +a.s.reach ||
        a.i - b.i,
    );
    const dbMatches = scored.filter((x) => x.s.dbMatch).length;
    const clear = scored.length === 1 || (dbMatches === 1 && scored[0].s.dbMatch);
    return { ranked: scored.map((x) => x.t), clear };
  }
}
