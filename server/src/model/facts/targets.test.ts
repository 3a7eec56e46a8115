/**
 * Ranking the services a wrong URL host may have meant finds only the best few, from indexes
 * and each host's order: it must give exactly what scoring and sorting every candidate gives
 * (the obvious way, kept here as the reference), whatever the databases and the URL.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FC_SEED } from "../../../../test/helpers/fc-seed";
import { buildModel } from "../build";
import type { Target, UrlGroup } from "./index";
import { factsOf } from "./index";
import { levenshtein } from "./names";
import { RANKED } from "./targets";

/** The ranking as first written: every candidate scored, all sorted. */
function reference(model: ReturnType<typeof buildModel>, group: UrlGroup, targets: readonly Target[]) {
  const facts = factsOf(model);
  const url = group.conn.url;
  const own = new Set(group.services);
  const list = targets.filter((t) => !own.has(t.service));
  const similarity = (host: string, names: Iterable<string>) => {
    let best = 0;
    const h = host.toLowerCase();
    for (const raw of names) {
      const n = raw.toLowerCase();
      let s = 1 - levenshtein(h, n) / Math.max(h.length, n.length, 1);
      if (h.length >= 2 && (n.includes(h) || h.includes(n))) s = Math.max(s, 0.75);
      best = Math.max(best, s);
    }
    return best;
  };
  const port = url.port?.number;
  const scored = list.map((t, i) => {
    const dbMatch =
      !!url.database?.value && t.db?.database.known === true && t.db.database.value === url.database.value;
    const userMatch = !!url.user?.value && t.db?.user.known === true && t.db.user.value === url.user.value;
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
      t,
      i,
      s: {
        dbMatch,
        userMatch,
        portMatch,
        similarity: url.host ? similarity(url.host.value, names) : 0,
        reach: group.services.every((s) => facts.networks.reachable(s, t.service)),
      },
    };
  });
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
  return {
    ranked: scored.slice(0, RANKED).map((x) => x.t.service.name),
    count: scored.length,
    clear: scored.length === 1 || (dbMatches === 1 && scored[0].s.dbMatch),
  };
}

const name = fc.constantFrom(
  "db",
  "db1",
  "db2",
  "pg",
  "pg-1",
  "pgdb",
  "postgres",
  "postgres2",
  "mlflow-db",
  "meta",
);
const word = fc.constantFrom("app", "mlflow", "airflow", "postgres", "meta");

describe("ranking the candidates for a URL host", () => {
  it("gives the best few, the count and whether the first is clear, as scoring them all does", () => {
    const database = fc.record({
      name,
      user: fc.option(word, { nil: undefined }),
      db: fc.option(word, { nil: undefined }),
      published: fc.option(fc.constantFrom(5432, 5433, 15432), { nil: undefined }),
      port: fc.constantFrom(5432, 5433),
      network: fc.constantFrom("default", "back"),
    });
    const input = fc.record({
      databases: fc.array(database, { minLength: 1, maxLength: 9 }),
      host: fc.oneof(name, fc.constantFrom("dbb", "pgsql", "postgress", "x")),
      user: fc.option(word, { nil: undefined }),
      db: fc.option(word, { nil: undefined }),
      port: fc.option(fc.constantFrom(5432, 5433, 15432), { nil: undefined }),
      clientNetwork: fc.constantFrom("default", "back"),
    });
    fc.assert(
      fc.property(input, ({ databases, host, user, db, port, clientNetwork }) => {
        const seen = new Set<string>();
        const services: string[] = [];
        databases.forEach((d, k) => {
          const svc = seen.has(d.name) ? `${d.name}-${k}` : d.name;
          seen.add(svc);
          const env = [
            d.user ? `POSTGRES_USER: ${d.user}` : "",
            d.db ? `POSTGRES_DB: ${d.db}` : "",
            "POSTGRES_PASSWORD: pw",
            d.port !== 5432 ? `PGPORT: "${d.port}"` : "",
          ].filter(Boolean);
          services.push(
            `  ${svc}:`,
            "    image: postgres:16",
            `    environment: {${env.join(", ")}}`,
            ...(d.published ? [`    ports: ["${d.published}:${d.port}"]`] : []),
            ...(d.network === "back" ? ["    networks: [back]"] : []),
          );
        });
        const credentials = user ? `${user}:pw@` : "";
        const url = `postgresql://${credentials}${host}${port ? `:${port}` : ""}/${db ?? ""}`;
        services.push(
          "  client:",
          "    image: example/app",
          `    environment: [DATABASE_URL=${url}]`,
          ...(clientNetwork === "back" ? ["    networks: [back]"] : []),
        );
        const model = buildModel(`services:\n${services.join("\n")}\nnetworks:\n  back:\n`);
        const facts = factsOf(model);
        const [group] = facts.connections.groups(() => true);
        expect(group).toBeDefined();
        const targets = facts.targets.databases("postgres");
        const ranking = facts.targets.rank(group, targets);
        expect({ ...ranking, ranked: ranking.ranked.map((t) => t.service.name) }).toEqual(
          reference(model, group, targets),
        );
      }),
      { numRuns: 300, seed: FC_SEED },
    );
  });
});
