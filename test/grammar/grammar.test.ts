// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Compose `${VAR}` syntax is the subject of these tests
/**
 * Tests for syntaxes/compose-injection.tmLanguage.json, the TextMate injection grammar that
 * highlights Compose interpolation and connection-URL parts inside YAML.
 *
 * The grammar is loaded the way VS Code loads it: vscode-textmate + vscode-oniguruma, with the
 * injection registered for `source.yaml` (what `"injectTo": ["source.yaml"]` does in package.json)
 * so that its `injectionSelector` decides where it runs. No real YAML grammar ships in
 * node_modules, so the base grammar is fixtures/yaml-stub.tmLanguage.json, a hand-written stand-in
 * that reproduces the traits of VS Code's YAML grammar that matter to an injection: scalars and
 * comments are begin/end (or begin/while) rules carrying the real scope names.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import oniguruma from "vscode-oniguruma";
import type { IGrammar, IRawGrammar, StateStack } from "vscode-textmate";
import vsctm from "vscode-textmate";

const ROOT = join(__dirname, "..", "..");
const INJECTION_PATH = join(ROOT, "syntaxes", "compose-injection.tmLanguage.json");
const YAML_STUB_PATH = join(__dirname, "fixtures", "yaml-stub.tmLanguage.json");
const EXAMPLE_PATH = join(ROOT, "examples", "mlflow-airflow", "docker-compose.yml");
const FIXTURE_PATH = join(__dirname, "fixtures", "interpolated-stack.compose.yml");
const INJECTION_SCOPE = "mlops-compose.injection";

/** A token as `[text, scopes]`; scopes are innermost-last and omit the root `source.yaml`. */
type Token = [text: string, scopes: string[]];

// Scope names used by the grammar (all end in `.mlops-compose`).
const S = {
  url: "meta.url.mlops-compose",
  scheme: "keyword.other.url-scheme.mlops-compose",
  schemeSep: "punctuation.separator.scheme.url.mlops-compose",
  user: "entity.name.user.url.mlops-compose",
  passwordSep: "punctuation.separator.password.url.mlops-compose",
  emptyPassword: "invalid.deprecated.empty-password.url.mlops-compose",
  password: "string.other.password.url.mlops-compose",
  credentialsSep: "punctuation.separator.credentials.url.mlops-compose",
  host: "entity.name.host.url.mlops-compose",
  portSep: "punctuation.separator.port.url.mlops-compose",
  port: "constant.numeric.port.url.mlops-compose",
  badPort: "invalid.illegal.port.url.mlops-compose",
  pathSep: "punctuation.separator.path.url.mlops-compose",
  database: "entity.name.database.url.mlops-compose",
  querySep: "punctuation.separator.query.url.mlops-compose",
  query: "string.other.query.url.mlops-compose",
  queryParamSep: "punctuation.separator.query-parameter.url.mlops-compose",
  queryKeyValueSep: "punctuation.separator.key-value.url.mlops-compose",
  interpolation: "meta.interpolation.mlops-compose",
  variable: "variable.other.interpolation.mlops-compose",
  begin: "punctuation.definition.interpolation.begin.mlops-compose",
  end: "punctuation.definition.interpolation.end.mlops-compose",
  opDefault: "keyword.operator.interpolation.default.mlops-compose",
  opRequired: "keyword.operator.interpolation.required.mlops-compose",
  opAlternate: "keyword.operator.interpolation.alternate.mlops-compose",
  argDefault: "string.other.interpolation.default.mlops-compose",
  argError: "string.other.interpolation.error-message.mlops-compose",
  argAlternate: "string.other.interpolation.alternate.mlops-compose",
  escape: "constant.character.escape.dollar.mlops-compose",
  invalid: "invalid.illegal.interpolation.mlops-compose",
} as const;

const URL_PARTS = {
  scheme: S.scheme,
  user: S.user,
  password: S.password,
  host: S.host,
  port: S.port,
  database: S.database,
  query: S.query,
} as const;
type UrlParts = Record<keyof typeof URL_PARTS, string[]>;

let grammar: IGrammar;
let grammarWithoutCommentExclusion: IGrammar;

