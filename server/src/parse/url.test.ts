// biome-ignore-all lint/suspicious/noTemplateCurlyInString: compose "${VAR}" references are the test data, not templates
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  encodeUserinfo,
  findUrls,
  isDatabaseFamily,
  type ParsedUrl,
  parseConnectionUrl,
  percentDecode,
  type UrlPart,
} from "./url";

const PART_KEYS = ["scheme", "user", "password", "host", "port", "database", "query"] as const;
type PartKey = (typeof PART_KEYS)[number];

/** Every part must be exactly the text its span covers, or a quick fix would edit the wrong characters. */
function checkSpans(u: ParsedUrl): void {
  for (const key of PART_KEYS) {
    const p: UrlPart | undefined = u[key];
    if (p) expect(u.text.slice(p.span.start, p.span.end), key).toBe(p.raw);
  }
  expect(u.span.start).toBeGreaterThanOrEqual(0);
  expect(u.span.end).toBeLessThanOrEqual(u.text.length);
}

interface Expect {
  dialect?: string;
  driver?: string;
  prefix?: string;
  family?: string;
  hasCredentials?: boolean;
  /** value of each part; undefined means the part must be absent */
  parts?: Partial<Record<PartKey, string | undefined>>;
  raw?: Partial<Record<PartKey, string>>;
  port?: number;
  params?: Record<string, string>;
  insertAt?: { password?: number; port?: number };
}

