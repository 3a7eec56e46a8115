/**
 * Probes: what a service's written healthcheck `test:` actually runs, as Docker runs it
 * (the Dockerfile reference, HEALTHCHECK: `CMD` is exec'd as given, `CMD-SHELL` runs its one
 * string with `/bin/sh -c`, a plain string is `CMD-SHELL`; compose-go
 * `HealthCheckTest.DecodeMapstructure`, docker-py `Healthcheck`). A fact of one service.
 *
 * `shape` finds the forms that do not run what was written:
 * - `cmd-one-string`: `["CMD", "pg_isready -U x"]`: exec looks for a program named
 *   `pg_isready -U x`, which does not exist; the check never passes.
 * - `shell-extra-items`: `["CMD-SHELL", "curl", "-f", "http://…"]`: the shell runs `curl`
 *   alone; the other items become `$0`, `$1`, … of the script, which ignores them.
 * - `string-with-kind`: `test: "CMD-SHELL pg_isready"`: a string is already run by the shell,
 *   which looks for a program named `CMD-SHELL`; the check never passes.
 */
import type { RNode, RScalar, RSeq } from "../../parse/resolve";
import { perObject } from "../memo";
import type { Service } from "../types";

export type HealthcheckShape =
  | {
      kind: "cmd-one-string";
      test: RSeq;
      kindItem: RScalar;
      program: RScalar;
      text: string;
      words: string[];
      more: number;
    }
  | { kind: "shell-extra-items"; test: RSeq; kindItem: RScalar; items: RScalar[] }
  | { kind: "string-with-kind"; test: RScalar; written: "CMD" | "CMD-SHELL" };

