/** The compose model: every syntax form a service can take, read with exact source ranges. */
import { describe, expect, it } from "vitest";
import type { SourceString } from "../parse/source-string";
import { buildModel } from "./build";

const at = (text: string, s: { start: number; end: number } | undefined) =>
  s ? text.slice(s.start, s.end) : undefined;
const src = (text: string, str: SourceString | undefined) => (str ? at(text, str.span()) : undefined);

describe("services", () => {
  const text = `services:
  db:
    image: docker.io/library/postgres:16.2@sha256:abc
    container_name: pg-main
    hostname: pg.internal
    environment:
      POSTGRES_USER: mlflow
      POSTGRES_PASSWORD: "s3cret"
      EMPTY:
    env_file: [.env, {path: ./db.env, required: false}]
    ports:
      - "5433:5432"
      - 127.0.0.1:8000-8001:8000-8001/udp
      - "[::1]:6000:6000"
      - 9000
      - target: 80
        published: "8080"
        host_ip: 0.0.0.0
        protocol: tcp
    expose: ["5432"]
    networks:
      backend:
        aliases: [database, pg]
    volumes:
      - pgdata:/var/lib/postgresql/data
      - ./init:/docker-entrypoint-initdb.d:ro
      - /anon
      - type: bind
        source: ./conf
        target: /etc/conf
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -h 127.0.0.1 -U mlflow"]
    profiles: [db, all]
    restart: unless-stopped
    user: "999:999"
    x-note: hello
  app:
    build: .
    environment:
      - A=1
      - B=x=y
      - PASSTHROUGH
    depends_on:
      db:
        condition: service_healthy
        restart: true
      cache:
        condition: service_started
        required: false
    command: ["bash", "-c", "mlflow server --host 0.0.0.0"]
    entrypoint: /entry.sh --flag
    networks: [backend, default]
    network_mode: host
    links: ["db:database", "cache"]
  cache:
    image: redis
    depends_on: [db]
    healthcheck:
      disable: true
  nohc:
    image: x
    healthcheck:
      test: ["NONE"]
  strhc:
    image: x
    healthcheck:
      test: curl -f http://localhost
volumes:
  pgdata:
networks:
  backend:
secrets:
  s: {file: ./s.txt}
configs:
  c: {file: ./c.txt}
name: proj
`;
  const m = buildModel(text);
  const db = m.serviceByName.get("db")!;
  const app = m.serviceByName.get("app")!;

  it("reads top-level keys and declarations", () => {
    expect(m.problems).toEqual([]);
    expect(m.services.map((s) => s.name)).toEqual(["db", "app", "cache", "nohc", "strhc"]);
    expect([...m.declared.volumes.keys()]).toEqual(["pgdata"]);
    expect([...m.declared.networks.keys()]).toEqual(["backend"]);
    expect([...m.declared.secrets.keys()]).toEqual(["s"]);
    expect([...m.declared.configs.keys()]).toEqual(["c"]);
    expect(m.topLevel.name?.value?.kind).toBe("scalar");
    expect(m.topLevel.version).toBeUndefined();
  });

  it("image: registry, repository, tag, digest", () => {
    expect(db.image).toMatchObject({
      registry: "docker.io",
      repository: "postgres",
      baseName: "postgres",
      tag: "16.2",
      digest: "sha256:abc",
    });
    expect(src(text, db.image!.str)).toBe("docker.io/library/postgres:16.2@sha256:abc");
    expect(app.image).toBeUndefined();
    expect(app.build).toBe(true);
  });

  it("environment as a map and as a list, with key and value ranges", () => {
    expect(db.environment.map((e) => [e.name, e.value?.value ?? null, e.form])).toEqual([
      ["POSTGRES_USER", "mlflow", "map"],
      ["POSTGRES_PASSWORD", "s3cret", "map"],
      ["EMPTY", null, "map"],
    ]);
    expect(src(text, db.environment[1].value!)).toBe("s3cret");
    expect(app.environment.map((e) => [e.name, e.value?.value ?? null, e.form])).toEqual([
      ["A", "1", "list"],
      ["B", "x=y", "list"],
      ["PASSTHROUGH", null, "list"],
    ]);
    expect(at(text, app.environment[1].keySpan)).toBe("B");
    expect(src(text, app.environment[1].value!)).toBe("x=y");
    expect(at(text, app.environment[1].entrySpan)).toBe("B=x=y");
  });

  it("env_file as string, list and long form", () => {
    expect(db.envFiles.map((e) => e.path)).toEqual([".env", "./db.env"]);
  });

  it("ports: short and long syntax, ranges, host IP (v4 and v6), protocol", () => {
    const p = db.ports;
    expect(p[0]).toMatchObject({
      published: { start: 5433, end: 5433 },
      target: { start: 5432, end: 5432 },
      protocol: "tcp",
      unknown: false,
    });
    expect(at(text, p[0].published!.span)).toBe("5433");
    expect(at(text, p[0].target.span)).toBe("5432");
    expect(p[1]).toMatchObject({
      hostIp: "127.0.0.1",
      published: { start: 8000, end: 8001 },
      target: { start: 8000, end: 8001 },
      protocol: "udp",
    });
    expect(at(text, p[1].published!.span)).toBe("8000-8001");
    expect(p[2]).toMatchObject({ hostIp: "::1", published: { start: 6000, end: 6000 } });
    expect(p[3]).toMatchObject({ published: undefined, target: { start: 9000, end: 9000 } });
    expect(p[4]).toMatchObject({
      hostIp: "0.0.0.0",
      published: { start: 8080, end: 8080 },
      target: { start: 80, end: 80 },
      protocol: "tcp",
    });
    expect(db.expose.map((e) => e.port)).toEqual([5432]);
  });

  it("depends_on: list and map with condition, restart, required", () => {
    expect(app.dependsOn.map((d) => [d.service, d.condition, d.form, d.restart, d.required])).toEqual([
      ["db", "service_healthy", "map", true, true],
      ["cache", "service_started", "map", false, false],
    ]);
    expect(at(text, app.dependsOn[0].conditionNode!.span)).toBe("service_healthy");
    const cache = m.serviceByName.get("cache")!;
    expect(cache.dependsOn.map((d) => [d.service, d.condition, d.form])).toEqual([
      ["db", "service_started", "list"],
    ]);
    expect(at(text, cache.dependsOn[0].nameNode.span)).toBe("db");
  });

  it("healthcheck: CMD-SHELL, disable, NONE, plain string", () => {
    expect(db.healthcheck).toMatchObject({ disabled: false, testKind: "CMD-SHELL" });
    expect(db.healthcheck!.commands[0].map((w) => w.value)).toEqual([
      "pg_isready",
      "-h",
      "127.0.0.1",
      "-U",
      "mlflow",
    ]);
    expect(m.serviceByName.get("cache")!.healthcheck!.disabled).toBe(true);
    expect(m.serviceByName.get("nohc")!.healthcheck).toMatchObject({ disabled: true, testKind: "NONE" });
    expect(m.serviceByName.get("strhc")!.healthcheck!.commands[0].map((w) => w.value)).toEqual([
      "curl",
      "-f",
      "http://localhost",
    ]);
  });

  it("networks: map with aliases and list; network_mode; absent means default", () => {
    expect(db.networks).toEqual([{ name: "backend", node: expect.anything(), aliases: ["database", "pg"] }]);
    expect(app.networks!.map((n) => n.name)).toEqual(["backend", "default"]);
    expect(app.networkMode?.value).toBe("host");
    expect(m.serviceByName.get("cache")!.networks).toBeUndefined();
  });

  it("volumes: named, bind, anonymous, long form", () => {
    expect(db.volumes.map((v) => [v.form, v.type, v.source, v.target])).toEqual([
      ["short", "volume", "pgdata", "/var/lib/postgresql/data"],
      ["short", "bind", "./init", "/docker-entrypoint-initdb.d"],
      ["short", "volume", undefined, "/anon"],
      ["long", "bind", "./conf", "/etc/conf"],
    ]);
    expect(at(text, db.volumes[0].sourceSpan)).toBe("pgdata");
  });

  it("container_name, hostname, links, profiles, restart, user, x- fields", () => {
    expect(db.containerName?.value).toBe("pg-main");
    expect(db.hostname?.value).toBe("pg.internal");
    expect(app.links.map((l) => [l.service, l.alias])).toEqual([
      ["db", "database"],
      ["cache", "cache"],
    ]);
    expect(db.profiles).toEqual(["db", "all"]);
    expect(db.restart).toBe("unless-stopped");
    expect(db.user).toBe("999:999");
    expect(db.extensions.map((p) => p.key.text)).toEqual(["x-note"]);
  });

  it("command and entrypoint: list and string forms, bash -c unwrapped", () => {
    expect(app.command!.form).toBe("list");
    expect(app.command!.commands.map((c) => c.map((w) => w.value))).toEqual([
      ["mlflow", "server", "--host", "0.0.0.0"],
    ]);
    expect(src(text, app.command!.commands[0][3])).toBe("0.0.0.0");
    expect(app.entrypoint!.form).toBe("string");
    expect(app.entrypoint!.argv.map((w) => w.value)).toEqual(["/entry.sh", "--flag"]);
  });

  it("names a service answers to", () => {
    expect([...m.databaseByService.get("db")!.names].sort()).toEqual(
      ["database", "db", "pg", "pg", "pg-main"].filter((v, i, a) => a.indexOf(v) === i).sort(),
    );
  });
});