const cases: [string, Expect][] = [
  [
    "postgresql://mlflow:@postgres-mlflow:5432/mlflow",
    {
      dialect: "postgresql",
      family: "postgres",
      hasCredentials: true,
      parts: {
        scheme: "postgresql",
        user: "mlflow",
        password: "",
        host: "postgres-mlflow",
        port: "5432",
        database: "mlflow",
        query: undefined,
      },
      port: 5432,
      insertAt: { password: 20 },
    },
  ],
  [
    "postgresql+psycopg2://airflow:airflow@airflow:5432/airflow",
    {
      dialect: "postgresql",
      driver: "psycopg2",
      family: "postgres",
      parts: { user: "airflow", password: "airflow", host: "airflow", port: "5432", database: "airflow" },
      port: 5432,
    },
  ],
  [
    "postgresql+psycopg2://postgres:airflow@postgres:5432/airflow",
    {
      driver: "psycopg2",
      parts: { user: "postgres", password: "airflow", host: "postgres", port: "5432", database: "airflow" },
    },
  ],
  [
    "postgres://u:p%40ss@db/x",
    {
      dialect: "postgres",
      family: "postgres",
      parts: { user: "u", password: "p@ss", host: "db", port: undefined, database: "x" },
      raw: { password: "p%40ss" },
      insertAt: { password: 13, port: 22 },
    },
  ],
  [
    "db+postgresql://airflow:airflow@postgres/airflow",
    {
      prefix: "db",
      dialect: "postgresql",
      family: "postgres",
      parts: {
        scheme: "db+postgresql",
        user: "airflow",
        password: "airflow",
        host: "postgres",
        database: "airflow",
      },
    },
  ],
  [
    "redis://:redispass@redis:6379/0",
    {
      family: "redis",
      hasCredentials: true,
      parts: { user: "", password: "redispass", host: "redis", port: "6379", database: "0" },
      port: 6379,
    },
  ],
  [
    "amqp://guest:guest@rabbitmq:5672//",
    {
      family: "amqp",
      parts: { user: "guest", password: "guest", host: "rabbitmq", port: "5672", database: "/" },
    },
  ],
  [
    "sqlite:////tmp/mlflow.db",
    {
      family: "sqlite",
      hasCredentials: false,
      parts: {
        user: undefined,
        password: undefined,
        host: undefined,
        port: undefined,
        database: "/tmp/mlflow.db",
      },
    },
  ],
  ["sqlite:///mlflow.db", { family: "sqlite", parts: { host: undefined, database: "mlflow.db" } }],
  [
    "mysql+pymysql://root:pw@[::1]:3306/mlflow",
    {
      dialect: "mysql",
      driver: "pymysql",
      family: "mysql",
      parts: { user: "root", password: "pw", host: "::1", port: "3306", database: "mlflow" },
      port: 3306,
    },
  ],
  [
    "http://mlflow:5000",
    { family: "http", hasCredentials: false, parts: { host: "mlflow", port: "5000", database: undefined } },
  ],
  [
    "https://user@host/path?x=1",
    {
      dialect: "https",
      family: "http",
      hasCredentials: true,
      parts: { user: "user", password: undefined, host: "host", database: "path", query: "x=1" },
      params: { x: "1" },
      insertAt: { password: 12, port: 17 },
    },
  ],
  [
    "postgresql://${POSTGRES_USER}:${POSTGRES_PASSWORD:-x:y}@${DB_HOST:-postgres}:5432/${DB}",
    {
      parts: {
        user: "${POSTGRES_USER}",
        password: "${POSTGRES_PASSWORD:-x:y}",
        host: "${DB_HOST:-postgres}",
        port: "5432",
        database: "${DB}",
      },
      port: 5432,
    },
  ],
  [
    "postgresql://host",
    {
      hasCredentials: false,
      parts: { user: undefined, password: undefined, host: "host", port: undefined, database: undefined },
      insertAt: { password: 13, port: 17 },
    },
  ],
  [
    "postgresql:///dbname?host=/var/run/postgresql",
    {
      parts: { host: undefined, database: "dbname", query: "host=/var/run/postgresql" },
      params: { host: "/var/run/postgresql" },
    },
  ],
  [
    "mongodb+srv://a:b@cluster0/db",
    {
      dialect: "mongodb+srv",
      family: "mongodb",
      parts: { user: "a", password: "b", host: "cluster0", database: "db" },
    },
  ],
  // Beyond the seed: sloppy but real forms.
  [
    "postgresql://u:p@ss@h:5432/db",
    { parts: { user: "u", password: "p@ss", host: "h", port: "5432", database: "db" } },
  ],
  ["postgresql://u:p#w/x+y=@h/db", { parts: { user: "u", password: "p#w/x+y=", host: "h", database: "db" } }],
  [
    "postgresql://h:5432/db?user=a@b",
    { hasCredentials: false, parts: { host: "h", port: "5432", database: "db" }, params: { user: "a@b" } },
  ],
  ["https://h/a@b", { hasCredentials: false, parts: { host: "h", database: "a@b" } }],
  ["sqlite:////home/u/a:b@c.db", { hasCredentials: false, parts: { database: "/home/u/a:b@c.db" } }],
  ["postgresql://u:p#w@h/db", { parts: { password: "p#w", host: "h", database: "db" } }],
  ["https://h/a?b=1#frag", { parts: { host: "h", database: "a", query: "b=1" }, params: { b: "1" } }],
  ["postgresql://u:%zz%E0%41@h/db", { parts: { password: "%zz%E0%41" }, raw: { password: "%zz%E0%41" } }],
  ["postgresql://u:%41%42@h/db", { parts: { password: "AB" } }],
  [
    "postgresql://u:p@h1:5432,h2:5433/db?target_session_attrs=read-write",
    {
      parts: { host: "h1", port: "5432", database: "db" },
      params: { target_session_attrs: "read-write" },
    },
  ],
  ["postgresql://h:${PGPORT}/db", { parts: { host: "h", port: "${PGPORT}" }, port: undefined }],
  ["postgresql://u:p@h:/db", { parts: { host: "h", port: "" }, port: undefined }],
  [
    "postgresql://h/db?sslmode=require&options=-c%20x%3Dy&a=b+c&sslmode=disable",
    { params: { sslmode: "require", options: "-c x=y", a: "b c" } },
  ],
  ["db+postgresql+psycopg2://a:b@h/d", { prefix: "db", dialect: "postgresql", driver: "psycopg2" }],
  [
    "POSTGRESQL+Psycopg2://h/d",
    { dialect: "postgresql", driver: "psycopg2", parts: { scheme: "POSTGRESQL+Psycopg2" } },
  ],
  ["rediss://h:6380", { family: "redis" }],
  ["pyamqp://h//", { family: "amqp" }],
  ["mariadb+mariadbconnector://h/d", { family: "mysql", driver: "mariadbconnector" }],
  ["mssql+pyodbc://sa:pw@h:1433/db", { family: "mssql" }],
  ["s3://bucket/mlruns", { family: "other", parts: { host: "bucket", database: "mlruns" } }],
  ["postgresql://[::1/db", { parts: { host: "::1", database: "db" } }],
  [
    "postgresql://u:p@/db",
    { hasCredentials: true, parts: { host: undefined, database: "db" }, insertAt: { port: 17 } },
  ],
];

