/**
 * "Connection tests" (MLOps: Check Connections): per database `pg_isready` in its container;
 * per client URL a real login over the compose network with the URL's own credentials (a
 * `psql` run in a throw-away container of the database's image, since `pg_isready` accepts any
 * user); `airflow db check` where Airflow runs; an HTTP request to each published UI port. The
 * script ends with a table, one row per check, and exits non-zero when any check failed.
 * Passwords reach the clients on stdin, never on a command line (`ps` shows those to everyone).
 */

import type { Locale } from "../l10n/locale";
import type { ComposeModel, Connection, Database, Service } from "../model/types";
import { shQuote } from "../parse/shell";
import type { ParsedUrl } from "../parse/url";
import { planMessages as m } from "./messages";
import type { Plan } from "./plan";
import { commentText, type ScriptOptions, scriptPrelude } from "./script";

export type CheckKind = "database-ready" | "url-login" | "airflow-db-check" | "http";

export interface ConnectionCheck {
  kind: CheckKind;
  /** One line for the table: no secrets (passwords are masked). */
  label: string;
  /** The command (quoted; `mlops_dc` is the compose call), or undefined when it cannot run. */
  command?: string;
  /** Why the check is skipped or fails without running (no command). */
  note?: string;
  /** With no command: fail (a certain error, e.g. localhost) rather than skip. */
  fails?: boolean;
}

function oneLine(s: string): string {
  return commentText(s).replace(/\t/g, " ");
}

function maskedUrl(url: ParsedUrl): string {
  const text = url.text.slice(url.span.start, url.span.end);
  if (!url.password || url.password.raw === "") return text;
  const start = url.password.span.start - url.span.start;
  const end = url.password.span.end - url.span.start;
  return `${text.slice(0, start)}***${text.slice(end)}`;
}

/** The URL as libpq/redis-cli take it: no SQLAlchemy `+driver`, no Celery `db+` prefix. */
export function plainUrl(url: ParsedUrl, scheme: string): string {
  const text = url.text.slice(url.span.start, url.span.end);
  return scheme + text.slice(url.scheme.span.end - url.span.start);
}

/** plainUrl without `:password` (the password travels on stdin instead). */
export function plainUrlWithoutPassword(url: ParsedUrl, scheme: string): string {
  if (!url.password) return plainUrl(url, scheme);
  const text = url.text.slice(url.span.start, url.span.end);
  // The ':' before the password goes with it.
  const start = url.password.span.start - 1 - url.span.start;
  const end = url.password.span.end - url.span.start;
  const rest = text.slice(0, start) + text.slice(end);
  return scheme + rest.slice(url.scheme.span.end - url.span.start);
}

function firstOf(model: ComposeModel, active: Set<string>, family: Database["family"]): Database | undefined {
  return model.databases.find((d) => d.family === family && active.has(d.service.name));
}

/** The UI port of an app service; `server` when this service is the UI server itself. */
function uiPort(
  model: ComposeModel,
  s: Service,
): { port: number; label: string; server: boolean } | undefined {
  const app = model.apps.find((a) => a.services.includes(s));
  const commands = [...(s.entrypoint?.commands ?? []), ...(s.command?.commands ?? [])].map((c) =>
    c.map((w) => w.value),
  );
  const argv = s.command?.argv.map((w) => w.value) ?? [];
  const runs = (re: RegExp) => commands.some((c) => re.test(c.join(" "))) || re.test(argv.join(" "));
  if (app?.kind === "airflow")
    return { port: 8080, label: "Airflow UI", server: runs(/(^|\s)(webserver|api-server)(\s|$)/) };
  if (app?.kind === "superset") return { port: 8088, label: "Superset UI", server: false };
  if (app?.kind === "mlflow") {
    const server = runs(/(^|\s|\/)mlflow (server|ui)(\s|$)/);
    for (const words of commands) {
      for (let i = 0; i < words.length; i++) {
        const m = /^--port=(\d+)$/.exec(words[i]);
        if (m) return { port: +m[1], label: "MLflow UI", server };
        if ((words[i] === "--port" || words[i] === "-p") && /^\d+$/.test(words[i + 1] ?? ""))
          return { port: +words[i + 1], label: "MLflow UI", server };
      }
    }
    return { port: 5000, label: "MLflow UI", server };
  }
  return undefined;
}