describe("commands in folded block scalars (the seed's MLflow command)", () => {
  const text = `services:
  mlflow:
    image: mlflow/mlflow:2.7.1
    command: >
      bash -c "pip install psycopg2-binary &&
      mlflow server
      --backend-store-uri postgresql+psycopg2://airflow:airflow@postgres:5432/airflow
      --host 0.0.0.0 --port 5000"
`;
  it("unwraps bash -c and maps every word back to the file", () => {
    const s = buildModel(text).serviceByName.get("mlflow")!;
    const cmds = s.command!.commands.map((c) => c.map((w) => w.value));
    expect(cmds).toEqual([
      ["pip", "install", "psycopg2-binary"],
      [
        "mlflow",
        "server",
        "--backend-store-uri",
        "postgresql+psycopg2://airflow:airflow@postgres:5432/airflow",
        "--host",
        "0.0.0.0",
        "--port",
        "5000",
      ],
    ]);
    const url = s.command!.commands[1][3];
    expect(src(text, url)).toBe("postgresql+psycopg2://airflow:airflow@postgres:5432/airflow");
    expect(url.editableSpan(0, url.value.length)).toEqual(url.span());
  });
});

describe("anchors, aliases and merge keys", () => {
  const text = `x-airflow-common: &airflow-common
  image: apache/airflow:2.8.1
  environment: &airflow-env
    AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql+psycopg2://airflow:airflow@postgres/airflow
    AIRFLOW__CORE__EXECUTOR: CeleryExecutor
  depends_on: &deps
    postgres:
      condition: service_healthy
services:
  postgres:
    image: postgres:16
  webserver:
    <<: *airflow-common
    command: webserver
  scheduler:
    <<: *airflow-common
    environment:
      <<: *airflow-env
      EXTRA: "1"
    command: scheduler
`;
  const m = buildModel(text);
  it("merges the common block into each service; explicit keys win", () => {
    const web = m.serviceByName.get("webserver")!;
    expect(web.image?.repository).toBe("apache/airflow");
    expect(web.dependsOn.map((d) => [d.service, d.condition])).toEqual([["postgres", "service_healthy"]]);
    const sch = m.serviceByName.get("scheduler")!;
    expect(sch.environment.map((e) => e.name)).toEqual([
      "EXTRA",
      "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN",
      "AIRFLOW__CORE__EXECUTOR",
    ]);
  });
  it("values reached through an anchor point at the anchor's text", () => {
    const web = m.serviceByName.get("webserver")!;
    const conn = web.environment.find((e) => e.name === "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN")!;
    expect(src(text, conn.value!)).toBe("postgresql+psycopg2://airflow:airflow@postgres/airflow");
    expect(conn.value!.span().start).toBeLessThan(text.indexOf("services:"));
  });
  it("finds the apps and one connection per service through the anchor", () => {
    expect(m.apps.map((a) => [a.kind, a.services.map((s) => s.name)])).toEqual([
      ["airflow", ["webserver", "scheduler"]],
    ]);
    expect(m.connections.map((c) => [c.service.name, c.role, c.target?.name])).toEqual([
      ["webserver", "airflow-metadata", "postgres"],
      ["scheduler", "airflow-metadata", "postgres"],
    ]);
  });
});

