/**
 * db-credentials-mismatch: the URL's user, password or database differ from what the database
 * service it reaches was created with (POSTGRES_USER/PASSWORD/DB with the official image's
 * defaults: user `postgres`, database = user; MySQL's MYSQL_USER and root; Redis's password).
 * Users see `password authentication failed for user "postgres"` (the seed's scheduler logs in
 * as the default superuser, which a custom POSTGRES_USER replaces) or `database "x" does not
 * exist`. One finding per wrong part, on that part; swapped user and password are one finding.
 * An empty or missing password belongs to db-password-missing. Unknown is not wrong: variables,
 * *_FILE secrets, env_file values, init scripts or built images that may create more roles.
 * Fixes write the database's value (as its `${VAR}` when it comes from one), preferred when
 * the value is certain.
 */
import type { TextEdit } from "../edits/types";
import { replaceUrlPart, type UrlPartKind, urlValueText } from "../edits/url";
import type { Account, UrlGroup } from "../model/facts";
import type { Database, EffectiveSetting } from "../model/types";
import type { UrlPart } from "../parse/url";
import { capitalised, fitting, nameList, plural, servicesPhrase, servicesShort } from "./phrases";
import { defineRule, type Fix, type RuleContext } from "./types";

const ID = "db-credentials-mismatch";

type Known = EffectiveSetting & { value: string };

/** One wrong part of a URL (or the swapped pair), with the database's value for it. */
type Mismatch = { group: UrlGroup; db: Database } & (
  | { kind: "password"; part: UrlPart; account: Account; user?: string }
  | { kind: "swapped"; user: UrlPart; password: UrlPart; account: Account }
  | { kind: "user"; part: UrlPart; accounts: readonly Account[] }
  | { kind: "database"; part: UrlPart }
);

/** Databases every server has, which a URL may name without POSTGRES_DB/MYSQL_DATABASE. */
const SYSTEM_DATABASES: Record<string, Set<string>> = {
  postgres: new Set(["postgres", "template0", "template1"]),
  mysql: new Set(["mysql", "information_schema", "performance_schema", "sys"]),
};

function authError(db: Database, user: string): string {
  if (db.family === "mysql") return `Access denied for user '${user}'@'…' (using password: YES)`;
  if (db.family === "redis") return "WRONGPASS invalid username-password pair or user is disabled.";
  return `password authentication failed for user "${user}"`;
}

/** "POSTGRES_USER is `airflow`" or "POSTGRES_USER is not set, so the user is the default `postgres`". */
function settingPhrase(s: Known, envName: string, what: string): string {
  return s.env
    ? `${s.env.name} is \`${s.value}\``
    : `${envName} is not set, so the ${what} is \`${s.value}\``;
}

/** The text a fix writes for one of the database's settings. */
function written({ model }: RuleContext, db: Database, s: EffectiveSetting, kind: UrlPartKind) {
  return urlValueText(
    model.variables,
    s,
    kind,
    kind === "database" && !s.env && s.variable ? db.user.env : undefined,
  );
}

