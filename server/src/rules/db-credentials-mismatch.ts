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
import type { Connection, Database, EffectiveSetting } from "../model/types";
import type { UrlPart } from "../parse/url";
import {
  type Account,
  accountsOf,
  certain,
  isUnresolved,
  loginGroups,
  mayHaveExtraAccounts,
  type PartKind,
  partSpan,
  servicesPhrase,
  valueText,
} from "./shared/db-connection";
import type { Finding, Fix, Rule, TextEdit } from "./types";

const ID = "db-credentials-mismatch";

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
function settingPhrase(s: EffectiveSetting & { value: string }, envName: string, what: string): string {
  return s.env
    ? `${s.env.name} is \`${s.value}\``
    : `${envName} is not set, so the ${what} is \`${s.value}\``;
}

/** The edit writing `setting`'s value over a URL part, or undefined when it cannot be done in place. */
function writeEdit(conn: Connection, part: UrlPart, text: string | undefined): TextEdit | undefined {
  if (text === undefined || !conn.str.canHold(text)) return undefined;
  const span = conn.str.editableSpan(part.span.start, part.span.end);
  return span ? { ...span, newText: text } : undefined;
}

export const dbCredentialsMismatch: Rule = {
  meta: {
    id: ID,
    title: "The connection URL's user, password or database do not match the database service",
    defaultSeverity: "error",
    fixable: true,
  },
  check(model) {
    const out: Finding[] = [];
    for (const { group, db } of loginGroups(model)) {
      const conn = group.conn;
      const url = conn.url;
      const accounts = accountsOf(db);
      if (accounts.length === 0) continue;
      const primary = accounts[0];
      const extra = mayHaveExtraAccounts(db);
      // "service `a` fails" / "services `a` and `b` fail".
      // Built only when a finding needs it: most URLs are right.
      const who = () => `${servicesPhrase(group.services)} ${group.services.length > 1 ? "fail" : "fails"}`;
      const dbName = `\`${db.service.name}\``;
      const known = (p: UrlPart | undefined) =>
        p && p.value !== "" && !isUnresolved(conn, p) ? p : undefined;
      const user = known(url.user);
      const password = known(url.password);
      const write = (s: EffectiveSetting, kind: PartKind) =>
        valueText(model, s, kind, kind === "database" && !s.env && s.variable ? db.user.env : undefined);
      const fix = (title: string, edits: Array<TextEdit | undefined>, preferred: boolean): Fix[] =>
        edits.every((e) => e) ? [{ title, edits: edits as TextEdit[], preferred }] : [];

      if (db.family === "redis") {
        // Redis ACL users are beyond the compose file; compare the password of the default user.
        if (user && user.value !== "default") continue;
        if (password && primary.passwordRequired && certain(db, primary.password)) {
          if (password.value !== primary.password.value) {
            const w = write(primary.password, "password");
            out.push({
              rule: ID,
              message:
                `The password in the URL is not the one ${dbName} requires (${primary.passwordVar}), so ${who()} ` +
                `with \`${authError(db, "default")}\`.`,
              span: partSpan(conn, password),
              fixes: fix(`Use the password of ${dbName}`, [writeEdit(conn, password, w?.text)], true),
            });
          }
        }
        continue;
      }

      const userOk = (a: Account) => certain(db, a.user);
      let account: Account | undefined = user
        ? accounts.find((a) => userOk(a) && a.user.value === user.value)
        : undefined;
      const usersKnown = !extra && accounts.every(userOk);

      // Swapped user and password: one finding, one fix that swaps them back.
      let swappedFound = false;
      if (user && password && !account && usersKnown) {
        const swapped = accounts.find(
          (a) =>
            certain(db, a.password) &&
            a.user.value !== a.password.value &&
            user.value === a.password.value &&
            password.value === a.user.value,
        );
        if (swapped) {
          const wu = write(swapped.user, "user");
          const wp = write(swapped.password, "password");
          out.push({
            rule: ID,
            message:
              `User and password are swapped: the URL's user is the password of ${dbName} (${swapped.passwordVar}) ` +
              `and its password is the user \`${swapped.user.value}\`, so ${who()} with ` +
              `\`${authError(db, user.value)}\`.`,
            span: partSpan(conn, { start: user.span.start, end: password.span.end }),
            fixes: fix(
              "Swap user and password",
              [writeEdit(conn, user, wu?.text), writeEdit(conn, password, wp?.text)],
              true,
            ),
          });
          account = swapped;
          swappedFound = true;
        }
      }

      if (user && !account && usersKnown) {
        account = primary;
        const u = primary.user as EffectiveSetting & { value: string };
        const envName = db.family === "mysql" ? "MYSQL_USER" : "POSTGRES_USER";
        let why: string;
        if (db.family === "mysql") {
          const names = accounts.map((a) => `\`${a.user.value}\``).join(" and ");
          why =
            `User \`${user.value}\` does not exist in ${dbName}: the image creates only ${names}, so ${who()} ` +
            `with \`${authError(db, user.value)}\`.`;
        } else if (user.value === "postgres" && u.env) {
          why =
            `User \`postgres\` does not exist in this database: ${u.env.name} is \`${u.value}\`, so the official ` +
            `image created only the role \`${u.value}\` (the superuser, in place of the default \`postgres\`) in the ` +
            `database service ${dbName}. ` +
            `${who()[0].toUpperCase()}${who().slice(1)} with \`${authError(db, "postgres")}\`.`;
        } else {
          why =
            `User \`${user.value}\` is not a role of ${dbName}: ${settingPhrase(u, envName, "only role")}, ` +
            `so ${who()} with \`${authError(db, user.value)}\`.`;
        }
        const w = write(u, "user");
        out.push({
          rule: ID,
          message: why,
          span: partSpan(conn, user),
          fixes: fix(
            `Use the database's user \`${w?.text ?? u.value}\``,
            [writeEdit(conn, user, w?.text)],
            true,
          ),
        });
      }
      // Otherwise an unknown role (init scripts, built image) has an unknown password too.

      if (password && account && !swappedFound && account.passwordRequired && certain(db, account.password)) {
        if (password.value !== account.password.value) {
          const w = write(account.password, "password");
          const forUser = String(account.user.value);
          out.push({
            rule: ID,
            message:
              `The password in the URL is not ${dbName}'s ${account.passwordVar} for user \`${forUser}\`, so ${who()} ` +
              `with \`${authError(db, forUser)}\`.`,
            span: partSpan(conn, password),
            fixes: fix(`Use the password of ${dbName}`, [writeEdit(conn, password, w?.text)], true),
          });
        }
      }

      // Airflow, MLflow, Superset and Optuna never create their database; a generic DATABASE_URL
      // may belong to an app that does (`rails db:create`, Prisma), so only theirs are compared.
      const database = conn.role !== "database-url" || conn.owner ? known(url.database) : undefined;
      if (
        database &&
        !extra &&
        certain(db, db.database) &&
        !SYSTEM_DATABASES[db.family]?.has(database.value)
      ) {
        if (database.value !== db.database.value) {
          const d = db.database as EffectiveSetting & { value: string };
          const envName = db.family === "mysql" ? "MYSQL_DATABASE" : "POSTGRES_DB";
          const error =
            db.family === "mysql"
              ? `Unknown database '${database.value}'`
              : `database "${database.value}" does not exist`;
          const w = write(d, "database");
          out.push({
            rule: ID,
            message:
              `Database \`${database.value}\` does not exist in ${dbName}: ${settingPhrase(d, envName, "database (named after the user)")}, ` +
              `so ${who()} with \`${error}\`.`,
            span: partSpan(conn, database),
            fixes: fix(`Use database \`${w?.text ?? d.value}\``, [writeEdit(conn, database, w?.text)], true),
          });
        }
      }
    }
    return out;
  },
};
