/**
 * no-shared-network: a service connects to a database service (a URL whose host is that
 * service, or a `depends_on` on it) but the two share no network, so the database's name does
 * not resolve: `could not translate host name "postgres-mlflow" to address: Name or service
 * not known`. A service's networks are its `networks:` keys, or the implicit `default` network
 * when it has none (an explicit list does NOT include `default`). `network_mode: service:x`
 * shares x's networks; host/none/bridge/container: modes, `extends` (networks merged from
 * elsewhere) and override fragments are not judged.
 *
 * Fix (preferred): put the client on the database's network. An explicit list/map gets one
 * more entry in its own style. A client without `networks:` gets `networks: [default, <db
 * network>]` as a block list: writing `networks:` takes a service off `default`, so `default`
 * is kept whenever any other service is (or may be) on it, and no other connection can break.
 */
import { appendToSeq } from "../edits/append-item";
import { appendToMap, ownPairs } from "../edits/insert";
import type { TextEdit } from "../edits/types";
import { yamlScalar } from "../edits/yaml-text";
import type { EffectiveNetworks } from "../model/facts";
import type { Connection, Database, Dependency, Service } from "../model/types";
import { capitalised, fitting } from "./phrases";
import { defineRule, type RuleContext } from "./types";

/** A client and a database it needs to reach, by URL or depends_on. */
interface Edge {
  client: Service;
  db: Database;
  conn?: Connection;
  dep?: Dependency;
}

interface Apart extends Edge {
  clientNets: EffectiveNetworks;
  dbNets: EffectiveNetworks;
}

function edgesOf({ model, facts }: RuleContext): Edge[] {
  // By client name (two services may share a name in a broken file); a client has few.
  const edges = new Map<string, Edge[]>();
  const out: Edge[] = [];
  const edgeOf = (client: Service, db: Database) =>
    edges.get(client.name)?.find((e) => e.db.service.name === db.service.name);
  const add = (edge: Edge) => {
    const list = edges.get(edge.client.name);
    if (list) list.push(edge);
    else edges.set(edge.client.name, [edge]);
    out.push(edge);
  };
  for (const conn of model.connections) {
    const target = conn.target;
    const db = target ? model.databaseByService.get(target.name) : undefined;
    if (!target || !db || target === conn.service || !conn.url.host) continue;
    if (facts.networks.extraHosts(conn.service).has(conn.url.host.value)) continue;
    if (!edgeOf(conn.service, db)) add({ client: conn.service, db, conn });
  }
  for (const client of model.services) {
    for (const dep of client.dependsOn) {
      const db = model.databaseByService.get(dep.service);
      if (!db || db.service === client) continue;
      const edge = edgeOf(client, db);
      if (edge) edge.dep ??= dep;
      else add({ client, db, dep });
    }
  }
  return out;
}

const list = (keys: string[]) => keys.map((k) => (k === "default" ? "the default network" : k)).join(", ");

function describe(service: Service, nets: EffectiveNetworks, verb = "is on"): string {
  const via = nets.via ? ` (through network_mode: service:${nets.via.name})` : "";
  return `"${service.name}" ${verb} ${list(nets.keys)}${via}`;
}

/** The edit that puts `client` on network `add`, or undefined when it cannot be done safely. */
function joinNetwork(
  { model, facts }: RuleContext,
  client: Service,
  nets: EffectiveNetworks,
  add: string,
): TextEdit | undefined {
  const text = model.text;
  const name = yamlScalar(add);
  if (nets.via) return undefined;
  const pair = client.networksPair;
  if (nets.explicit) {
    const value = pair?.value;
    if (!pair || !value || pair.merged || !facts.project.insideService(client, value.span)) return undefined;
    if (value.kind === "seq") return appendToSeq(text, value, name);
    if (value.kind === "map" && !value.flow && ownPairs(value).length === value.pairs.length)
      return appendToMap(text, value, [`${name}:`]);
    return undefined;
  }
  // `networks:` written with an empty value still means default: too odd to rewrite in place.
  if (pair || !client.node || client.node.flow) return undefined;
  if (ownPairs(client.node).length === 0) return undefined;
  const items = facts.networks.othersUseDefault(client) ? ["default", name] : [name];
  return appendToMap(text, client.node, ["networks:", items.map((i) => `- ${i}`)]);
}

/** The database network to join: a declared one (or default), as joining an undeclared one would add an undefined-reference. */
function networkToJoin({ model }: RuleContext, dbNets: EffectiveNetworks): string | undefined {
  const joinable = dbNets.keys.filter((k) => k === "default" || model.declared.networks.has(k));
  return joinable.find((k) => k !== "default") ?? joinable[0];
}

export const noSharedNetwork = defineRule<Apart>({
  meta: {
    id: "no-shared-network",
    title: "A service connects to a database on a network it is not on",
    defaultSeverity: "error",
    fixable: true,
  },
  run(ctx) {
    const { networks, project } = ctx.facts;
    if (project.partial() === "override") return [];
    const out: Apart[] = [];
    for (const edge of edgesOf(ctx)) {
      const clientNets = networks.of(edge.client);
      const dbNets = networks.of(edge.db.service);
      // A database that shares another service's network namespace answers to that service's name.
      if (!clientNets || !dbNets || dbNets.via) continue;
      if (networks.share(clientNets.keys, dbNets.keys)) continue;
      out.push({ ...edge, clientNets, dbNets });
    }
    return out;
  },
  diagnostic(_ctx, { client, db, conn, dep, clientNets, dbNets }) {
    const dbName = db.service.name;
    const host = conn?.url.host;
    const hostName = host?.value ?? dbName;
    const how = conn
      ? `connects to database "${dbName}" (host "${hostName}" in its URL)`
      : `depends on database "${dbName}"`;
    const error =
      db.family === "postgres"
        ? `could not translate host name "${hostName}" to address: Name or service not known`
        : `${hostName}: Name or service not known`;
    return {
      span: conn && host ? conn.str.span(host.span.start, host.span.end) : dep!.nameNode.span,
      message: fitting(
        `"${client.name}" ${how}, but they share no network.`,
        `"${client.name}" ${conn ? "connects to" : "depends on"} database "${dbName}", but they share no network.`,
        `This service and database "${dbName}" share no network.`,
        "This service and its database share no network.",
      ),
      detail:
        `${capitalised(describe(client, clientNets))}, ${describe(db.service, dbNets, "on")}. The name does not resolve ` +
        `and the connection fails with: ${error}. Put "${client.name}" on a network of "${dbName}".`,
      related: [
        {
          span: db.service.networksPair?.key.span ?? db.service.key.span,
          message: `"${dbName}" is on ${list(dbNets.keys)}`,
        },
      ],
    };
  },
  fixes(ctx, { client, clientNets, dbNets }) {
    const add = networkToJoin(ctx, dbNets);
    const edit = add === undefined ? undefined : joinNetwork(ctx, client, clientNets, add);
    return edit && add !== undefined
      ? [{ title: `Add "${client.name}" to network \`${add}\``, edits: [edit], preferred: true }]
      : [];
  },
});