/** Shell syntax: a test with any of it means something only to a shell. */
export const SHELL_SYNTAX = /[|&;<>()$`"'\\*?[\]#~=%{}\n]/;

const shape = perObject((service: Service): HealthcheckShape | undefined => {
  const hc = service.healthcheck;
  if (!hc || hc.disabled || !hc.test) return undefined;
  const test = hc.test;
  if (test.kind === "scalar") {
    const m = /^\s*(CMD-SHELL|CMD)\s/.exec(test.text ?? "");
    return m ? { kind: "string-with-kind", test, written: m[1] as "CMD" | "CMD-SHELL" } : undefined;
  }
  if (test.kind !== "seq") return undefined;
  const items = test.items;
  const kindItem = items[0];
  if (kindItem?.kind !== "scalar" || !items.every((i) => i.kind === "scalar")) return undefined;
  const scalars = items as RScalar[];
  if (hc.testKind === "CMD") {
    const program = scalars[1];
    const text = (program?.text ?? "").trim();
    if (!program || !/\s/.test(text)) return undefined;
    return {
      kind: "cmd-one-string",
      test,
      kindItem,
      program,
      text,
      words: text.split(/\s+/),
      more: scalars.length - 2,
    };
  }
  if (hc.testKind === "CMD-SHELL" && scalars.length > 2)
    return { kind: "shell-extra-items", test, kindItem, items: scalars.slice(1) };
  return undefined;
});

/**
 * How a Redis server's password is given to `redis-cli -a` in a healthcheck, when the server
 * requires one: `--requirepass X` in its command (the official images read no password
 * variable: docker-library/redis docker-entrypoint.sh), or REDIS_PASSWORD in Bitnami's image
 * (which sets requirepass from it). `arg` is the shell word for the container: a literal as
 * is, a Compose variable (`${REDIS_PASSWORD}`) single-quoted (Compose puts the same value in
 * the test as in the command), a container variable (`$$REDIS_PASSWORD`) double-quoted.
 * `unknown`: a password the test cannot repeat safely. Undefined: no password is required
 * (as far as the file says: a mounted redis.conf may still set one).
 */
export type RedisPassword = { arg: string } | "unknown";

const REQUIREPASS = /--requirepass[\s=]+("[^"]*"|'[^']*'|\S+)/;

const redisPassword = perObject((service: Service): RedisPassword | undefined => {
  const image = service.image?.repository ?? "";
  const texts: string[] = [];
  for (const node of [service.command?.node, service.entrypoint?.node]) scalarTexts(node, texts);
  const m = REQUIREPASS.exec(texts.join(" "));
  if (m) {
    const word = m[1].replace(/^(["'])(.*)\1$/, "$2");
    if (/^[A-Za-z0-9_.@%+=:,/-]+$/.test(word)) return { arg: word };
    if (/^\$\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(word)) return { arg: `"${word}"` };
    if (/^\$\{?[A-Za-z_][A-Za-z0-9_]*(:?[-?][^}']*)?\}?$/.test(word)) return { arg: `'${word}'` };
    return "unknown";
  }
  if (/^(bitnami|bitnamilegacy|bitnamisecure)\/redis$/.test(image)) {
    const set = service.environment.some(
      (e) => e.name === "REDIS_PASSWORD" || e.name === "REDIS_PASSWORD_FILE",
    );
    const empty = service.environment.some(
      (e) => e.name === "ALLOW_EMPTY_PASSWORD" && /^yes$/i.test(e.value?.value ?? ""),
    );
    if (set && !empty) return { arg: '"$$REDIS_PASSWORD"' };
  }
  return undefined;
});

/** The scalars of a node as written (before interpolation). */
function scalarTexts(node: RNode | undefined | null, out: string[]): string[] {
  if (!node) return out;
  if (node.kind === "scalar") out.push(node.text ?? "");
  else if (node.kind === "seq") for (const i of node.items) scalarTexts(i, out);
  else for (const p of node.pairs) scalarTexts(p.value, out);
  return out;
}

/**
 * A `redis-cli … ping` healthcheck that passes against a server requiring a password: it
 * gives none (no -a/--pass/--user/-u URL/AUTH, no REDISCLI_AUTH) and does not look for PONG,
 * so the NOAUTH error it prints exits 0. `options`: the words between `redis-cli` and `ping`
 * (`-h`, `-p`), when they are plain.
 */
export interface UnauthenticatedPing {
  password: RedisPassword;
  test: RNode;
  options?: string[];
}

const unauthenticatedPing = perObject((service: Service): UnauthenticatedPing | undefined => {
  const hc = service.healthcheck;
  if (!hc || hc.disabled || !hc.test) return undefined;
  const password = redisPassword(service);
  if (!password) return undefined;
  const text = scalarTexts(hc.test, []).join(" ");
  if (!/\bredis-cli\b/.test(text) || !/\bping\b/i.test(text)) return undefined;
  if (/(^|\s)(-a|--pass|--askpass|--user|-u)(\s|=|$)|REDISCLI_AUTH|\bAUTH\b|PONG|grep/.test(text))
    return undefined;
  if (service.environment.some((e) => e.name === "REDISCLI_AUTH")) return undefined;
  // The one command `redis-cli [options] ping`, to rebuild with the password.
  const words = hc.commands.length === 1 ? hc.commands[0].map((w) => w.value) : [];
  const options =
    words[0] === "redis-cli" &&
    /^ping$/i.test(words[words.length - 1] ?? "") &&
    words.slice(1, -1).every((w) => !SHELL_SYNTAX.test(w) && !/\s/.test(w))
      ? words.slice(1, -1)
      : undefined;
  return { password, test: hc.test, ...(options ? { options } : {}) };
});

export class ProbeFacts {
  /** The password a Redis service requires, as a `redis-cli -a` argument (see RedisPassword). */
  redisPassword(service: Service): RedisPassword | undefined {
    return redisPassword(service);
  }

  /** A `redis-cli ping` healthcheck that passes without the password the server requires. */
  unauthenticatedPing(service: Service): UnauthenticatedPing | undefined {
    return unauthenticatedPing(service);
  }

  /** A healthcheck test whose form does not run what was written (see the module comment). */
  shape(service: Service): HealthcheckShape | undefined {
    return shape(service);
  }
}

/** The shape of a service's healthcheck (for other fact areas; rules ask `facts.probes`). */
export const healthcheckShape = shape;

/** The password a Redis service requires (for edits; rules ask `facts.probes.redisPassword`). */
export const redisPasswordOf = redisPassword;

/** The redis-cli test that fails unless the server answers PONG to the given password. */
export function redisPingTest(
  password: RedisPassword | undefined,
  options: string[] = [],
): string[] | undefined {
  if (password === "unknown") return undefined;
  const opts = options.length ? `${options.join(" ")} ` : "";
  if (!password) return ["CMD-SHELL", `redis-cli ${opts}ping | grep -q PONG`];
  return ["CMD-SHELL", `redis-cli ${opts}-a ${password.arg} --no-auth-warning ping | grep -q PONG`];
}
