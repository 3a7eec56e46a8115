/**
 * healthcheck-cmd-array: a healthcheck `test:` whose form does not run what was written
 * (facts.probes.shape, after Docker's HEALTHCHECK semantics):
 * - `["CMD", "pg_isready -U x"]`: exec looks for a program named `pg_isready -U x`; every run
 *   fails (`exec: "pg_isready -U x": executable file not found in $PATH`), so the service is
 *   never healthy. Error. Fix (preferred, when the string is the only item): `CMD-SHELL`, which
 *   runs it as the author read it.
 * - `["CMD-SHELL", "curl", "-f", "http://…"]`: the shell runs `curl` alone; the other items
 *   are its `$0`, `$1`, … Warning (what runs instead may pass or fail). Fix: `CMD`, which runs
 *   the items as the words they are, when none has shell syntax or spaces (else no fix).
 * - `test: "CMD-SHELL pg_isready"`: a string is run by the shell already, which looks for a
 *   program named `CMD-SHELL`. Error. Fix (preferred): drop the word.
 */

import { removeScalarPrefix, rewordScalar } from "../edits/replace";
import type { HealthcheckShape } from "../model/facts";
import { SHELL_SYNTAX } from "../model/facts/probes";
import type { Service } from "../model/types";
import { defineRule, type Fix } from "./types";

interface State {
  service: Service;
  shape: HealthcheckShape;
}

export const healthcheckCmdArray = defineRule<State>({
  meta: {
    id: "healthcheck-cmd-array",
    title: "A healthcheck test whose form does not run what was written",
    defaultSeverity: "error",
    fixable: true,
  },
  run: ({ model, facts }) =>
    model.services.flatMap((service) => {
      const shape = facts.probes.shape(service);
      return shape ? [{ service, shape }] : [];
    }),
  diagnostic(_ctx, { service, shape }) {
    switch (shape.kind) {
      case "cmd-one-string":
        return {
          span: shape.program.span,
          message: `\`${service.name}\`'s healthcheck runs a program named \`${shape.text.length > 48 ? `${shape.words[0]} …` : shape.text}\`: it never passes.`,
          detail:
            `\`CMD\` runs its items as the program and its arguments, without a shell, so this one string is taken as ` +
            `the name of a program, which does not exist. Every check fails (\`exec: "${shape.text}": executable ` +
            'file not found in $PATH") and the service never becomes healthy, so whatever waits for ' +
            "`service_healthy` never starts. Use `CMD-SHELL` with the command as one string, or give `CMD` one " +
            "item per word.",
        };
      case "shell-extra-items":
        return {
          span: shape.test.span,
          message: `\`${service.name}\`'s \`CMD-SHELL\` healthcheck runs \`${shape.items[0].text ?? ""}\` alone.`,
          detail:
            "`CMD-SHELL` runs its first string with `/bin/sh -c`; the further items become the script's `$0`, " +
            "`$1`, …, which it ignores. Use `CMD` for one item per word, or `CMD-SHELL` with the whole command " +
            "as one string.",
          severity: "warning",
        };
      case "string-with-kind":
        return {
          span: shape.test.span,
          message: `\`${service.name}\`'s healthcheck is a string starting with \`${shape.written}\`: it never passes.`,
          detail:
            `A string \`test:\` is run by the container's shell already (it is \`["CMD-SHELL", string]\`), which ` +
            `looks for a program named \`${shape.written}\` and fails every time (\`${shape.written}: not found\`). ` +
            `Drop \`${shape.written}\`, or write the test as a list.`,
        };
    }
  },
  fixes({ model }, { shape }): Fix[] {
    switch (shape.kind) {
      case "cmd-one-string": {
        if (shape.more > 0) return [];
        const edit = rewordScalar(model.text, shape.kindItem, "CMD-SHELL");
        return edit ? [{ title: "Run it with `CMD-SHELL`", edits: [edit], preferred: true }] : [];
      }
      case "shell-extra-items": {
        // With shell syntax in an item (`|`, `$VAR`) the items mean something only to a shell.
        if (shape.items.some((i) => SHELL_SYNTAX.test(i.text ?? "") || /\s/.test(i.text ?? ""))) return [];
        const edit = rewordScalar(model.text, shape.kindItem, "CMD");
        return edit ? [{ title: "Run the items with `CMD`", edits: [edit], preferred: true }] : [];
      }
      case "string-with-kind": {
        const edit = removeScalarPrefix(model.text, shape.test, /^\s*(CMD-SHELL|CMD)\s+/);
        return edit
          ? [
              {
                title: `Remove \`${shape.written}\``,
                edits: [edit],
                preferred: true,
              },
            ]
          : [];
      }
    }
  },
});
