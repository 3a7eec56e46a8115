/**
 * shared-database: two applications that each own their schema with Alembic (MLflow's
 * backend or registry store, Airflow's metadata database or Celery result backend, Optuna,
 * Superset) resolve to the same database service and database name. Both keep their
 * migration head in one `alembic_version` table, so the second to start fails with
 * `alembic.util.exc.CommandError: Can't locate revision identified by '405de8318b3a'`.
 *
 * Several services of one app (Airflow webserver, scheduler, workers) sharing a database is
 * correct; so is one server with a database per app. When MLflow is involved it is the one
 * that moves (as in the blog post); otherwise the app whose URL comes later moves.
 *
 * Fix "Split database: give <App> its own PostgreSQL": a new `postgres-<app>` service (same
 * image, its own user/password/database, named volume, pg_isready healthcheck, the shared
 * database's networks, the next free host port if the shared one publishes a port), every
 * URL of the app rewritten to it, and the app's depends_on moved to it with
 * `condition: service_healthy`.
 */
import { setDependencyConditions } from "../edits/depends-on";
import { healthcheckLines, healthcheckTest } from "../edits/healthcheck";
import {
  addToPairValue,
  afterLine,
  appendToMap,
  declareTopLevel,
  insertAfterPair,
  ownPairs,
} from "../edits/insert";
import { pairEnd } from "../edits/remove";
import { eol, lineStart } from "../edits/text";
import { type LineTree, yamlScalar } from "../edits/yaml-text";
import { appLabel } from "../model/apps";
import type { AppKind, ComposeModel, Connection, Database, Service } from "../model/types";
import type { Finding, Fix, Rule, TextEdit } from "./types";

const ID = "shared-database";

interface Group {
  db: Database;
  database: string;
  connections: Connection[];
}

/** Schema-owning connections grouped by the database service and database name they reach. */
function groupsOf(model: ComposeModel): Group[] {
  const groups = new Map<string, Group>();
  for (const c of model.connections) {
    if (!c.owner || !c.target) continue;
    const db = model.databaseByService.get(c.target.name);
    if (!db || (db.family !== "postgres" && db.family !== "mysql")) continue;
    const part = c.url.database;
    if (!part || c.str.hasUnresolved(part.span.start, part.span.end)) continue;
    // An empty database name means the server's default one (postgres: the user's name).
    const database = part.value || c.url.user?.value || "";
    const key = `${db.service.name}\u0000${database}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { db, database, connections: [] }));
    g.connections.push(c);
  }
  return [...groups.values()];
}

/** MLflow moves when it is involved; otherwise the owner whose first URL comes last. */
function movingApp(owners: AppKind[], group: Group): AppKind {
  if (owners.includes("mlflow")) return "mlflow";
  const firstAt = (k: AppKind) =>
    Math.min(...group.connections.filter((c) => c.owner === k).map((c) => c.str.span().start));
  return [...owners].sort((a, b) => firstAt(b) - firstAt(a))[0];
}

export const sharedDatabase: Rule = {
  meta: {
    id: ID,
    title: "Two applications share one database, so their Alembic migrations collide",
    defaultSeverity: "error",
    fixable: true,
  },
  check(model) {
    const findings: Finding[] = [];
    for (const group of groupsOf(model)) {
      const owners = [...new Set(group.connections.map((c) => c.owner!))];
      if (owners.length < 2) continue;
      const mover = movingApp(owners, group);
      const others = owners.filter((o) => o !== mover);
      const otherConns = group.connections.filter((c) => c.owner !== mover);
      const fix = splitFix(model, group, mover);
      for (const c of group.connections.filter((x) => x.owner === mover)) {
        const otherNames = others.map(appLabel).join(" and ");
        findings.push({
          rule: ID,
          message:
            `${appLabel(mover)} and ${otherNames} share the database \`${group.database}\` on \`${group.db.service.name}\`. ` +
            "Both keep their Alembic migration history in its `alembic_version` table, so the second to start fails with " +
            "\"Can't locate revision identified by '…'\" (or silently overwrites the other's revision). " +
            `Give ${appLabel(mover)} its own database.`,
          span: c.str.span(c.url.span.start, c.url.span.end),
          related: otherConns.map((o) => ({
            span: o.str.span(o.url.span.start, o.url.span.end),
            message: `${appLabel(o.owner!)} (${o.service.name}) uses the same database here`,
          })),
          fixes: fix ? [fix] : [],
        });
      }
    }
    return findings;
  },
};