describe("interpolation from .env", () => {
  const text = `services:
  db:
    image: postgres:\${PG_TAG:-16}
    environment:
      POSTGRES_USER: \${DB_USER}
      POSTGRES_PASSWORD: \${DB_PASS:?set it}
    ports: ["\${PG_PORT:-5432}:5432"]
  app:
    image: app
    environment:
      DATABASE_URL: postgresql://\${DB_USER}:\${DB_PASS}@\${DB_HOST:-db}:5432/app
`;
  it("resolves variables and defaults, marks unresolved ones as unknown", () => {
    const m = buildModel(text, { variables: new Map([["DB_USER", "u"]]) });
    const db = m.databaseByService.get("db")!;
    expect(m.serviceByName.get("db")!.image?.tag).toBe("16");
    expect(db.user).toMatchObject({ value: "u", known: true, variable: "DB_USER" });
    expect(db.password).toMatchObject({ known: false, variable: "DB_PASS" });
    expect(db.database).toMatchObject({ value: "u", known: true });
    expect(m.serviceByName.get("db")!.ports[0]).toMatchObject({ published: { start: 5432 }, unknown: false });
    const c = m.connections[0];
    expect(c.url.user?.value).toBe("u");
    expect(c.str.hasUnresolved(c.url.password!.span.start, c.url.password!.span.end)).toBe(true);
    expect(c.target?.name).toBe("db");
    // The default "db" is text the user wrote: it can be edited in place.
    const host = c.url.host!;
    expect(src(text, c.str.derive(host.value, [])) === undefined).toBe(false);
    expect(at(text, c.str.editableSpan(host.span.start, host.span.end))).toBe("db");
    // A value that came from a variable cannot.
    expect(c.str.editableSpan(c.url.user!.span.start, c.url.user!.span.end)).toBeUndefined();
  });
});

