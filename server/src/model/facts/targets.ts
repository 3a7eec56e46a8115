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
import { detached, once } from "./once";

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
  /** The best candidates, best first: at most `RANKED` of them. */
  ranked: Target[];
  /** How many candidates there are in all. */
  count: number;
  /** The first candidate is clearly the one meant: the only one, or the only one with the URL's database. */
  clear: boolean;
}

/** How many of the best candidates a ranking lists (messages name up to four, fixes offer three). */
export const RANKED = 4;

/** A host's similarity to each target of a list, and the targets by it (best first, then in list order). */
interface HostOrder {
  similarity: Float64Array;
  order: Int32Array;
}

/**
 * The host orders of the last list of each kind, kept across models: a keystroke leaves the
 * databases' names as they were, so the hundreds of hosts of a file full of wrong URLs are
 * not compared with every database again. Keyed by the names themselves, so any change to
 * them starts afresh.
 */
const hostOrders = new Map<string, { key: string; byHost: Map<string, HostOrder> }>();

/** What ranking reads of one target list, once per model. */
interface ListIndex {
  names: string[][];
  /** Each target's networks; undefined when it cannot be reached by name. */
  nets: Array<EffectiveNetworks | undefined>;
  /** Targets by their known database name, and by their known user. */
  byDatabase: Map<string, number[]>;
  byUser: Map<string, number[]>;
  /** Where each target is in the list. */
  at: Map<Service, number>;
  byHost: Map<string, HostOrder>;
}