export const dbCredentialsMismatch = defineRule<Mismatch>({
  meta: {
    id: ID,
    title: "The connection URL's user, password or database do not match the database service",
    defaultSeverity: "error",
    fixable: true,
  },
  run({ facts }) {
    const out: Mismatch[] = [];
    const { accounts: logins, connections } = facts;
    for (const { group, db } of connections.loginGroups()) {
      const conn = group.conn;
      const url = conn.url;
      const accounts = logins.of(db);
      if (accounts.length === 0) continue;
      const primary = accounts[0];
      const extra = logins.mayHaveExtraAccounts(db);
      const known = (p: UrlPart | undefined) =>
        p && p.value !== "" && !connections.isUnresolved(conn, p) ? p : undefined;
      const user = known(url.user);
      const password = known(url.password);

      if (db.family === "redis") {
        // Redis ACL users are beyond the compose file; compare the password of the default user.
        if (user && user.value !== "default") continue;
        if (password && primary.passwordRequired && logins.certain(db, primary.password)) {
          if (password.value !== primary.password.value)
            out.push({ kind: "password", group, db, part: password, account: primary });
        }
        continue;
      }

      const userOk = (a: Account) => logins.certain(db, a.user);
      let account: Account | undefined = user
        ? accounts.find((a) => userOk(a) && a.user.value === user.value)
        : undefined;
      const usersKnown = !extra && accounts.every(userOk);

      // Swapped user and password: one finding, one fix that swaps them back.
      let swappedFound = false;
      if (user && password && !account && usersKnown) {
        const swapped = accounts.find(
          (a) =>
            logins.certain(db, a.password) &&
            a.user.value !== a.password.value &&
            user.value === a.password.value &&
            password.value === a.user.value,
        );
        if (swapped) {
          out.push({ kind: "swapped", group, db, user, password, account: swapped });
          account = swapped;
          swappedFound = true;
        }
      }

      if (user && !account && usersKnown) {
        account = primary;
        out.push({ kind: "user", group, db, part: user, accounts });
      }
      // Otherwise an unknown role (init scripts, built image) has an unknown password too.

      if (
        password &&
        account &&
        !swappedFound &&
        account.passwordRequired &&
        logins.certain(db, account.password) &&
        password.value !== account.password.value
      ) {
        out.push({ kind: "password", group, db, part: password, account, user: String(account.user.value) });
      }

      // Airflow, MLflow, Superset and Optuna never create their database; a generic DATABASE_URL
      // may belong to an app that does (`rails db:create`, Prisma), so only theirs are compared.
      const database = conn.role !== "database-url" || conn.owner ? known(url.database) : undefined;
      if (
        database &&
        !extra &&
        logins.certain(db, db.database) &&
        !SYSTEM_DATABASES[db.family]?.has(database.value) &&
        database.value !== db.database.value
      ) {
        out.push({ kind: "database", group, db, part: database });
      }
    }
    return out;
  },
  diagnostic({ facts }, m) {
    const { group, db } = m;
    const conn = group.conn;
    // "service `a` fails" / "services `a` and `b` fail".
    const fail = plural(group.services.length, "fails", "fail");
    const who = `${servicesPhrase(group.services)} ${fail}`;
    const whoShort = `${servicesShort(group.services)} ${fail}`;
    const dbName = `\`${db.service.name}\``;
    const span = (p: UrlPart | { start: number; end: number }) => facts.connections.partSpan(conn, p);
    switch (m.kind) {
      case "password":
        return {
          span: span(m.part),
          message: fitting(
            `The password in the URL is not the one ${dbName} requires, so ${whoShort}.`,
            `The password in the URL is not the one ${dbName} requires.`,
            "The password in the URL is not the one its database requires.",
          ),
          detail:
            m.user === undefined
              ? `It is not ${m.account.passwordVar}, so ${who} with \`${authError(db, "default")}\`.`
              : `It is not ${dbName}'s ${m.account.passwordVar} for user \`${m.user}\`, so ${who} ` +
                `with \`${authError(db, m.user)}\`.`,
        };
      case "swapped":
        return {
          span: span({ start: m.user.span.start, end: m.password.span.end }),
          message: fitting(
            `User and password are swapped in the URL, so ${whoShort}.`,
            "User and password are swapped in the URL.",
          ),
          detail:
            `The URL's user is the password of ${dbName} (${m.account.passwordVar}) ` +
            `and its password is the user \`${m.account.user.value}\`, so ${who} with ` +
            `\`${authError(db, m.user.value)}\`.`,
        };
      case "user": {
        const user = m.part.value;
        const u = m.accounts[0].user as Known;
        const envName = db.family === "mysql" ? "MYSQL_USER" : "POSTGRES_USER";
        let message: string;
        let detail: string;
        if (db.family === "mysql") {
          message = fitting(
            `User \`${user}\` does not exist in ${dbName}, so ${whoShort}.`,
            `User \`${user}\` does not exist in ${dbName}.`,
            `User \`${user}\` does not exist in this database.`,
          );
          detail =
            `The image creates only ${nameList(m.accounts.map((a) => String(a.user.value)))}, ` +
            `so ${who} with \`${authError(db, user)}\`.`;
        } else if (user === "postgres" && u.env) {
          message = fitting(
            `User \`postgres\` does not exist in this database: ${u.env.name} is \`${u.value}\`.`,
            "User `postgres` does not exist in this database.",
          );
          detail =
            `The official image then created only the role \`${u.value}\` (the superuser, in place of the default ` +
            `\`postgres\`) in the database service ${dbName}. ` +
            `${capitalised(who)} with \`${authError(db, "postgres")}\`.`;
        } else {
          message = fitting(
            `User \`${user}\` is not a role of ${dbName}, so ${whoShort}.`,
            `User \`${user}\` is not a role of ${dbName}.`,
            `User \`${user}\` is not a role of this database.`,
          );
          detail = `${capitalised(settingPhrase(u, envName, "only role"))}, so ${who} with \`${authError(db, user)}\`.`;
        }
        return { span: span(m.part), message, detail };
      }
      case "database": {
        const value = m.part.value;
        const d = db.database as Known;
        const envName = db.family === "mysql" ? "MYSQL_DATABASE" : "POSTGRES_DB";
        const error =
          db.family === "mysql" ? `Unknown database '${value}'` : `database "${value}" does not exist`;
        return {
          span: span(m.part),
          message: fitting(
            `Database \`${value}\` does not exist in ${dbName}, so ${whoShort}.`,
            `Database \`${value}\` does not exist in ${dbName}.`,
            `Database \`${value}\` does not exist on this server.`,
          ),
          detail:
            `${capitalised(settingPhrase(d, envName, "database (named after the user)"))}, ` +
            `so ${who} with \`${error}\`.`,
        };
      }
    }
  },
  fixes(ctx, m) {
    const { group, db } = m;
    const conn = group.conn;
    const write = (part: UrlPart, s: EffectiveSetting, kind: UrlPartKind) => {
      const w = written(ctx, db, s, kind);
      return { text: w?.text, edit: w ? replaceUrlPart(conn, part, w.text) : undefined };
    };
    const fix = (title: string, edits: Array<TextEdit | undefined>): Fix[] =>
      edits.every((e) => e) ? [{ title, edits: edits as TextEdit[], preferred: true }] : [];
    const dbName = `\`${db.service.name}\``;
    switch (m.kind) {
      case "password":
        return fix(`Use the password of ${dbName}`, [write(m.part, m.account.password, "password").edit]);
      case "swapped":
        return fix("Swap user and password", [
          write(m.user, m.account.user, "user").edit,
          write(m.password, m.account.password, "password").edit,
        ]);
      case "user": {
        const u = m.accounts[0].user;
        const w = write(m.part, u, "user");
        return fix(`Use the database's user \`${w.text ?? u.value}\``, [w.edit]);
      }
      case "database": {
        const w = write(m.part, db.database, "database");
        return fix(`Use database \`${w.text ?? db.database.value}\``, [w.edit]);
      }
    }
  },
});