export function connectionChecks(model: ComposeModel, plan: Plan, l: Locale = "en"): ConnectionCheck[] {
  const planned = new Map(plan.stages.flatMap((st) => st.services.map((s) => [s.name, s] as const)));
  const active = new Set(planned.keys());
  const checks: ConnectionCheck[] = [];

  for (const db of model.databases) {
    const name = db.service.name;
    if (!active.has(name)) continue;
    if (db.engine === "postgres") {
      const pg = planned.get(name)!.pgReady!;
      const args = ["pg_isready", "-h", "127.0.0.1", "-p", String(pg.port)];
      if (pg.user !== undefined) args.push("-U", pg.user);
      if (pg.database !== undefined) args.push("-d", pg.database);
      args.push("-t", "5");
      checks.push({
        kind: "database-ready",
        label: oneLine(
          `${name}: pg_isready${pg.user ? ` -U ${pg.user}` : ""}${pg.database ? ` -d ${pg.database}` : ""}`,
        ),
        command: `mlops_dc exec -T ${shQuote(name)} ${args.map(shQuote).join(" ")}`,
      });
    } else if (db.family === "mysql") {
      checks.push({
        kind: "database-ready",
        label: oneLine(`${name}: mysqladmin ping`),
        command: `mlops_dc exec -T ${shQuote(name)} sh -c ${shQuote(
          "if command -v mysqladmin >/dev/null 2>&1; then exec mysqladmin ping -h 127.0.0.1 --silent; else exec mariadb-admin ping -h 127.0.0.1 --silent; fi",
        )}`,
      });
    }
  }

  // One login check per distinct URL (the same URL often sits in several Airflow services).
  const seen = new Map<string, ConnectionCheck>();
  const users = new Map<string, Set<string>>();
  for (const c of model.connections) {
    if (!active.has(c.service.name)) continue;
    const check = urlCheck(model, active, c, l);
    if (!check) continue;
    const key = check.command ?? check.label;
    const who = users.get(key) ?? new Set<string>();
    who.add(c.service.name);
    users.set(key, who);
    if (!seen.has(key)) seen.set(key, check);
  }
  for (const [key, check] of seen) {
    const who = [...users.get(key)!];
    const shown = who.length > 3 ? `${who.slice(0, 3).join(", ")} +${who.length - 3}` : who.join(", ");
    checks.push({ ...check, label: oneLine(m.usedBy(l, { label: check.label, who: shown })) });
  }

  // Airflow's own check, from a long-running Airflow service (the post uses the webserver).
  const airflow = model.apps.find((a) => a.kind === "airflow");
  const candidates = (airflow?.services ?? []).filter(
    (s) => active.has(s.name) && planned.get(s.name)!.mode === "run",
  );
  const score = (s: Service) => {
    const text = `${s.name} ${s.command?.argv.map((w) => w.value).join(" ") ?? ""}`;
    return /webserver|api-server/.test(text) ? 0 : /scheduler/.test(text) ? 1 : 2;
  };
  const af = [...candidates].sort((a, b) => score(a) - score(b))[0];
  if (af)
    checks.push({
      kind: "airflow-db-check",
      label: oneLine(`${af.name}: airflow db check`),
      command: `mlops_dc exec -T ${shQuote(af.name)} airflow db check`,
    });

  for (const s of model.services) {
    if (!active.has(s.name) || planned.get(s.name)!.mode !== "run") continue;
    const ui = uiPort(model, s);
    if (!ui) continue;
    const before = checks.length;
    for (const p of s.ports) {
      if (p.unknown || !p.published || p.protocol !== "tcp") continue;
      if (ui.port < p.target.start || ui.port > p.target.end) continue;
      const hostPort = p.published.start + (ui.port - p.target.start);
      const ip = !p.hostIp || p.hostIp === "0.0.0.0" || p.hostIp === "::" ? "127.0.0.1" : p.hostIp;
      const host = ip.includes(":") ? `[${ip}]` : ip;
      const url = `http://${host}:${hostPort}/`;
      checks.push({
        kind: "http",
        label: oneLine(`${ui.label} ${url} (${s.name})`),
        command: `mlops_http ${shQuote(url)}`,
      });
    }
    // The UI server itself but no published port: the post's `curl localhost:8080` cannot answer.
    if (checks.length === before && ui.server)
      checks.push({
        kind: "http",
        label: oneLine(`${ui.label} (${s.name})`),
        note: m.portNotPublished(l, { port: ui.port }),
      });
  }
  return checks;
}