describe("text encodings and layouts keep ranges exact", () => {
  const body =
    "version: '3'\nservices:\n  a:\n    image: postgres:16\n    environment:\n      - DATABASE_URL=postgresql://u:p@a:5432/d\n";
  for (const [name, text] of [
    ["LF", body],
    ["CRLF", body.replace(/\n/g, "\r\n")],
    ["BOM", `\ufeff${body}`],
    ["BOM+CRLF", `\ufeff${body.replace(/\n/g, "\r\n")}`],
  ] as const) {
    it(`${name}: ranges point at the same characters`, () => {
      const m = buildModel(text);
      expect(m.problems).toEqual([]);
      expect(
        at(text, { start: m.topLevel.version!.key.span.start, end: m.topLevel.version!.value!.span.end }),
      ).toBe("version: '3'");
      const c = m.connections[0];
      expect(at(text, c.str.span(c.url.host!.span.start, c.url.host!.span.end))).toBe("a");
      expect(at(text, c.str.span(c.url.password!.span.start, c.url.password!.span.end))).toBe("p");
    });
  }

  it("multiple documents: the first one is the compose file, ranges unshifted", () => {
    const text = "# head\n---\nservices:\n  a:\n    image: x\n---\nservices:\n  b:\n    image: y\n";
    const m = buildModel(text);
    expect(m.services.map((s) => s.name)).toEqual(["a"]);
    expect(at(text, m.services[0].key.span)).toBe("a");
  });

  it("tabs inside values do not shift ranges", () => {
    const text = 'services:\n  a:\n    command: "mlflow\\tserver"\n    image: "x"\n';
    const m = buildModel(text);
    expect(at(text, m.services[0].image!.str.span())).toBe("x");
  });
});

describe("Compose's own YAML tags", () => {
  it("!reset and !override are valid and keep their values", () => {
    const text =
      "services:\n  a:\n    image: x\n    ports: !reset []\n    environment: !override\n      A: 1\n    command: !reset null\n";
    const m = buildModel(text);
    expect(m.problems).toEqual([]);
    const a = m.serviceByName.get("a")!;
    expect(a.ports).toEqual([]);
    expect(a.environment.map((e) => [e.name, e.value?.value])).toEqual([["A", "1"]]);
  });
});