function freeServiceName(model: ComposeModel, base: string): string {
  if (!model.serviceByName.has(base)) return base;
  for (let i = 2; ; i++) if (!model.serviceByName.has(`${base}-${i}`)) return `${base}-${i}`;
}

function freeVolumeName(model: ComposeModel, base: string): string {
  if (!model.declared.volumes.has(base)) return base;
  for (let i = 2; ; i++) if (!model.declared.volumes.has(`${base}_${i}`)) return `${base}_${i}`;
}

function usedHostPorts(model: ComposeModel): Set<number> {
  const used = new Set<number>();
  for (const s of model.services)
    for (const p of s.ports)
      if (p.published) for (let n = p.published.start; n <= p.published.end; n++) used.add(n);
  return used;
}

/** The whole "split database" fix; undefined when some part cannot be edited safely. */
function splitFix(model: ComposeModel, group: Group, app: AppKind): Fix | undefined {
  const text = model.text;
  const shared = group.db;
  if (shared.engine !== "postgres") return undefined;
  const sharedService = shared.service;
  const label = appLabel(app);
  const name = freeServiceName(model, `postgres-${app}`);
  const volume = freeVolumeName(model, `postgres_${app}_data`);
  const user = app;
  const password = app;
  const database = app;
  const edits: TextEdit[] = [];

  // 1. The new service, right after the shared one, written in the shared one's style.
  const imageText = sharedService.image
    ? text.slice(sharedService.image.str.scalar.span.start, sharedService.image.str.scalar.span.end)
    : "postgres:16";
  const listEnv = sharedService.environment.some((e) => e.form === "list");
  const env: LineTree = listEnv
    ? [`- POSTGRES_USER=${user}`, `- POSTGRES_PASSWORD=${password}`, `- POSTGRES_DB=${database}`]
    : [
        `POSTGRES_USER: ${yamlScalar(user)}`,
        `POSTGRES_PASSWORD: ${yamlScalar(password)}`,
        `POSTGRES_DB: ${yamlScalar(database)}`,
      ];
  const dataMount =
    sharedService.volumes.find((v) => v.target?.startsWith("/var/lib/postgresql"))?.target ??
    "/var/lib/postgresql/data";
  const body: LineTree = [`image: ${imageText}`, "environment:", env];
  const published = sharedService.ports.find((p) => p.published && p.target.start === shared.port);
  if (published) {
    const used = usedHostPorts(model);
    let port = published.published!.start + 1;
    while (used.has(port)) port++;
    body.push("ports:", [`- "${port}:${shared.port}"`]);
  }
  body.push("volumes:", [`- ${volume}:${dataMount}`]);
  if (sharedService.networks?.length)
    body.push(
      "networks:",
      sharedService.networks.map((n) => `- ${yamlScalar(n.name)}`),
    );
  const test = healthcheckTest({
    engine: "postgres",
    service: sharedService,
    port: 5432,
    user: { value: user, known: true },
    database: { value: database, known: true },
  });
  body.push(...healthcheckLines(test!));
  const servicesMap = model.topLevel.services?.value;
  if (servicesMap?.kind !== "map") return undefined;
  const siblings = ownPairs(servicesMap);
  const idx = siblings.indexOf(sharedService.pair);
  const next = siblings[idx + 1];
  // Keep the file's rhythm: a blank line between services if the shared one has one after it.
  const gap = next ? text.slice(pairEnd(sharedService.pair) - 1, next.key.span.start) : "";
  const blankBetween = (gap.match(/\n/g)?.length ?? 0) >= 2;
  const insert = insertAfterPair(text, sharedService.pair, [`${name}:`, body], blankBetween);
  if (!insert) return undefined;
  edits.push(insert);

  // 2. Declare the volume.
  const decl = declareTopLevel(text, model, "volumes", volume);
  if (decl === undefined) return undefined;
  if (decl) edits.push(decl);

  // 3. Every URL of the app that reaches the shared database now reaches the new one.
  const moved = group.connections.filter((c) => c.owner === app);
  for (const c of moved) {
    const urlEdits = rewriteUrl(c, { host: name, user, password, database, port: 5432 });
    if (!urlEdits) return undefined;
    edits.push(...urlEdits);
  }

  // 4. The app's services depend on the new database, healthy, instead of the shared one.
  const appServices = [...new Set(moved.map((c) => c.service))];
  for (const s of appServices) {
    const stillUsesShared = model.connections.some(
      (c) => c.service === s && c.target === sharedService && !moved.includes(c),
    );
    const depEdits = moveDependency(text, s, sharedService, name, stillUsesShared);
    if (!depEdits) return undefined;
    edits.push(...depEdits);
  }
  return {
    title: `Split database: give ${label} its own PostgreSQL (\`${name}\`)`,
    edits: dedupe(edits),
    preferred: true,
  };
}

