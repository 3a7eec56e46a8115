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
import { yamlScalar } from "../edits/yaml-text";
import { perObject } from "../model/memo";
import type { ComposeModel, Connection, Database, Dependency, Service } from "../model/types";
import { asSeq, get, scalarText } from "../parse/resolve";
import { type EffectiveNetworks, effectiveNetworks, shareNetwork } from "./shared/networks";
import { insideService, partialProject } from "./shared/project-scope";
import type { Finding, Fix, Rule, TextEdit } from "./types";

const RULE = "no-shared-network";

interface Edge {
  client: Service;
  db: Database;
  conn?: Connection;
  dep?: Dependency;
}

/** Names the service resolves through `extra_hosts` (its /etc/hosts), not through a network. */
const extraHosts = perObject((service: Service): ReadonlySet<string> => {
  const out = new Set<string>();
  const node = get(service.node, "extra_hosts");
  if (node?.kind === "map") for (const p of node.pairs) if (p.key.text) out.add(p.key.text);
  for (const item of asSeq(node)?.items ?? []) {
    const v = scalarText(item);
    const m = v ? /^([^:=\s]+)\s*[:=]/.exec(v) : null;
    if (m) out.add(m[1]);
  }
  return out;
});

function edgesOf(model: ComposeModel): Edge[] {
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
    if (extraHosts(conn.service).has(conn.url.host.value)) continue;
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

/** True when some service other than `client` is, or may be, on the default network. */
function othersUseDefault(model: ComposeModel, client: Service): boolean {
  for (const s of model.services) {
    if (s === client) continue;
    const nets = effectiveNetworks(model, s);
    if (!nets) {
      if (s.networkMode && !/^service:/.test(s.networkMode.value)) continue;
      return true;
    }
    if (nets.via === client) continue;
    if (shareNetwork(model, nets.keys, ["default"])) return true;
  }
  return false;
}

/** The edit that puts `client` on network `add`, or undefined when it cannot be done safely. */
function joinNetwork(
  model: ComposeModel,
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
    if (!pair || !value || pair.merged || !insideService(client, value.span)) return undefined;
    if (value.kind === "seq") return appendToSeq(text, value, name);
    if (value.kind === "map" && !value.flow && ownPairs(value).length === value.pairs.length)
      return appendToMap(text, value, [`${name}:`]);
    return undefined;
  }
  // `networks:` written with an empty value still means default: too odd to rewrite in place.
  if (pair || !client.node || client.node.flow) return undefined;
  if (ownPairs(client.node).length === 0) return undefined;
  const items = othersUseDefault(model, client) ? ["default", name] : [name];
  return appendToMap(text, client.node, ["networks:", items.map((i) => `- ${i}`)]);
}

export const noSharedNetwork: Rule = {
  meta: {
    id: RULE,
    title: "A service connects to a database on a network it is not on",
    defaultSeverity: "error",
    fixable: true,
  },
  check(model) {
    if (partialProject(model) === "override") return [];
    const findings: Finding[] = [];
    for (const edge of edgesOf(model)) {
      const { client, db } = edge;
      const cn = effectiveNetworks(model, client);
      const dn = effectiveNetworks(model, db.service);
      // A database that shares another service's network namespace answers to that service's name.
      if (!cn || !dn || dn.via) continue;
      if (shareNetwork(model, cn.keys, dn.keys)) continue;
      const dbName = db.service.name;
      const host = edge.conn?.url.host;
      const hostName = host?.value ?? dbName;
      const span =
        edge.conn && host ? edge.conn.str.span(host.span.start, host.span.end) : edge.dep!.nameNode.span;
      const how = edge.conn
        ? `connects to database "${dbName}" (host "${hostName}" in its URL)`
        : `depends on database "${dbName}"`;
      const error =
        db.family === "postgres"
          ? `could not translate host name "${hostName}" to address: Name or service not known`
          : `${hostName}: Name or service not known`;
      // Only a declared network (or default): joining an undeclared one would add an undefined-reference.
      const joinable = dn.keys.filter((k) => k === "default" || model.declared.networks.has(k));
      const add = joinable.find((k) => k !== "default") ?? joinable[0];
      const fixes: Fix[] = [];
      const edit = add === undefined ? undefined : joinNetwork(model, client, cn, add);
      if (edit && add !== undefined) {
        fixes.push({
          title: `Add "${client.name}" to network \`${add}\``,
          edits: [edit],
          preferred: true,
        });
      }
      findings.push({
        rule: RULE,
        message:
          `"${client.name}" ${how}, but they share no network: ${describe(client, cn)}, ` +
          `${describe(db.service, dn, "on")}. The name does not resolve ` +
          `and the connection fails with: ${error}. Put "${client.name}" on a network of "${dbName}".`,
        span,
        related: [
          {
            span: db.service.networksPair?.key.span ?? db.service.key.span,
            message: `"${dbName}" is on ${list(dn.keys)}`,
          },
        ],
        fixes,
      });
    }
    return findings;
  },
};
