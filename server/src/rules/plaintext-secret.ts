/**
 * plaintext-secret: a credential (a `*_PASSWORD`, `*_SECRET*`, `*_KEY`, token, Fernet or JWT
 * key) written as a literal value in the compose file, or the password of a connection URL.
 * Whoever reads the file, or its git history, has it. One finding per secret value: the
 * database's `POSTGRES_PASSWORD` and the three URLs that log in with it are one secret and
 * must change together.
 *
 * Fix "Move secrets to .env" (not preferred: it writes a file holding the secret, so plain
 * `--fix` leaves it; `lint --fix-secrets` applies it): appends `NAME=value` to the `.env`
 * beside the compose file (created if absent, existing lines kept, never an existing name),
 * replaces every place of the secret, inside URLs too, with `${NAME:?set NAME in .env}`,
 * lists NAME in `.env.example` and adds `.env` to `.gitignore` in a git work tree. The
 * resolved project (`docker compose config`) is the same before and after.
 */
import { dotEnvSafe, moveToDotEnvEdits, requiredVariable } from "../edits/secret-files";
import { replaceSpan } from "../edits/text";
import type { Secret, SecretPlace } from "../model/facts";
import { secretFilesFor } from "../model/facts/secrets";
import { nameList } from "./phrases";
import { defineRule, type Fix, type RuleContext, type TextEdit } from "./types";

export const MOVE_SECRETS_TITLE = "Move secrets to .env";

function placeSpan(p: SecretPlace) {
  return p.kind === "env" ? p.env.value!.span() : p.conn.str.span(p.part.span.start, p.part.span.end);
}

function placeLabel(p: SecretPlace): string {
  return p.kind === "env"
    ? `\`${p.env.name}\` of \`${p.service.name}\``
    : `the URL password of \`${p.service.name}\``;
}

/**
 * The edit replacing one place with the variable, or undefined when it cannot be replaced
 * exactly. In a `command:`/`entrypoint:` string, which Compose splits into words, the
 * reference carries no message (`${NAME:?}`: Compose names the variable in its error).
 */
function replacePlace(p: SecretPlace, name: string): TextEdit | undefined {
  const text = p.kind === "url" && p.conn.where.kind === "command" ? `\${${name}:?}` : requiredVariable(name);
  if (p.kind === "env") {
    const str = p.env.value!;
    const span = str.editableSpan(0, str.value.length);
    return span && str.canHold(text) ? replaceSpan(span, text) : undefined;
  }
  // In a URL the variable's value goes in as it is: only a password written without
  // percent-escapes means the same unescaped.
  if (p.part.raw !== p.part.value) return undefined;
  const span = p.conn.str.editableSpan(p.part.span.start, p.part.span.end);
  return span && p.conn.str.canHold(text) ? replaceSpan(span, text) : undefined;
}

export const plaintextSecret = defineRule<Secret>({
  meta: {
    id: "plaintext-secret",
    title: "A password or secret key is written in plain text",
    defaultSeverity: "info",
    fixable: true,
    securitySeverity: 5.5,
  },
  run: ({ facts }) => facts.secrets.secrets(),
  diagnostic: (_ctx, secret) => {
    const [first, ...rest] = secret.places;
    const kind = first.kind === "env" ? "a secret" : "a password";
    const also =
      rest.length > 0
        ? ` The same value is also written at ${rest.length} more place${rest.length === 1 ? "" : "s"} (${nameList(
            [...new Set(rest.map((p) => p.service.name))],
          )}): they change together.`
        : "";
    return {
      span: placeSpan(first),
      message: `${placeLabel(first).replace(/^the/, "The")} is ${kind} written in plain text.`,
      detail:
        `Anyone who can read this file or its git history has it.${also} ` +
        `Move it to .env (kept out of git) with "${MOVE_SECRETS_TITLE}", or use Compose \`secrets:\`.`,
      related: rest.map((p) => ({ span: placeSpan(p), message: `The same secret (${placeLabel(p)})` })),
    };
  },
  fixes: (ctx, secret) => {
    const { model, facts } = ctx;
    // Every secret's move, once for all the findings (each offers "Move secrets to .env").
    const moves = ctx.once(
      "plaintext-secret:moves",
      () => new Map(facts.secrets.secrets().map((s) => [s, movePlan(ctx, s)])),
    );
    const own = moves.get(secret);
    const all = [...moves.values()].filter((p): p is MovePlan => !!p);
    const files = ctx.once("plaintext-secret:files", () => secretFilesFor(model.path));
    const fix = (title: string, plans: MovePlan[]): Fix => ({
      title,
      edits: plans.flatMap((p) => p.edits),
      preferred: false,
      fileEdits: moveToDotEnvEdits(
        files,
        plans.map((p) => p.variable),
      ),
    });
    const out: Fix[] = [];
    if (own && all.length > 1) out.push(fix(`Move \`${own.variable.name}\` to .env`, [own]));
    if (own) out.push(ctx.once("plaintext-secret:move-all", () => fix(MOVE_SECRETS_TITLE, all)));
    return out;
  },
});

interface MovePlan {
  variable: { name: string; value: string };
  edits: TextEdit[];
}

/** The compose-file edits moving one secret out, or undefined when some place cannot be replaced exactly. */
function movePlan({ facts }: RuleContext, secret: Secret): MovePlan | undefined {
  if (!dotEnvSafe(secret.value)) return undefined;
  const name = facts.secrets.variableNames().get(secret);
  if (!name) return undefined;
  const edits: TextEdit[] = [];
  for (const p of secret.places) {
    const edit = replacePlace(p, name);
    // Half a move leaves the secret in the file: all places or none.
    if (!edit) return undefined;
    if (!edits.some((e) => e.start === edit.start)) edits.push(edit);
  }
  return { variable: { name, value: secret.value }, edits };
}