async function loadYamlWithInjection(transformInjection?: (raw: Record<string, unknown>) => void) {
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName: string): Promise<IRawGrammar | null> => {
      if (scopeName === "source.yaml") {
        return vsctm.parseRawGrammar(readFileSync(YAML_STUB_PATH, "utf8"), YAML_STUB_PATH);
      }
      if (scopeName === INJECTION_SCOPE) {
        const raw = JSON.parse(readFileSync(INJECTION_PATH, "utf8")) as Record<string, unknown>;
        transformInjection?.(raw);
        return vsctm.parseRawGrammar(JSON.stringify(raw), INJECTION_PATH);
      }
      return null;
    },
    // What `"injectTo": ["source.yaml"]` in package.json does inside VS Code.
    getInjections: (scopeName: string) => (scopeName === "source.yaml" ? [INJECTION_SCOPE] : undefined),
  });
  const loaded = await registry.loadGrammar("source.yaml");
  if (!loaded) throw new Error("source.yaml did not load");
  return loaded;
}

beforeAll(async () => {
  await oniguruma.loadWASM(
    readFileSync(join(ROOT, "node_modules", "vscode-oniguruma", "release", "onig.wasm")),
  );
  grammar = await loadYamlWithInjection();
  grammarWithoutCommentExclusion = await loadYamlWithInjection((raw) => {
    raw.injectionSelector = "source.yaml";
  });
});

/** Tokenizes a document line by line (carrying the rule stack) into `[text, scopes]` pairs. */
function tokenizeLines(text: string, g: IGrammar = grammar): Token[][] {
  let state: StateStack = vsctm.INITIAL;
  return text.split(/\r?\n/).map((line) => {
    const result = g.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((t): Token => [line.slice(t.startIndex, t.endIndex), t.scopes.slice(1)]);
  });
}

/** Tokenizes a one-line snippet. */
function tokenizeLine(line: string, g: IGrammar = grammar): Token[] {
  expect(line).not.toMatch(/\n/);
  return tokenizeLines(line, g)[0]!;
}

/** Texts of the tokens that carry `scope`, one entry per token. */
function texts(tokens: Token[], scope: string): string[] {
  return tokens.filter(([, scopes]) => scopes.includes(scope)).map(([text]) => text);
}

/** Texts of the maximal runs of adjacent tokens that carry `scope` (`${DB_HOST}` is one run of 3 tokens). */
function runs(tokens: Token[], scope: string): string[] {
  const out: string[] = [];
  let inRun = false;
  for (const [text, scopes] of tokens) {
    if (scopes.includes(scope)) {
      if (inRun) out[out.length - 1] += text;
      else out.push(text);
      inRun = true;
    } else {
      inRun = false;
    }
  }
  return out;
}

/** The URL parts on a line, each as the list of its runs. */
function urlParts(tokens: Token[]): UrlParts {
  const parts = {} as UrlParts;
  for (const [part, scope] of Object.entries(URL_PARTS) as [keyof UrlParts, string][]) {
    parts[part] = runs(tokens, scope);
  }
  return parts;
}

/** Builds the expected `urlParts` value; parts that are not given are expected to be absent. */
function expectedParts(parts: Partial<Record<keyof UrlParts, string>>): UrlParts {
  const out = {} as UrlParts;
  for (const part of Object.keys(URL_PARTS) as (keyof UrlParts)[]) {
    const value = parts[part];
    out[part] = value === undefined ? [] : [value];
  }
  return out;
}

/** Tokens carrying at least one scope contributed by the injection. */
function ours(tokens: Token[]): Token[] {
  return tokens.filter(([, scopes]) => scopes.some((s) => s.endsWith(".mlops-compose")));
}

/** The scopes of the first token whose text is exactly `text`. */
function scopesOf(tokens: Token[], text: string): string[] {
  const token = tokens.find(([t]) => t === text);
  if (!token) throw new Error(`no token ${JSON.stringify(text)} in ${JSON.stringify(tokens)}`);
  return token[1];
}

/** The line of `lines` (tokenized from `source`) that contains `needle`. */
function lineWith(source: string, lines: Token[][], needle: string): Token[] {
  const index = source.split(/\r?\n/).findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`no line contains ${needle}`);
  return lines[index]!;
}

/** Every string value stored under one of `keys`, anywhere in a JSON tree. */
function stringsUnder(node: unknown, keys: string[], key?: string): string[] {
  if (Array.isArray(node)) return node.flatMap((n) => stringsUnder(n, keys));
  if (node && typeof node === "object") {
    return Object.entries(node).flatMap(([k, v]) => stringsUnder(v, keys, k));
  }
  return typeof node === "string" && key !== undefined && keys.includes(key) ? [node] : [];
}