function dedupe(edits: TextEdit[]): TextEdit[] {
  const seen = new Set<string>();
  return edits.filter((e) => {
    const k = `${e.start}:${e.end}:${e.newText}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Replaces the URL's credentials, host, port and database; undefined if a part is not editable. */
function rewriteUrl(
  c: Connection,
  to: { host: string; user: string; password: string; database: string; port: number },
): TextEdit[] | undefined {
  const { url, str } = c;
  const edits: TextEdit[] = [];
  const replace = (part: { span: { start: number; end: number } } | undefined, value: string): boolean => {
    if (!part) return false;
    const span = str.editableSpan(part.span.start, part.span.end);
    if (!span || !str.canHold(value)) return false;
    edits.push({ start: span.start, end: span.end, newText: value });
    return true;
  };
  const insertAt = (offset: number, value: string): boolean => {
    const span = str.editableSpan(offset, offset);
    if (!span || !str.canHold(value)) return false;
    edits.push({ start: span.start, end: span.end, newText: value });
    return true;
  };
  if (!replace(url.host, to.host)) return undefined;
  if (url.port && url.port.number !== to.port && !replace(url.port, String(to.port))) return undefined;
  if (url.user) {
    if (!replace(url.user, to.user)) return undefined;
    if (url.password) {
      if (!replace(url.password, to.password)) return undefined;
    } else if (!insertAt(url.insertAt.password, `:${to.password}`)) return undefined;
  } else if (!insertAt(url.insertAt.password, `${to.user}:${to.password}@`)) return undefined;
  if (!url.database || !replace(url.database, to.database)) return undefined;
  return edits;
}

/** Points `service`'s depends_on at the new database (healthy), or adds that dependency. */
function moveDependency(
  text: string,
  service: Service,
  shared: Service,
  newName: string,
  keepShared: boolean,
): TextEdit[] | undefined {
  const dep = service.dependsOn.find((d) => d.service === shared.name);
  const own =
    service.dependsOnPair &&
    service.node &&
    service.dependsOnPair.key.span.start >= service.pair.key.span.start &&
    service.dependsOnPair.key.span.end <= pairEnd(service.pair);
  if (dep && own && !keepShared) {
    return setDependencyConditions(
      text,
      service,
      new Map([[shared.name, "service_healthy"]]),
      new Map([[shared.name, newName]]),
    );
  }
  // No dependency on the shared database (or it must stay): add one on the new database.
  const entry: LineTree = [`${newName}:`, ["condition: service_healthy"]];
  if (service.dependsOnPair && own) {
    if (service.dependsOnPair.value?.kind === "map") {
      const e = addToPairValue(text, service.dependsOnPair, entry);
      return e ? [e] : undefined;
    }
    // A short-form list: add the new database as one more item; depends-on-not-healthy then
    // offers the `service_healthy` upgrade for the whole list.
    const seq = service.dependsOnPair.value;
    const last = seq?.kind === "seq" && !seq.flow ? seq.items.at(-1) : undefined;
    if (!last) return undefined;
    const dash = text.lastIndexOf("-", last.span.start - 1);
    const col = dash - lineStart(text, dash);
    return [
      {
        start: afterLine(text, last.span.end),
        end: afterLine(text, last.span.end),
        newText: `${" ".repeat(col)}- ${newName}${eol(text)}`,
      },
    ];
  }
  if (!service.node) return undefined;
  const e = appendToMap(text, service.node, ["depends_on:", entry]);
  return e ? [e] : undefined;
}
