/**
 * pg-healthcheck-wrong-user: a `pg_isready -U x` (or `-d y`) in a PostgreSQL healthcheck
 * naming a role or database the server does not have (facts.probes.pgWrongLogins): the
 * official image creates one role, POSTGRES_USER (default `postgres`), and one database,
 * POSTGRES_DB (default the user), besides `postgres`; Bitnami's keeps `postgres` too.
 * pg_isready does not check the role or database and exits 0 all the same (proved in
 * test/engine/pg-healthcheck-login.engine.test.ts), so the check passes; the server logs
 * `FATAL: role "postgres" does not exist` at every interval. Warning: nothing fails, but the
 * log fills with FATAL lines that hide real ones, and the check names a login nobody has.
 *
 * Fix (preferred): the effective user (as the environment writes it: `${PG_USER}` stays a
 * reference), and the effective database where the check's would be missing (`-d` replaced,
 * or added after the user).
 */
import { insertIntoSeqAfter } from "../edits/append-item";
import { replaceSpan } from "../edits/text";
import type { OptionValue, PgWrongLogin } from "../model/facts/probes";
import type { Service } from "../model/types";
import { fitting } from "./phrases";
import { defineRule, type Fix } from "./types";

interface State {
  service: Service;
  wrong: PgWrongLogin;
}

const SYSTEM = new Set(["postgres", "template0", "template1"]);

export const pgHealthcheckWrongUser = defineRule<State>({
  meta: {
    id: "pg-healthcheck-wrong-user",
    title: "A pg_isready healthcheck naming a role or database the server does not have",
    defaultSeverity: "warning",
    fixable: true,
  },
  run: ({ model, facts }) =>
    model.services.flatMap((service) =>
      facts.probes.pgWrongLogins(service).map((wrong) => ({ service, wrong })),
    ),
  diagnostic(_ctx, { service, wrong }) {
    const { call, name, user, database } = wrong;
    const at = wrong.missing === "database" ? call.database! : call.user!;
    const span = at.word.span(at.start, at.word.value.length);
    const s = `\`${service.name}\``;
    const passes =
      "pg_isready only asks whether the server accepts connections: it exits 0 whatever role and database " +
      "it names, so the check passes. The server still opens a session for it, ";
    const use = `Use \`-U ${user.value}${database ? ` -d ${database.value}` : ""}\`, the login the image creates.`;
    if (wrong.missing === "role") {
      const fatal = `\`FATAL: role "${name}" does not exist\``;
      return {
        span,
        message: fitting(
          `${s}'s healthcheck passes, but each run logs ${fatal} (the user is \`${user.value}\`).`,
          `${s}'s healthcheck passes, but each run logs ${fatal}.`,
          `This healthcheck passes, but each run logs ${fatal}.`,
        ),
        detail:
          `${passes}finds no role \`${name}\` (the image creates the superuser POSTGRES_USER, here ` +
          `\`${user.value}\`, and no other) and logs ${fatal} at every interval, burying real errors. ${use}`,
      };
    }
    const fatal = `\`FATAL: database "${name}" does not exist\``;
    const why =
      wrong.missing === "database"
        ? `\`-d ${name}\` names a database the image does not create`
        : `without \`-d\` libpq connects to the database named after the user, \`${name}\`, which the image does not create`;
    return {
      span,
      message: fitting(
        `${s}'s healthcheck passes, but each run logs ${fatal} (the database is \`${database?.value}\`).`,
        `${s}'s healthcheck passes, but each run logs ${fatal}.`,
        `This healthcheck passes, but each run logs ${fatal}.`,
      ),
      detail:
        `${passes}but ${why} (POSTGRES_DB is \`${database?.value}\`), so it logs ${fatal} at every interval, ` +
        `burying real errors. ${use}`,
    };
  },
  fixes({ model }, { service, wrong }): Fix[] {
    const { call, user, database } = wrong;
    const edits = [];
    const replace = (v: OptionValue, text: string) => {
      const span = v.word.editableSpan(v.start, v.word.value.length);
      return span && v.word.canHold(text) ? replaceSpan(span, text) : undefined;
    };
    let login = call.user!.value;
    if (wrong.missing === "role") {
      const edit = replace(call.user!, user.text);
      if (!edit) return [];
      edits.push(edit);
      login = user.value;
    }
    const d = call.database;
    if (database && d && d.value !== database.value && !SYSTEM.has(d.value)) {
      const edit = replace(d, database.text);
      if (!edit) return [];
      edits.push(edit);
    } else if (database && !d && login !== database.value && !SYSTEM.has(login)) {
      // No `-d`: add it after the user, as the words are written (one list item each, or in the string).
      const u = call.user!;
      const test = service.healthcheck?.test;
      const item = test?.kind === "seq" ? test.items.find((i) => i === u.word.scalar) : undefined;
      let edit: ReturnType<typeof replaceSpan> | undefined;
      if (test?.kind === "seq" && item && u.word.value === u.word.scalar.text)
        edit = insertIntoSeqAfter(
          model.text,
          test,
          item,
          ["-d", database.text].map((t) => JSON.stringify(t)),
        );
      else {
        const at = u.word.editableSpan(u.word.value.length, u.word.value.length);
        const insert = ` -d ${database.text}`;
        edit = at && u.word.canHold(insert.trimStart()) ? replaceSpan(at, insert) : undefined;
      }
      if (!edit) return [];
      edits.push(edit);
    }
    if (edits.length === 0) return [];
    const title = `Use \`-U ${user.value}${database ? ` -d ${database.value}` : ""}\``;
    return [{ title, edits, preferred: true }];
  },
});
