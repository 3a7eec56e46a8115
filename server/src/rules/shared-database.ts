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
import { addDependency, setDependencyConditions } from "../edits/depends-on";
import { healthcheckTest } from "../edits/healthcheck";
import { declareTopLevel } from "../edits/insert";
import { insertServiceAfter, serviceBody } from "../edits/service";
import { uniqueEdits } from "../edits/text";
import type { TextEdit } from "../edits/types";
import { rewriteUrl } from "../edits/url";
import { appLabel } from "../model/labels";
import type { AppKind, ComposeModel, Connection, Database, Service } from "../model/types";
import { fitting, nameList } from "./phrases";
import { defineRule, type Fix, type RuleContext } from "./types";

/** Schema-owning connections that reach one database service and database name. */
interface Group {
  db: Database;
  database: string;
  connections: Connection[];
}

/** One URL of the app that moves, in a group of two or more apps. */
interface Shared {
  group: Group;
  /** The app that moves to a database of its own, and the others. */
  mover: AppKind;
  others: AppKind[];
  conn: Connection;
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

export const sharedDatabase = defineRule<Shared>({
  meta: {
    id: "shared-database",
    title: "Two applications share one database, so their Alembic migrations collide",
    defaultSeverity: "error",
    fixable: true,
  },
  run({ model }) {
    const out: Shared[] = [];
    for (const group of groupsOf(model)) {
      const owners = [...new Set(group.connections.map((c) => c.owner!))];
      if (owners.length < 2) continue;
      const mover = movingApp(owners, group);
      const others = owners.filter((o) => o !== mover);
      for (const conn of group.connections)
        if (conn.owner === mover) out.push({ group, mover, others, conn });
    }
    return out;
  },
  diagnostic(_ctx, { group, mover, others, conn }) {
    const apps = `${appLabel(mover)} and ${nameList(others.map(appLabel), { quote: "" })}`;
    return {
      span: conn.str.span(conn.url.span.start, conn.url.span.end),
      message: fitting(
        `${apps} share the database \`${group.database}\` on \`${group.db.service.name}\`, so their Alembic migrations collide.`,
        `${apps} share the database \`${group.database}\`, so their Alembic migrations collide.`,
        `${apps} share one database, so their Alembic migrations collide.`,
      ),
      detail:
        "Both keep their Alembic migration history in its `alembic_version` table, so the second to start fails with " +
        "\"Can't locate revision identified by '…'\" (or silently overwrites the other's revision). " +
        `Give ${appLabel(mover)} its own database.`,
      related: group.connections
        .filter((o) => o.owner !== mover)
        .map((o) => ({
          span: o.str.span(o.url.span.start, o.url.span.end),
          message: `${appLabel(o.owner!)} (${o.service.name}) uses the same database here`,
        })),
    };
  },
  fixes(ctx, { group, mover }) {
    const fix = splitFix(ctx, group, mover);
    return fix ? [fix] : [];
  },
});

function freeServiceName(model: ComposeModel, base: string): string {
  if (!model.serviceByName.has(base)) return base;
  for (let i = 2; ; i++) if (!model.serviceByName.has(`${base}-${i}`)) return `${base}-${i}`;
}

function freeVolumeName(model: ComposeModel, base: string): string {
  if (!model.declared.volumes.has(base)) return base;
  for (let i = 2; ; i++) if (!model.declared.volumes.has(`${base}_${i}`)) return `${base}_${i}`;
}

/** The whole "split database" fix; undefined when some part cannot be edited safely. */
function splitFix(ctx: RuleContext, group: Group, app: AppKind): Fix | undefined {
  const { model, facts } = ctx;
  const text = model.text;
  const shared = group.db;
  if (shared.engine !== "postgres") return undefined;
  const sharedService = shared.service;
  const name = freeServiceName(model, `postgres-${app}`);
  const volume = freeVolumeName(model, `postgres_${app}_data`);
  // The app's own login, named after it.
  const user = app;
  const password = app;
  const database = app;
  const edits: TextEdit[] = [];

  // 1. The new service, right after the shared one, written in the shared one's style.
  const image = sharedService.image?.str.scalar.span;
  const dataMount =
    sharedService.volumes.find((v) => v.target?.startsWith("/var/lib/postgresql"))?.target ??
    "/var/lib/postgresql/data";
  // Published like the shared one, on the next host port no service takes.
  const published = sharedService.ports.find((p) => p.published && p.target.start === shared.port)?.published;
  const shift = published ? facts.ports.freeShift(published.start, published.start) : undefined;
  const body = serviceBody({
    imageText: image ? text.slice(image.start, image.end) : "postgres:16",
    environment: {
      form: sharedService.environment.some((e) => e.form === "list") ? "list" : "map",
      vars: [
        ["POSTGRES_USER", user],
        ["POSTGRES_PASSWORD", password],
        ["POSTGRES_DB", database],
      ],
    },
    ports: published && shift !== undefined ? [`${published.start + shift}:${shared.port}`] : undefined,
    volumes: [`${volume}:${dataMount}`],
    networks: sharedService.networks?.map((n) => n.name),
    healthcheck: healthcheckTest({
      engine: "postgres",
      service: sharedService,
      port: 5432,
      user: { value: user, known: true },
      database: { value: database, known: true },
    }),
  });
  if (model.topLevel.services?.value?.kind !== "map") return undefined;
  const insert = insertServiceAfter(
    text,
    sharedService,
    facts.project.serviceAfter(sharedService),
    name,
    body,
  );
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
  for (const s of new Set(moved.map((c) => c.service))) {
    const stillUsesShared = facts.connections
      .from(s)
      .some((c) => c.target === sharedService && !moved.includes(c));
    const depEdits = moveDependency(ctx, s, sharedService, name, stillUsesShared);
    if (!depEdits) return undefined;
    edits.push(...depEdits);
  }
  return {
    title: `Split database: give ${appLabel(app)} its own PostgreSQL (\`${name}\`)`,
    edits: uniqueEdits(edits),
    preferred: true,
  };
}

/** Points `service`'s depends_on at the new database (healthy), or adds that dependency. */
function moveDependency(
  { model, facts }: RuleContext,
  service: Service,
  shared: Service,
  newName: string,
  keepShared: boolean,
): TextEdit[] | undefined {
  const text = model.text;
  const dep = service.dependsOn.find((d) => d.service === shared.name);
  const pair = service.dependsOnPair;
  const own = pair && service.node && facts.project.insideService(service, pair.key.span) ? pair : undefined;
  if (dep && own && !keepShared) {
    return setDependencyConditions(
      text,
      service,
      new Map([[shared.name, "service_healthy"]]),
      new Map([[shared.name, newName]]),
    );
  }
  // No dependency on the shared database (or it must stay): add one on the new database.
  const edit = addDependency(text, service, newName, "service_healthy", own);
  return edit ? [edit] : undefined;
}