describe("the grammar file", () => {
  const raw = JSON.parse(readFileSync(INJECTION_PATH, "utf8")) as Record<string, unknown>;

  it("is an injection into source.yaml that skips comments", () => {
    expect(raw.scopeName).toBe(INJECTION_SCOPE);
    expect(raw.injectionSelector).toBe("source.yaml -comment");
  });

  it("names every scope with the .mlops-compose suffix", () => {
    const names = stringsUnder([raw.patterns, raw.repository], ["name", "contentName"]).flatMap((n) =>
      n.split(/\s+/),
    );
    expect(names.length).toBeGreaterThan(30);
    expect(names.filter((n) => !n.endsWith(".mlops-compose"))).toEqual([]);
    for (const scope of Object.values(S)) expect(names).toContain(scope);
  });

  it("has regular expressions that Oniguruma compiles", () => {
    const regexes = stringsUnder(raw, ["match", "begin", "end", "while"]);
    expect(regexes.length).toBeGreaterThan(5);
    for (const source of regexes) expect(() => new oniguruma.OnigScanner([source])).not.toThrow();
  });

  it("keeps long hostile lines fast (no catastrophic backtracking)", () => {
    const line = `a: ${"$".repeat(5000)} ${"a:".repeat(5000)} x://${"${".repeat(2000)}${"u:".repeat(3000)}${"@".repeat(500)} ${"${A:-".repeat(2000)}`;
    const started = Date.now();
    const tokens = tokenizeLine(line);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(tokens.map(([t]) => t).join("")).toBe(line);
  });
});

describe("the YAML stub base grammar", () => {
  it("scopes keys, plain and quoted scalars and comments like VS Code's YAML grammar", () => {
    const [key, quoted, comment] = tokenizeLines(`image: postgres:13\nports: ["5432:5432"]\n  # a comment`);
    expect(key).toEqual([
      ["image", ["meta.map.key.yaml", "string.unquoted.plain.yaml", "entity.name.tag.yaml"]],
      [":", ["punctuation.separator.key-value.mapping.yaml"]],
      [" ", []],
      ["postgres:13", ["string.unquoted.plain.out.yaml"]],
    ]);
    expect(scopesOf(quoted!, "5432:5432")).toEqual(["meta.flow.sequence.yaml", "string.quoted.double.yaml"]);
    expect(scopesOf(comment!, " a comment")).toEqual(["comment.line.number-sign.yaml"]);
  });

  it("makes `-comment` in the selector matter: without it a URL in a comment would be highlighted", () => {
    const line = "# postgres://x@y/db";
    expect(ours(tokenizeLine(line))).toEqual([]);
    expect(urlParts(tokenizeLine(line, grammarWithoutCommentExclusion))).toEqual(
      expectedParts({ scheme: "postgres", user: "x", host: "y", database: "db" }),
    );
  });
});

describe("examples/mlflow-airflow/docker-compose.yml (the seed's broken file)", () => {
  const source = readFileSync(EXAMPLE_PATH, "utf8");
  let lines: Token[][];
  beforeAll(() => {
    lines = tokenizeLines(source);
  });

  it("tokenizes every line completely", () => {
    source.split(/\r?\n/).forEach((line, i) => {
      expect(lines[i]!.map(([t]) => t).join("")).toBe(line);
    });
  });

  it("shows the wrong host: the host is the `airflow` after '@', not the user or the database", () => {
    const tokens = lineWith(source, lines, "@airflow:5432");
    expect(urlParts(tokens)).toEqual(
      expectedParts({
        scheme: "postgresql+psycopg2",
        user: "airflow",
        password: "airflow",
        host: "airflow",
        port: "5432",
        database: "airflow",
      }),
    );
    expect(tokens.filter(([, s]) => s.includes(S.url)).map(([t]) => t)).toEqual([
      "postgresql+psycopg2",
      "://",
      "airflow",
      ":",
      "airflow",
      "@",
      "airflow",
      ":",
      "5432",
      "/",
      "airflow",
    ]);
    expect(texts(tokens, S.credentialsSep)).toEqual(["@"]);
    // The `KEY=` part of the list item is left to YAML, and the URL stays inside the plain scalar.
    expect(scopesOf(tokens, "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=")).toEqual([
      "string.unquoted.plain.out.yaml",
    ]);
    expect(scopesOf(tokens, "5432")).toEqual(["string.unquoted.plain.out.yaml", S.url, S.port]);
  });

  it("shows the wrong user of the scheduler's URL", () => {
    const tokens = lineWith(source, lines, "postgres:airflow@postgres");
    expect(urlParts(tokens)).toEqual(
      expectedParts({
        scheme: "postgresql+psycopg2",
        user: "postgres",
        password: "airflow",
        host: "postgres",
        port: "5432",
        database: "airflow",
      }),
    );
  });

  it('finds the URL inside `bash -c "..."` in the folded `>` block scalar', () => {
    const tokens = lineWith(source, lines, "--backend-store-uri");
    expect(urlParts(tokens)).toEqual(
      expectedParts({
        scheme: "postgresql+psycopg2",
        user: "airflow",
        password: "airflow",
        host: "postgres",
        port: "5432",
        database: "airflow",
      }),
    );
    expect(scopesOf(tokens, "postgres")).toEqual([
      "meta.scalar.yaml",
      "string.unquoted.block.yaml",
      S.url,
      S.host,
    ]);
    expect(texts(tokens, "string.unquoted.block.yaml")[0]).toBe("      --backend-store-uri ");
  });

  it("highlights exactly the three URLs and nothing else (comments, images, ports, volumes, commands)", () => {
    const highlighted = lines.map((l, i) => [i, ours(l).length] as const).filter(([, n]) => n > 0);
    expect(highlighted.map(([i]) => source.split("\n")[i]!.trim())).toEqual([
      "- AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=postgresql+psycopg2://airflow:airflow@airflow:5432/airflow",
      "- AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=postgresql+psycopg2://postgres:airflow@postgres:5432/airflow",
      "--backend-store-uri postgresql+psycopg2://airflow:airflow@postgres:5432/airflow",
    ]);
    expect(lines.flat().filter(([, s]) => s.some((x) => x.startsWith("invalid.")))).toEqual([]);
  });
});

