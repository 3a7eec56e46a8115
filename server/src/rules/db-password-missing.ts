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
import { lastEnv } from "../model/databases";
import type { Account } from "./shared/db-connection";
import {
  accountsOf,
  certain,
  isUnresolved,
  loginGroups,
  mayHaveExtraAccounts,
  officialImage,
  partSpan,
  servicesPhrase,
  valueText,
} from "./shared/db-connection";
import type { Finding, Fix, Rule } from "./types";

const ID = "db-password-missing";

/** Client env that supplies a password outside the URL. */
const PASSWORD_ENV: Record<string, string[]> = {
  postgres: ["PGPASSWORD", "PGPASSFILE"],
  mysql: ["MYSQL_PWD"],
  redis: ["REDISCLI_AUTH"],
};

export const dbPasswordMissing: Rule = {
  meta: {
    id: ID,
    title: "The connection URL has no password but the database requires one",
    defaultSeverity: "error",
    fixable: true,
  },
  check(model) {
    const out: Finding[] = [];
    for (const { group, db } of loginGroups(model)) {
      const conn = group.conn;
      const url = conn.url;
      // Another entrypoint may configure authentication its own way (bitnami's is documented: kept).
      const bitnami = db.service.image?.repository.startsWith("bitnami/") ?? false;
      if (db.family !== "redis" && !officialImage(db) && !bitnami) continue;
      if (url.password && url.password.value !== "") continue;
      if (url.params.password !== undefined || url.params.passfile !== undefined) continue;
      if (url.user && isUnresolved(conn, url.user)) continue;
      const clients = group.services.filter(
        (s) =>
          !(PASSWORD_ENV[db.family] ?? []).some((n) => lastEnv(s, n)) &&
          !s.volumes.some((v) => v.target?.endsWith(".pgpass")),
      );
      if (clients.length === 0) continue;
      const accounts = accountsOf(db);
      const userValue = url.user?.value ?? "";
      // The login the URL uses: its user's, or (no user given) the database's main one.
      let account: Account | undefined;
      let userMatches = false;
      if (db.family === "redis" || userValue === "") account = accounts[0];
      else {
        account = accounts.find((a) => certain(db, a.user) && a.user.value === userValue);
        userMatches = !!account;
        // A user the database does not have (db-credentials-mismatch says so): its password is the main one's once fixed.
        if (!account && accounts.every((a) => certain(db, a.user))) account = accounts[0];
      }
      if (!account?.passwordRequired) continue;
      // A password the database itself lacks is another rule's problem (the server does not start).
      if (account.password.known && account.password.value === "") continue;

      const who = servicesPhrase(clients);
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

      // Where the finding sits: the user and ':' of an empty password, the bare user, or the whole URL.
      const span = url.user
        ? partSpan(conn, {
            start: url.user.span.start,
            end: url.password ? url.password.span.end : url.user.span.end,
          })
        : partSpan(conn, url.span);
      if (span.end - span.start === 0) continue;

      const fixes: Fix[] = [];
      const pw = certain(db, account.password) ? valueText(model, account.password, "password") : undefined;
      const at = url.insertAt.password;
      const place = conn.str.editableSpan(at, at);
      let insert: string | undefined;
      // For a user the database lacks, the main login's password is right only once the user is
      // fixed, and only when no other roles may exist (init scripts): else offer nothing.
      // An empty user is the client's OS user for PostgreSQL and MySQL: unknown, so no fix either.
      const fixable =
        userMatches || !url.user || db.family === "redis" || (userValue !== "" && !mayHaveExtraAccounts(db));
      if (pw && place && fixable) {
        if (url.password) insert = pw.text;
        else if (url.user) insert = `:${pw.text}`;
        else if (db.family === "redis") insert = `:${pw.text}@`;
        else {
          const u = certain(db, account.user) ? valueText(model, account.user, "user") : undefined;
          if (u) insert = `${u.text}:${pw.text}@`;
        }
      }
      if (insert !== undefined && conn.str.canHold(insert)) {
        fixes.push({
          title:
            url.user || db.family === "redis"
              ? `Insert the password of \`${db.service.name}\``
              : `Insert the user and password of \`${db.service.name}\``,
          edits: [{ ...place!, newText: insert }],
          preferred: userMatches || !url.user || db.family === "redis",
        });
      }
      out.push({
        rule: ID,
        message:
          `The URL of ${who} has ${how}, but \`${db.service.name}\` requires a password (${requires}): ` +
          `connecting fails with \`${error}\`.`,
        span,
        fixes,
      });
    }
    return out;
  },
};