function pushTo<K>(map: Map<K, number[]>, key: K, i: number): void {
  const list = map.get(key);
  if (list) list.push(i);
  else map.set(key, [i]);
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

  private readonly indexes = new Map<readonly Target[], ListIndex>();

  private index(targets: readonly Target[]): ListIndex {
    let index = this.indexes.get(targets);
    if (index) return index;
    const names = targets.map(targetNames);
    const kind = targets === this.mlflowServers() ? "mlflow" : `db:${targets[0]?.db?.family ?? ""}`;
    const key = names.map((n) => n.join("\u0001")).join("\u0000");
    let memo = hostOrders.get(kind);
    if (!memo || memo.key !== key) hostOrders.set(kind, (memo = { key, byHost: new Map() }));
    index = {
      names,
      nets: targets.map((t) =>
        this.networks.hasOwnNetworkMode(t.service) ? undefined : this.networks.of(t.service),
      ),
      byDatabase: new Map(),
      byUser: new Map(),
      at: new Map(targets.map((t, i) => [t.service, i])),
      byHost: memo.byHost,
    };
    targets.forEach((t, i) => {
      if (t.db?.database.known && t.db.database.value !== undefined)
        pushTo(index!.byDatabase, t.db.database.value, i);
      if (t.db?.user.known && t.db.user.value !== undefined) pushTo(index!.byUser, t.db.user.value, i);
    });
    this.indexes.set(targets, index);
    return index;
  }

  private hostOrder(index: ListIndex, host: string): HostOrder {
    const h = host.toLowerCase();
    let entry = index.byHost.get(h);
    if (!entry) {
      // Hosts typed character by character pile up: keep the table bounded.
      if (index.byHost.size >= 10_000) index.byHost.clear();
      const similarity = new Float64Array(index.names.length);
      for (let i = 0; i < similarity.length; i++) similarity[i] = nameSimilarity(h, index.names[i]);
      const order = Int32Array.from(similarity.keys()).sort((a, b) => similarity[b] - similarity[a] || a - b);
      index.byHost.set(detached(h), (entry = { similarity, order }));
    }
    return entry;
  }

  /**
   * The best candidates first: the URL's database name matches theirs, then its user, then its
   * port (a published or container port, the usual case for `localhost:5433`), then the host
   * name looks like theirs, then those the clients can reach. `targets` is one of this model's
   * lists (`databases(family)`, `mlflowServers()`). Only the best `RANKED` are found, from
   * indexes (database, user) and the host's order, without scoring every candidate: a file
   * with hundreds of databases and hundreds of wrong URLs must stay linear.
   */
  rank(group: UrlGroup, targets: readonly Target[]): Ranking {
    const index = this.index(targets);
    const url = group.conn.url;
    const dbName = url.database?.value;
    const user = url.user?.value;
    const port = url.port?.number;
    // The URL's own services are no candidates; `order` is a place among the candidates.
    const own = new Set<number>();
    for (const s of group.services) {
      const i = index.at.get(s);
      if (i !== undefined) own.add(i);
    }
    const count = targets.length - own.size;
    const order = (i: number) => {
      let before = 0;
      for (const o of own) if (o < i) before++;
      return i - before;
    };
    const host = url.host ? this.hostOrder(index, url.host.value) : undefined;
    const similarity = (i: number) => (host ? host.similarity[i] : 0);
    // Reachable as no-shared-network sees it: both on compose networks, sharing one.
    const clientNets = group.services.map((s) =>
      this.networks.hasOwnNetworkMode(s) ? undefined : this.networks.of(s),
    );
    const reach = (i: number) =>
      clientNets.every((c) => {
        const tn = index.nets[i];
        return !!c && !!tn && this.networks.share(c.keys, tn.keys);
      });
    const portMatch = (i: number) => {
      const t = targets[i];
      return (
        port !== undefined &&
        (t.port === port ||
          t.service.ports.some(
            (p) => !p.unknown && p.published && p.published.start <= port && port <= p.published.end,
          ))
      );
    };
    type Entry = { i: number; matches: number; similarity: number; reach: boolean; order: number };
    const entry = (i: number, matches: number): Entry => ({
      i,
      matches,
      similarity: similarity(i),
      reach: reach(i),
      order: order(i),
    });
    const byKey = (a: Entry, b: Entry) =>
      b.matches - a.matches || b.similarity - a.similarity || +b.reach - +a.reach || a.order - b.order;

    // Candidates matching the URL's database or user: few, ranked in full.
    const dbMatched = new Set(
      (dbName ? index.byDatabase.get(dbName) : undefined)?.filter((i) => !own.has(i)),
    );
    const userMatched = new Set((user ? index.byUser.get(user) : undefined)?.filter((i) => !own.has(i)));
    const matched = new Set([...dbMatched, ...userMatched]);
    const top = [...matched]
      .map((i) =>
        entry(i, (dbMatched.has(i) ? 4 : 0) + (userMatched.has(i) ? 2 : 0) + (portMatch(i) ? 1 : 0)),
      )
      .sort(byKey);
    // The rest, by how like the host they are (walked best first): those on the URL's port
    // before the others. Each keeps its best `need`; a list is done once the walk reaches a
    // candidate that cannot enter it (less alike, or a later tie where its worst is reachable).
    const need = RANKED - top.length;
    if (need > 0) {
      const levels: [Entry[], Entry[]] = [[], []];
      const done = [false, false];
      const walk = host ? host.order : Int32Array.from(targets.keys());
      for (const i of walk) {
        if (own.has(i) || matched.has(i)) continue;
        const s = similarity(i);
        for (const l of [0, 1]) {
          const worst = levels[l].length === need ? levels[l][need - 1] : undefined;
          if (worst && (s < worst.similarity || (s === worst.similarity && worst.reach))) done[l] = true;
        }
        // The best `need` on the URL's port are found: the others cannot come first.
        if (done[0]) break;
        const l = portMatch(i) ? 0 : 1;
        if (done[l]) continue;
        const e = entry(i, l === 0 ? 1 : 0);
        const list = levels[l];
        let at = list.length;
        while (at > 0 && byKey(e, list[at - 1]) < 0) at--;
        if (at >= need) continue;
        list.splice(at, 0, e);
        if (list.length > need) list.pop();
      }
      top.push(...levels[0], ...levels[1]);
    }
    const clear = count === 1 || (dbMatched.size === 1 && top[0]?.matches >= 4);
    return { ranked: top.slice(0, RANKED).map((e) => targets[e.i]), count, clear };
  }
}