describe("Compose interpolation", () => {
  it.each([
    ["${VAR}", "VAR", undefined, undefined, undefined],
    ["${VAR:-default}", "VAR", [S.opDefault, ":-"], [S.argDefault, "default"], undefined],
    ["${VAR-default}", "VAR", [S.opDefault, "-"], [S.argDefault, "default"], undefined],
    ["${VAR:?err}", "VAR", [S.opRequired, ":?"], [S.argError, "err"], undefined],
    ["${VAR?err}", "VAR", [S.opRequired, "?"], [S.argError, "err"], undefined],
    ["${VAR:+alt}", "VAR", [S.opAlternate, ":+"], [S.argAlternate, "alt"], undefined],
    ["${VAR+alt}", "VAR", [S.opAlternate, "+"], [S.argAlternate, "alt"], undefined],
    ["${db_host_2}", "db_host_2", undefined, undefined, undefined],
    ["${_X:-}", "_X", [S.opDefault, ":-"], undefined, undefined],
    ["$VAR", "VAR", undefined, undefined, "no-end"],
  ] as const)("%s in a `KEY=value` list item", (form, name, op, arg, noEnd) => {
    const tokens = tokenizeLine(`      - X=${form}`);
    expect(texts(tokens, S.variable)).toEqual([name]);
    expect(runs(tokens, S.interpolation)).toEqual([form]);
    expect(texts(tokens, S.begin)).toEqual([form.startsWith("${") ? "${" : "$"]);
    expect(texts(tokens, S.end)).toEqual(noEnd ? [] : ["}"]);
    for (const opScope of [S.opDefault, S.opRequired, S.opAlternate]) {
      expect(texts(tokens, opScope)).toEqual(op && op[0] === opScope ? [op[1]] : []);
    }
    for (const argScope of [S.argDefault, S.argError, S.argAlternate]) {
      expect(texts(tokens, argScope)).toEqual(arg && arg[0] === argScope ? [arg[1]] : []);
    }
    expect(scopesOf(tokens, "X=")).toEqual(["string.unquoted.plain.out.yaml"]);
  });

  it("`${A:-b}` gives the variable name `A`, not `A:-b`", () => {
    expect(tokenizeLine("x: pre ${A:-b}")).toEqual([
      ["x", ["meta.map.key.yaml", "string.unquoted.plain.yaml", "entity.name.tag.yaml"]],
      [":", ["punctuation.separator.key-value.mapping.yaml"]],
      [" ", []],
      ["pre ", ["string.unquoted.plain.out.yaml"]],
      ["${", ["string.unquoted.plain.out.yaml", S.interpolation, S.begin]],
      ["A", ["string.unquoted.plain.out.yaml", S.interpolation, S.variable]],
      [":-", ["string.unquoted.plain.out.yaml", S.interpolation, S.opDefault]],
      ["b", ["string.unquoted.plain.out.yaml", S.interpolation, S.argDefault]],
      ["}", ["string.unquoted.plain.out.yaml", S.interpolation, S.end]],
    ]);
  });

  it.each([
    ["$$", ["$$"], []],
    ["$$HOME", ["$$"], []],
    ["$${VAR}", ["$$"], []],
    ["$$$VAR", ["$$"], ["VAR"]],
    ["$$$$", ["$$", "$$"], []],
  ])("`%s`: `$$` is an escape, not interpolation", (value, escapes, variables) => {
    const tokens = tokenizeLine(`    command: echo ${value} done`);
    expect(texts(tokens, S.escape)).toEqual(escapes);
    expect(texts(tokens, S.variable)).toEqual(variables);
    for (const [text, scopes] of tokens) {
      if (scopes.includes(S.escape)) expect(scopes).not.toContain(S.interpolation);
      if (text.includes("HOME") || text.includes("{VAR}")) expect(ours([[text, scopes]])).toEqual([]);
    }
  });

  it("`$$` inside `bash -c` keeps the shell variable out of Compose", () => {
    const tokens = tokenizeLine(`    command: bash -c "echo $$HOME and $USER"`);
    expect(texts(tokens, S.escape)).toEqual(["$$"]);
    expect(texts(tokens, S.variable)).toEqual(["USER"]);
  });

  it("nested defaults highlight both variables", () => {
    const tokens = tokenizeLine("x: ${A:-${B:-c}}");
    expect(texts(tokens, S.variable)).toEqual(["A", "B"]);
    expect(texts(tokens, S.end)).toEqual(["}", "}"]);
    expect(scopesOf(tokens, "B")).toEqual([
      "string.unquoted.plain.out.yaml",
      S.interpolation,
      S.argDefault,
      S.interpolation,
      S.variable,
    ]);
  });

  it.each(["${VAR:x}", "${1X}", "${}", "${VAR//a/b}", "${VAR:0:2}"])(
    "`%s` is marked invalid (Compose rejects it)",
    (form) => {
      const tokens = tokenizeLine(`x: a ${form} b`);
      expect(texts(tokens, S.invalid)).toEqual([form]);
      expect(texts(tokens, S.variable)).toEqual([]);
    },
  );

  it.each(["${{ github.token }}", "$1", "$(date)", "cost: 5$", "$ 5", "$-"])(
    "`%s` is neither interpolation nor invalid",
    (value) => {
      expect(ours(tokenizeLine(`x: ${value}`))).toEqual([]);
    },
  );

  it("is highlighted in every scalar style and not in comments", () => {
    const source = [
      "plain: a ${P1} b",
      "single: 'a ${S1} b'",
      'double: "a ${D1} b"',
      'flow: ["${F1}", x${F2}]',
      "literal: |",
      "  echo $L1",
      "folded: >-",
      "  echo ${L2:-x}",
      "# ${C1}",
      "after: x # ${C2}",
    ].join("\n");
    const lines = tokenizeLines(source);
    expect(lines.map((l) => texts(l, S.variable))).toEqual([
      ["P1"],
      ["S1"],
      ["D1"],
      ["F1", "F2"],
      [],
      ["L1"],
      [],
      ["L2"],
      [],
      [],
    ]);
    expect(scopesOf(lines[1]!, "S1")).toEqual(["string.quoted.single.yaml", S.interpolation, S.variable]);
    expect(scopesOf(lines[2]!, "D1")).toEqual(["string.quoted.double.yaml", S.interpolation, S.variable]);
    expect(scopesOf(lines[5]!, "L1")[1]).toBe("string.unquoted.block.yaml");
  });
});

