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
import type { RScalar, RSeq } from "../../parse/resolve";
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

export class ProbeFacts {
  /** A healthcheck test whose form does not run what was written (see the module comment). */
  shape(service: Service): HealthcheckShape | undefined {
    return shape(service);
  }
}

/** The shape of a service's healthcheck (for other fact areas; rules ask `facts.probes`). */
export const healthcheckShape = shape;