describe("parseConnectionUrl", () => {
  it.each(cases)("%s", (text, want) => {
    const u = parseConnectionUrl(text);
    expect(u).not.toBeNull();
    if (!u) return;
    checkSpans(u);
    expect(u.text).toBe(text);
    expect(u.span).toEqual({ start: 0, end: text.length });
    if (want.dialect !== undefined) expect(u.dialect).toBe(want.dialect);
    if ("driver" in want) expect(u.driver).toBe(want.driver);
    if ("prefix" in want) expect(u.prefix).toBe(want.prefix);
    if (want.family !== undefined) expect(u.family).toBe(want.family);
    if (want.hasCredentials !== undefined) expect(u.hasCredentials).toBe(want.hasCredentials);
    for (const [key, value] of Object.entries(want.parts ?? {}) as [PartKey, string | undefined][]) {
      if (value === undefined) expect(u[key], key).toBeUndefined();
      else expect(u[key]?.value, key).toBe(value);
    }
    for (const [key, raw] of Object.entries(want.raw ?? {}) as [PartKey, string][]) {
      expect(u[key]?.raw, key).toBe(raw);
    }
    if ("port" in want) expect(u.port?.number).toBe(want.port);
    if (want.params) expect({ ...u.params }).toEqual(want.params);
    if (want.insertAt?.password !== undefined) expect(u.insertAt.password).toBe(want.insertAt.password);
    if (want.insertAt?.port !== undefined) expect(u.insertAt.port).toBe(want.insertAt.port);
  });

  it("gives an empty password a zero-length span right after the ':'", () => {
    const text = "postgresql://mlflow:@postgres-mlflow:5432/mlflow";
    const u = parseConnectionUrl(text)!;
    expect(u.password).toEqual({ raw: "", value: "", span: { start: 20, end: 20 } });
    expect(text[u.password!.span.start - 1]).toBe(":");
    expect(text[u.password!.span.start]).toBe("@");
  });

  it("covers only the inside of IPv6 brackets", () => {
    const text = "mysql+pymysql://root:pw@[::1]:3306/mlflow";
    const u = parseConnectionUrl(text)!;
    expect(text[u.host!.span.start - 1]).toBe("[");
    expect(text[u.host!.span.end]).toBe("]");
    expect(u.insertAt.port).toBe(u.port!.span.start);
  });

  it("points insertAt.port after the host so ':5432' can be inserted", () => {
    const text = "postgresql://u:p@db/x";
    const u = parseConnectionUrl(text)!;
    const fixed = text.slice(0, u.insertAt.port) + ":5432" + text.slice(u.insertAt.port);
    expect(fixed).toBe("postgresql://u:p@db:5432/x");
  });

  it("points insertAt.password after the user when there is no ':'", () => {
    const text = "postgresql://mlflow@db/x";
    const u = parseConnectionUrl(text)!;
    expect(u.password).toBeUndefined();
    const fixed = text.slice(0, u.insertAt.password) + ":pw" + text.slice(u.insertAt.password);
    expect(fixed).toBe("postgresql://mlflow:pw@db/x");
  });

  it("trims surrounding whitespace but keeps offsets into the input", () => {
    const text = "  postgresql://u:p@h/db\n";
    const u = parseConnectionUrl(text)!;
    expect(u.span).toEqual({ start: 2, end: 23 });
    expect(u.database?.value).toBe("db");
    checkSpans(u);
  });

  it.each(["", "not a url", "://x", "   ", "postgresql:/x", "jdbc:postgresql://h/d", "1abc://h", "postgres"])(
    "returns null for %j",
    (text) => {
      expect(parseConnectionUrl(text)).toBeNull();
    },
  );

  it("uses a null-prototype params object", () => {
    const u = parseConnectionUrl("postgresql://h/d?__proto__=x&constructor=y")!;
    expect(Object.getPrototypeOf(u.params)).toBeNull();
    expect(Object.entries(u.params)).toEqual([
      ["__proto__", "x"],
      ["constructor", "y"],
    ]);
  });

  it("never throws and always keeps spans exact (property)", () => {
    const alphabet = fc.constantFrom(..."ab:@/?#%[]{}$,+-.=&0123456789 ".split(""), "${", "%4", "%40", "://");
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }), (pieces) => {
        for (const text of [pieces.join(""), "postgresql://" + pieces.join("")]) {
          const u = parseConnectionUrl(text);
          if (u) checkSpans(u);
          for (const f of findUrls(text)) checkSpans(f);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("findUrls", () => {
  it("finds a URL inside a flag", () => {
    const text = "--backend-store-uri=postgresql+psycopg2://a:b@postgres:5432/db --host 0.0.0.0";
    const [u, ...rest] = findUrls(text);
    expect(rest).toHaveLength(0);
    expect(text.slice(u!.span.start, u!.span.end)).toBe("postgresql+psycopg2://a:b@postgres:5432/db");
    expect(u!.host?.value).toBe("postgres");
    expect(text.slice(u!.host!.span.start, u!.host!.span.end)).toBe("postgres");
    checkSpans(u!);
  });

  it("finds several URLs and stops at quotes and whitespace", () => {
    const text = `A=redis://r:6379/0 B="http://mlflow:5000" 'sqlite:///x.db'`;
    const found = findUrls(text);
    expect(found.map((u) => text.slice(u.span.start, u.span.end))).toEqual([
      "redis://r:6379/0",
      "http://mlflow:5000",
      "sqlite:///x.db",
    ]);
    found.forEach(checkSpans);
  });

  it("keeps a ${...} with spaces inside one URL", () => {
    const text = "x postgresql://${U:-a b}@h/db y";
    const [u] = findUrls(text);
    expect(u!.user?.raw).toBe("${U:-a b}");
    expect(u!.database?.value).toBe("db");
  });

  it("returns nothing for plain text", () => {
    expect(findUrls("just words: here // and there")).toEqual([]);
    expect(findUrls("")).toEqual([]);
  });
});

describe("isDatabaseFamily", () => {
  it("accepts services and rejects files and web", () => {
    for (const f of ["postgres", "mysql", "redis", "mongodb", "mssql", "amqp"] as const) {
      expect(isDatabaseFamily(f)).toBe(true);
    }
    for (const f of ["sqlite", "http", "other"] as const) expect(isDatabaseFamily(f)).toBe(false);
  });
});

describe("encodeUserinfo / percentDecode", () => {
  it("encodes reserved characters", () => {
    expect(encodeUserinfo("p@ss:w/rd")).toBe("p%40ss%3Aw%2Frd");
    expect(encodeUserinfo("a b$%'")).toBe("a%20b%24%25%27");
    expect(encodeUserinfo("Az09-._~")).toBe("Az09-._~");
  });

  it("does not throw on a lone surrogate", () => {
    expect(encodeUserinfo("\uD800")).toBe("%EF%BF%BD");
  });

  it("round-trips any password through a URL", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 20 }), (pw) => {
        const u = parseConnectionUrl(`postgresql://user:${encodeUserinfo(pw)}@host:5432/db`)!;
        expect(u.password?.value).toBe(pw);
        expect(u.host?.value).toBe("host");
        expect(u.port?.number).toBe(5432);
      }),
    );
  });

  it("keeps malformed escapes instead of throwing", () => {
    expect(percentDecode("%")).toBe("%");
    expect(percentDecode("%E0%A4")).toBe("%E0%A4");
    expect(percentDecode("a%20b%zz")).toBe("a b%zz");
    expect(percentDecode("a+b", true)).toBe("a b");
  });
});