describe("connection URLs", () => {
  it.each<[string, Partial<Record<keyof UrlParts, string>>]>([
    [
      "postgresql+psycopg2://airflow:airflow@postgres:5432/airflow",
      {
        scheme: "postgresql+psycopg2",
        user: "airflow",
        password: "airflow",
        host: "postgres",
        port: "5432",
        database: "airflow",
      },
    ],
    ["postgres://u:p@h/db", { scheme: "postgres", user: "u", password: "p", host: "h", database: "db" }],
    [
      "db+postgresql://airflow:airflow@postgres/airflow",
      {
        scheme: "db+postgresql",
        user: "airflow",
        password: "airflow",
        host: "postgres",
        database: "airflow",
      },
    ],
    [
      "redis://:pw@redis:6379/0",
      { scheme: "redis", password: "pw", host: "redis", port: "6379", database: "0" },
    ],
    [
      "mysql+pymysql://root:pw@db:3306/x",
      { scheme: "mysql+pymysql", user: "root", password: "pw", host: "db", port: "3306", database: "x" },
    ],
    ["http://mlflow:5000", { scheme: "http", host: "mlflow", port: "5000" }],
    ["https://mlflow.example.com/", { scheme: "https", host: "mlflow.example.com" }],
    ["postgres://u@h/db", { scheme: "postgres", user: "u", host: "h", database: "db" }],
    ["sqlite:////mlflow/mlflow.db", { scheme: "sqlite", database: "/mlflow/mlflow.db" }],
    [
      "postgresql://u:p@[::1]:5432/db",
      { scheme: "postgresql", user: "u", password: "p", host: "[::1]", port: "5432", database: "db" },
    ],
    [
      "postgresql://u:p:with:colons@h/db",
      { scheme: "postgresql", user: "u", password: "p:with:colons", host: "h", database: "db" },
    ],
    [
      "postgresql://u:p@h:5432/db?sslmode=require&connect_timeout=10",
      {
        scheme: "postgresql",
        user: "u",
        password: "p",
        host: "h",
        port: "5432",
        database: "db",
        query: "sslmode=require&connect_timeout=10",
      },
    ],
    [
      "s3://mlflow-artifacts/experiments/1",
      { scheme: "s3", host: "mlflow-artifacts", database: "experiments/1" },
    ],
  ])("%s", (url, parts) => {
    const tokens = tokenizeLine(`      - URL=${url}`);
    expect(urlParts(tokens)).toEqual(expectedParts(parts));
    expect(runs(tokens, S.url)).toEqual([url]);
  });

  it("scopes every separator", () => {
    const tokens = tokenizeLine("x: postgresql://u:p@h:5432/db?a=1&b=2");
    expect(texts(tokens, S.schemeSep)).toEqual(["://"]);
    expect(texts(tokens, S.passwordSep)).toEqual([":"]);
    expect(texts(tokens, S.credentialsSep)).toEqual(["@"]);
    expect(texts(tokens, S.portSep)).toEqual([":"]);
    expect(texts(tokens, S.pathSep)).toEqual(["/"]);
    expect(texts(tokens, S.querySep)).toEqual(["?"]);
    expect(texts(tokens, S.queryParamSep)).toEqual(["&"]);
    expect(texts(tokens, S.queryKeyValueSep)).toEqual(["=", "="]);
  });

  it("an empty password (`mlflow:@host`) keeps its `:` and `@` separators, and the `:` is flagged", () => {
    const tokens = tokenizeLine("      - MLFLOW_URI=postgresql://mlflow:@postgres-mlflow:5432/mlflow");
    expect(urlParts(tokens)).toEqual(
      expectedParts({
        scheme: "postgresql",
        user: "mlflow",
        host: "postgres-mlflow",
        port: "5432",
        database: "mlflow",
      }),
    );
    const sep = tokens.findIndex(([, s]) => s.includes(S.passwordSep));
    expect(tokens.slice(sep, sep + 2)).toEqual([
      [":", ["string.unquoted.plain.out.yaml", S.url, S.passwordSep, S.emptyPassword]],
      ["@", ["string.unquoted.plain.out.yaml", S.url, S.credentialsSep]],
    ]);
    expect(texts(tokens, S.password)).toEqual([]);
    // A password that is present is not flagged.
    expect(texts(tokenizeLine("x: postgresql://mlflow:mlflow@h/db"), S.emptyPassword)).toEqual([]);
  });

  it("still highlights interpolation inside URL parts", () => {
    const tokens = tokenizeLine("      - DB=postgresql://${DB_USER}:${DB_PASS:-x}@${DB_HOST}:5432/db");
    expect(urlParts(tokens)).toEqual(
      expectedParts({
        scheme: "postgresql",
        user: "${DB_USER}",
        password: "${DB_PASS:-x}",
        host: "${DB_HOST}",
        port: "5432",
        database: "db",
      }),
    );
    expect(texts(tokens, S.variable)).toEqual(["DB_USER", "DB_PASS", "DB_HOST"]);
    expect(scopesOf(tokens, "DB_HOST")).toEqual([
      "string.unquoted.plain.out.yaml",
      S.url,
      S.host,
      S.interpolation,
      S.variable,
    ]);
    expect(scopesOf(tokens, "x")).toEqual([
      "string.unquoted.plain.out.yaml",
      S.url,
      S.password,
      S.interpolation,
      S.argDefault,
    ]);
  });

  it("treats `$VAR`, `${PORT:-5432}` and `$$` as units inside URL parts", () => {
    const tokens = tokenizeLine("x: postgresql://$USER:pa$$word@$HOST:${PORT:-5432}/$DB?x=${Q}");
    expect(urlParts(tokens)).toEqual(
      expectedParts({
        scheme: "postgresql",
        user: "$USER",
        password: "pa$$word",
        host: "$HOST",
        port: "${PORT:-5432}",
        database: "$DB",
        query: "x=${Q}",
      }),
    );
    expect(texts(tokens, S.variable)).toEqual(["USER", "HOST", "PORT", "DB", "Q"]);
    expect(texts(tokens, S.escape)).toEqual(["$$"]);
    expect(texts(tokens, S.badPort)).toEqual([]);
  });

  it("highlights a URL given as an interpolation default", () => {
    const tokens = tokenizeLine("x: ${DATABASE_URL:-postgresql://u:p@h/db}");
    expect(urlParts(tokens)).toEqual(
      expectedParts({ scheme: "postgresql", user: "u", password: "p", host: "h", database: "db" }),
    );
    expect(texts(tokens, S.variable)).toEqual(["DATABASE_URL"]);
    expect(texts(tokens, S.end)).toEqual(["}"]);
  });

  it("flags a port that is not a number", () => {
    const tokens = tokenizeLine("x: postgresql://u:p@h:port/db");
    expect(texts(tokens, S.badPort)).toEqual(["port"]);
    expect(urlParts(tokens).database).toEqual(["db"]);
  });

  describe("in every place a compose file puts one", () => {
    const url = "postgresql+psycopg2://airflow:airflow@postgres:5432/airflow";
    const expected = expectedParts({
      scheme: "postgresql+psycopg2",
      user: "airflow",
      password: "airflow",
      host: "postgres",
      port: "5432",
      database: "airflow",
    });
    it.each<[string, string, string | null]>([
      // A value that *starts* with the URL: without an `L:` priority the base grammar's plain
      // scalar begins first and the URL is highlighted inside it, keeping the string colour.
      ["a plain mapping value", `    SQL_ALCHEMY_CONN: ${url}`, "string.unquoted.plain.out.yaml"],
      ["a `KEY=value` list item", `      - SQL_ALCHEMY_CONN=${url}`, "string.unquoted.plain.out.yaml"],
      ["a single-quoted value", `    SQL_ALCHEMY_CONN: '${url}'`, "string.quoted.single.yaml"],
      ["a double-quoted value", `    SQL_ALCHEMY_CONN: "${url}"`, "string.quoted.double.yaml"],
      ["a quoted `KEY=value` list item", `      - "SQL_ALCHEMY_CONN=${url}"`, "string.quoted.double.yaml"],
      [
        '`bash -c "..."` in a plain value',
        `    command: bash -c "airflow db check --conn ${url} && airflow webserver"`,
        "string.unquoted.plain.out.yaml",
      ],
      [
        '`bash -c \\"...\\"` in a double-quoted value',
        `    command: "bash -c \\"psql ${url}\\""`,
        "string.quoted.double.yaml",
      ],
      [
        "an exec-form flow sequence",
        `    command: ["mlflow", "server", "--backend-store-uri", "${url}"]`,
        "string.quoted.double.yaml",
      ],
    ])("%s", (_where, line, stringScope) => {
      const tokens = tokenizeLine(line);
      expect(urlParts(tokens)).toEqual(expected);
      expect(runs(tokens, S.url)).toEqual([url]);
      expect(scopesOf(tokens, "postgres")).toEqual([
        ...(line.includes("[") ? ["meta.flow.sequence.yaml"] : []),
        ...(stringScope ? [stringScope] : []),
        S.url,
        S.host,
      ]);
      // The URL never swallows the YAML delimiters or escapes around it.
      expect(tokens.map(([t]) => t).join("")).toBe(line);
      if (stringScope === "string.quoted.double.yaml") {
        expect(texts(tokens, "punctuation.definition.string.end.yaml").length).toBeGreaterThan(0);
      }
    });

    it('`bash -c "..."` spread over a folded `>` block scalar, and the YAML after it', () => {
      const source = [
        "    command: >",
        '      bash -c "',
        "        mlflow db upgrade postgresql+psycopg2://mlflow:@postgres-mlflow:5432/mlflow &&",
        "        mlflow server",
        `          --backend-store-uri ${url}`,
        '      "',
        "    networks:",
      ].join("\n");
      const lines = tokenizeLines(source);
      expect(urlParts(lines[2]!)).toEqual(
        expectedParts({
          scheme: "postgresql+psycopg2",
          user: "mlflow",
          host: "postgres-mlflow",
          port: "5432",
          database: "mlflow",
        }),
      );
      expect(texts(lines[2]!, S.emptyPassword)).toEqual([":"]);
      expect(urlParts(lines[4]!)).toEqual(expected);
      expect(scopesOf(lines[4]!, "postgres")).toEqual([
        "meta.scalar.yaml",
        "string.unquoted.block.yaml",
        S.url,
        S.host,
      ]);
      expect(scopesOf(lines[6]!, "networks")).toContain("entity.name.tag.yaml");
    });

    it("a single-quoted URL ends at the quote and the next line is YAML again", () => {
      const lines = tokenizeLines(`    A: 'postgres://u:p@h/db'\n    B: x`);
      expect(urlParts(lines[0]!).database).toEqual(["db"]);
      expect(lines[0]!.at(-1)).toEqual([
        "'",
        ["string.quoted.single.yaml", "punctuation.definition.string.end.yaml"],
      ]);
      expect(scopesOf(lines[1]!, "B")).toContain("entity.name.tag.yaml");
    });

    it("a plain flow sequence item ends at the comma", () => {
      const tokens = tokenizeLine("    x: [postgres://h/db, other]");
      expect(urlParts(tokens)).toEqual(expectedParts({ scheme: "postgres", host: "h", database: "db" }));
      expect(texts(tokens, "punctuation.separator.sequence.yaml")).toEqual([","]);
    });
  });

  it.each([
    "# postgres://x@y",
    "      # postgresql+psycopg2://airflow:airflow@airflow:5432/airflow",
    "# ${VAR} $$ $VAR",
  ])("a comment is not tokenized: %s", (line) => {
    expect(ours(tokenizeLine(line))).toEqual([]);
  });

  it("a trailing comment is not tokenized, the value before it is", () => {
    const tokens = tokenizeLine("      - MLFLOW_TRACKING_URI=http://mlflow:5000 # not postgres://x@y");
    expect(urlParts(tokens)).toEqual(expectedParts({ scheme: "http", host: "mlflow", port: "5000" }));
    expect(scopesOf(tokens, " not postgres://x@y")).toEqual(["comment.line.number-sign.yaml"]);
  });

  it.each([
    "    image: postgres:13",
    "    image: apache/airflow:2.7.0-python3.9",
    '      - "5432:5432"',
    "      - postgres_data:/var/lib/postgresql/data",
    "          --email admin@example.com &&",
    "      - DB_HOST=postgres:5432",
    "      - AIRFLOW_CONN=airflow:airflow@postgres:5432/airflow",
  ])("not a URL (no `scheme://`): %s", (line) => {
    expect(ours(tokenizeLine(line))).toEqual([]);
  });
});