function urlCheck(
  model: ComposeModel,
  active: Set<string>,
  c: Connection,
  l: Locale,
): ConnectionCheck | undefined {
  const url = c.url;
  const family = url.family;
  if (family !== "postgres" && family !== "mysql" && family !== "redis") return undefined;
  const shown = m.login(l, { url: maskedUrl(url) });
  if (c.str.hasUnresolved(url.span.start, url.span.end))
    return { kind: "url-login", label: shown, note: m.unresolvedUrl(l) };
  if (c.hostIsLoopback) return { kind: "url-login", label: shown, note: m.loopback(l), fails: true };
  // The login runs in a throw-away container of the target database's image (it has the client),
  // on that service's networks; without a target, in any database of that family.
  const target = c.target ? model.databaseByService.get(c.target.name) : undefined;
  const runner =
    target?.family === family && active.has(target.service.name) ? target : firstOf(model, active, family);
  if (!runner)
    return {
      kind: "url-login",
      label: shown,
      note: m.noRunner(l, { family }),
    };
  // mlops_login SERVICE VARIABLE PASSWORD SCRIPT ARG... (renderCheckScript): the password goes
  // into the client's own variable for it, by way of stdin.
  const login = (variable: string, script: string, args: string[]) =>
    [
      "mlops_login",
      shQuote(runner.service.name),
      variable,
      shQuote(url.password?.value ?? ""),
      shQuote(script),
      "sh",
      ...args.map(shQuote),
    ].join(" ");
  if (family === "postgres") {
    return {
      kind: "url-login",
      label: shown,
      command: login(
        "PGPASSWORD",
        `PGCONNECT_TIMEOUT=5; export PGCONNECT_TIMEOUT; exec psql "$1" -tAc 'select 1'`,
        [plainUrlWithoutPassword(url, "postgresql")],
      ),
    };
  }
  if (family === "redis") {
    const scheme = url.dialect === "rediss" ? "rediss" : "redis";
    let plain = plainUrlWithoutPassword(url, scheme);
    // `redis://@host` (no user left) would make redis-cli send an empty AUTH user.
    if (!url.user?.value && url.user !== undefined) plain = plain.replace(/\/\/[^@/]*@/, "//");
    return {
      kind: "url-login",
      label: shown,
      command: login("REDISCLI_AUTH", 'redis-cli -u "$1" ping | grep -q PONG', [plain]),
    };
  }
  const args = [
    "-h",
    url.host?.value ?? "",
    "-P",
    String(url.port?.number ?? 3306),
    "-u",
    url.user?.value ?? "",
    ...(url.database?.value ? [url.database.value] : []),
    "-e",
    "select 1",
  ];
  return {
    kind: "url-login",
    label: shown,
    command: login(
      "MYSQL_PWD",
      'if command -v mysql >/dev/null 2>&1; then exec mysql "$@"; else exec mariadb "$@"; fi',
      args,
    ),
  };
}

