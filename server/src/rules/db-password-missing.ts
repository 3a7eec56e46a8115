/**
 * db-password-missing: the URL gives no password (`mlflow:@host` empty, `mlflow@host` without
 * `:`, or no credentials at all) but the database it reaches requires one: the official
 * PostgreSQL image allows password-less logins only over the local socket once
 * POSTGRES_PASSWORD is set, so a client container gets `fe_sendauth: no password supplied`
 * (MySQL: `Access denied ... (using password: NO)`, Redis with requirepass: `NOAUTH
 * Authentication required.`). This rule owns empty passwords; db-credentials-mismatch compares
 * only non-empty ones. Not when the password comes another way (`?password=`, PGPASSWORD,
 * MYSQL_PWD in the client) or the database trusts everyone (POSTGRES_HOST_AUTH_METHOD=trust).
 * Fix: insert the database's password (as its `${VAR}` when it comes from one), with the `:`
 * and, when the URL has no credentials, the user; preferred when the value is certain.
 */
import { insertIntoUrl, urlValueText } from "../edits/url";
import type { Account, UrlGroup } from "../model/facts";
import type { Database, Service } from "../model/types";
import type { Span } from "../parse/url";
import { capitalised, fitting, servicesPhrase, servicesShort } from "./phrases";
import { defineRule } from "./types";

const ID = "db-password-missing";

interface MissingPassword {
  group: UrlGroup;
  db: Database;
  /** The clients that give no password another way. */
  clients: Service[];
  /** The login the URL uses: its user's, or (no user given) the database's main one. */
  account: Account;
  /** The URL's user is one of the database's. */
  userMatches: boolean;
  span: Span;
}

/** Client env that supplies a password outside the URL. */
const PASSWORD_ENV: Record<string, string[]> = {
  postgres: ["PGPASSWORD", "PGPASSFILE"],
  mysql: ["MYSQL_PWD"],
  redis: ["REDISCLI_AUTH"],
};

export const dbPasswordMissing = defineRule<MissingPassword>({
  meta: {
    id: ID,
    title: "The connection URL has no password but the database requires one",
    defaultSeverity: "error",
    fixable: true,
  },
  run({ facts }) {
    const out: MissingPassword[] = [];
    const { accounts: logins, connections } = facts;
    for (const { group, db } of connections.loginGroups()) {
      const conn = group.conn;
      const url = conn.url;
      // Another entrypoint may configure authentication its own way (bitnami's is documented: kept).
      const bitnami = db.service.image?.repository.startsWith("bitnami/") ?? false;
      if (db.family !== "redis" && !logins.officialImage(db) && !bitnami) continue;
      if (url.password && url.password.value !== "") continue;
      if (url.params.password !== undefined || url.params.passfile !== undefined) continue;
      if (url.user && connections.isUnresolved(conn, url.user)) continue;
      const clients = group.services.filter(
        (s) =>
          !(PASSWORD_ENV[db.family] ?? []).some((n) => logins.clientSets(s, n)) &&
          !s.volumes.some((v) => v.target?.endsWith(".pgpass")),
      );
      if (clients.length === 0) continue;
      const accounts = logins.of(db);
      const userValue = url.user?.value ?? "";
      let account: Account | undefined;
      let userMatches = false;
      if (db.family === "redis" || userValue === "") account = accounts[0];
      else {
        account = accounts.find((a) => logins.certain(db, a.user) && a.user.value === userValue);
        userMatches = !!account;
        // A user the database does not have (db-credentials-mismatch says so): its password is the main one's once fixed.
        if (!account && accounts.every((a) => logins.certain(db, a.user))) account = accounts[0];
      }
      if (!account?.passwordRequired) continue;
      // A password the database itself lacks is another rule's problem (the server does not start).
      if (account.password.known && account.password.value === "") continue;
      // Where the finding sits: the user and ':' of an empty password, the bare user, or the whole URL.
      const span = url.user
        ? connections.partSpan(conn, {
            start: url.user.span.start,
            end: url.password ? url.password.span.end : url.user.span.end,
          })
        : connections.partSpan(conn, url.span);
      if (span.end - span.start === 0) continue;
      out.push({ group, db, clients, account, userMatches, span });
    }
    return out;
  },
  diagnostic(_ctx, { group, db, clients, account, span }) {
    const url = group.conn.url;
    const userValue = url.user?.value ?? "";
    const forUser = db.family === "redis" ? "" : userValue || (account.user.value ?? "");
    const error =
      db.family === "mysql"
        ? `Access denied for user '${forUser}'@'…' (using password: NO)`
        : db.family === "redis"
          ? "NOAUTH Authentication required."
          : "fe_sendauth: no password supplied";
    const how = url.password
      ? "an empty password"
      : url.user
        ? `no password for user \`${userValue}\``
        : "no credentials at all";
    const requires =
      db.family === "postgres"
        ? `${account.passwordVar} is set, and the official image then accepts no password-less logins over the network`
        : db.family === "redis"
          ? `it is started with ${account.passwordVar === "--requirepass" ? "`--requirepass`" : account.passwordVar}`
          : `${account.passwordVar} is set for \`${account.user.value}\``;
    return {
      span,
      message: fitting(
        `The URL of ${servicesShort(clients)} has ${how}, but \`${db.service.name}\` requires a password.`,
        `This URL has ${how}, but \`${db.service.name}\` requires a password.`,
        `This URL has ${how}, but its database requires a password.`,
      ),
      detail: `${capitalised(requires)}: connecting from ${servicesPhrase(clients)} fails with \`${error}\`.`,
    };
  },
  fixes({ model, facts }, { group, db, account, userMatches }) {
    const conn = group.conn;
    const url = conn.url;
    const logins = facts.accounts;
    const userValue = url.user?.value ?? "";
    const pw = logins.certain(db, account.password)
      ? urlValueText(model.variables, account.password, "password")
      : undefined;
    // For a user the database lacks, the main login's password is right only once the user is
    // fixed, and only when no other roles may exist (init scripts): else offer nothing.
    // An empty user is the client's OS user for PostgreSQL and MySQL: unknown, so no fix either.
    const fixable =
      userMatches ||
      !url.user ||
      db.family === "redis" ||
      (userValue !== "" && !logins.mayHaveExtraAccounts(db));
    if (!pw || !fixable) return [];
    let insert: string | undefined;
    if (url.password) insert = pw.text;
    else if (url.user) insert = `:${pw.text}`;
    else if (db.family === "redis") insert = `:${pw.text}@`;
    else {
      const u = logins.certain(db, account.user)
        ? urlValueText(model.variables, account.user, "user")
        : undefined;
      if (u) insert = `${u.text}:${pw.text}@`;
    }
    const edit = insert === undefined ? undefined : insertIntoUrl(conn, url.insertAt.password, insert);
    if (!edit) return [];
    return [
      {
        title:
          url.user || db.family === "redis"
            ? `Insert the password of \`${db.service.name}\``
            : `Insert the user and password of \`${db.service.name}\``,
        edits: [edit],
        preferred: userMatches || !url.user || db.family === "redis",
      },
    ];
  },
});