describe("fixtures/interpolated-stack.compose.yml", () => {
  const source = readFileSync(FIXTURE_PATH, "utf8");
  let lines: Token[][];
  beforeAll(() => {
    lines = tokenizeLines(source);
  });

  it("finds every URL with its host, in document order", () => {
    const all = lines.flat();
    expect(runs(all, S.scheme)).toEqual([
      "postgresql+psycopg2",
      "db+postgresql",
      "redis",
      "http",
      "postgresql+psycopg2",
      "postgresql+psycopg2",
      "mysql+pymysql",
    ]);
    expect(lines.flatMap((l) => runs(l, S.host))).toEqual([
      "postgres",
      "postgres",
      "redis",
      "mlflow",
      "postgres-mlflow",
      "postgres-mlflow",
      "db",
    ]);
    expect(texts(all, S.emptyPassword)).toEqual([":"]);
    expect(runs(lineWith(source, lines, "BROKER_URL"), S.password)).toEqual(["${REDIS_PASSWORD}"]);
  });

  it("finds every interpolated variable and every `$$` escape, and nothing in the comments", () => {
    const all = lines.flat();
    expect(texts(all, S.variable)).toEqual([
      "PG_VERSION",
      "AIRFLOW_DB_USER",
      "AIRFLOW_DB_PASSWORD",
      "MLFLOW_DB_PASSWORD",
      "MLFLOW_DB_PORT",
      "AIRFLOW_DB_USER",
      "AIRFLOW_DB_PASSWORD",
      "REDIS_PASSWORD",
      "MLFLOW_DB_PASSWORD",
      "ARTIFACT_ROOT",
      "BACKUP_TARGET",
    ]);
    expect(texts(all, S.escape)).toEqual(["$$", "$$", "$$"]);
    expect(texts(all, S.argError)).toEqual(["set AIRFLOW_DB_USER in .env"]);
    expect(ours(lines[0]!)).toEqual([]);
    expect(ours(lines[1]!)).toEqual([]);
    expect(all.filter(([, s]) => s.some((x) => x.startsWith("invalid.illegal")))).toEqual([]);
  });
});