export function renderCheckScript(
  plan: Plan,
  checks: ConnectionCheck[],
  options: ScriptOptions = {},
): string {
  const l = options.locale ?? "en";
  const lines = [
    ...scriptPrelude(plan, "Connection tests (MLOps: Check Connections)", { ...options, probeWait: false }),
    "",
    "# Each check's output, in a file only this user can read (mktemp: no predictable name).",
    `MLOPS_OUT=$(mktemp "\${TMPDIR:-/tmp}/mlops-check.XXXXXX") || { echo ${shQuote(m.mktempFailed(l))} >&2; exit 1; }`,
    "trap 'rm -f \"$MLOPS_OUT\"' EXIT",
    "# mlops_login SERVICE VARIABLE PASSWORD SCRIPT ARG...: runs `sh -c SCRIPT ARG...` in a",
    "# throw-away container of SERVICE (it has the client), with the password in VARIABLE",
    "# (PGPASSWORD, REDISCLI_AUTH, MYSQL_PWD) read from its stdin: no password on any command",
    "# line (`ps` shows those to every user, container processes included). A shell function's",
    "# arguments and printf, a builtin, are no command lines.",
    "mlops_login() {",
    "  mlops_svc=$1 mlops_var=$2 mlops_secret=$3",
    "  shift 3",
    '  mlops_script="IFS= read -r mlops_pw || :; if [ -n \\"\\$mlops_pw\\" ]; then $mlops_var=\\$mlops_pw; export $mlops_var; fi; unset mlops_pw; $1"',
    "  shift",
    '  printf \'%s\\n\' "$mlops_secret" | mlops_dc run --rm --no-deps -T --entrypoint sh "$mlops_svc" -c "$mlops_script" "$@"',
    "}",
    "MLOPS_ROWS=",
    "MLOPS_FAILED=0",
    "mlops_row() {",
    '  MLOPS_ROWS="$MLOPS_ROWS$1|$2',
    '"',
    "}",
    "# mlops_check LABEL COMMAND...: runs the command, records PASS or FAIL, shows the output of a failure.",
    "mlops_check() {",
    "  mlops_label=$1",
    "  shift",
    "  printf '%s ... ' \"$mlops_label\"",
    '  if "$@" >"$MLOPS_OUT" 2>&1; then',
    "    echo PASS",
    '    mlops_row PASS "$mlops_label"',
    "  else",
    "    echo FAIL",
    "    tail -n 5 \"$MLOPS_OUT\" | sed 's/^/    /'",
    '    mlops_row FAIL "$mlops_label"',
    "    MLOPS_FAILED=$((MLOPS_FAILED + 1))",
    "  fi",
    "}",
    "# HTTP GET with whatever client exists; a status >= 400 or no answer fails.",
    "mlops_http() {",
    '  if command -v curl >/dev/null 2>&1; then curl -fsS -o /dev/null -m 10 "$1"',
    '  elif command -v wget >/dev/null 2>&1; then wget -q -O /dev/null -T 10 "$1"',
    "  elif command -v node >/dev/null 2>&1; then",
    `    node -e ${shQuote(
      'fetch(process.argv[1],{redirect:"manual",signal:AbortSignal.timeout(10000)}).then(r=>process.exit(r.status<400?0:1),e=>{console.error(String(e));process.exit(1)})',
    )} "$1"`,
    `  else echo ${shQuote(m.noHttpClient(l))} >&2; return 1`,
    "  fi",
    "}",
    "",
  ];
  for (const c of checks) {
    const label = shQuote(oneLine(c.label));
    if (c.command) lines.push(`mlops_check ${label} ${c.command}`);
    else {
      const result = c.fails ? "FAIL" : "SKIP";
      lines.push(`printf '%s ... %s\\n' ${label} ${shQuote(`${result}: ${c.note ?? ""}`)}`);
      lines.push(`mlops_row ${result} ${label}`);
      if (c.fails) lines.push("MLOPS_FAILED=$((MLOPS_FAILED + 1))");
    }
  }
  lines.push(
    "",
    "echo",
    "printf '%-6s %s\\n' RESULT CHECK",
    "printf '%s' \"$MLOPS_ROWS\" | while IFS='|' read -r mlops_r mlops_l; do printf '%-6s %s\\n' \"$mlops_r\" \"$mlops_l\"; done",
    'if [ "$MLOPS_FAILED" -gt 0 ]; then',
    `  echo "${m.shChecksFailed(l)}"`,
    "  exit 1",
    "fi",
    `echo ${shQuote(m.allChecksPassed(l, { n: checks.filter((c) => c.command).length }))}`,
    "",
  );
  return lines.join("\n");
}
