/**
 * healthcheck-passes-unauthenticated: a `redis-cli ping` healthcheck on a Redis that requires
 * a password (`--requirepass` in its command, Bitnami's REDIS_PASSWORD) that gives none and
 * does not look for PONG. redis-cli prints `NOAUTH Authentication required.` and exits 0
 * (langgenius/dify#10898; proved in test/engine/healthcheck-forms.engine.test.ts), so the
 * check passes on a server that refuses every client, and `service_healthy` means nothing.
 * Warning: the dependants start anyway, as they would without the check.
 *
 * Fix (preferred): `redis-cli [its -h/-p] -a <password> --no-auth-warning ping | grep -q PONG`
 * (facts/probes.ts redisPingTest), when the test is written on one line and the password can
 * be repeated (a literal, a Compose variable, a container variable).
 */
import { replaceSpan } from "../edits/text";
import { flowStrings } from "../edits/yaml-text";
import type { UnauthenticatedPing } from "../model/facts/probes";
import { redisPingTest } from "../model/facts/probes";
import { pairIn } from "../model/nodes";
import type { Service } from "../model/types";
import type { RNode } from "../parse/resolve";
import { defineRule } from "./types";

/** A test written on one line (a string, a flow list), which a one-line test can replace. */
function oneLine(text: string, node: RNode): boolean {
  const written = text.slice(node.span.start, node.span.end);
  return !written.includes("\n") && (node.kind === "scalar" || (node.kind === "seq" && node.flow));
}

interface State {
  service: Service;
  ping: UnauthenticatedPing;
}

export const healthcheckPassesUnauthenticated = defineRule<State>({
  meta: {
    id: "healthcheck-passes-unauthenticated",
    title: "A healthcheck that passes on a server refusing every client",
    defaultSeverity: "warning",
    fixable: true,
  },
  run: ({ model, facts }) =>
    model.services.flatMap((service) => {
      const ping = facts.probes.unauthenticatedPing(service);
      return ping ? [{ service, ping }] : [];
    }),
  diagnostic: ({ model }, { service, ping }) => ({
    // A test written over several lines: its `test` key.
    span: oneLine(model.text, ping.test)
      ? ping.test.span
      : (pairIn(service.healthcheck?.node, "test")?.key.span ?? ping.test.span),
    message: `\`${service.name}\` requires a password, and this \`redis-cli ping\` gives none: it passes anyway.`,
    detail:
      "Without the password redis-cli prints `NOAUTH Authentication required.` and still exits 0, so the check " +
      "passes on a server that refuses every client (a wrong or missing password, a server still loading), and " +
      "`condition: service_healthy` proves nothing. Give the password (`-a … --no-auth-warning`, or " +
      "`REDISCLI_AUTH` in the service's environment) and require the answer: `| grep -q PONG`.",
  }),
  fixes({ model }, { ping }) {
    const test = redisPingTest(ping.password, ping.options);
    const node = ping.test;
    if (!test || !ping.options || !oneLine(model.text, node)) return [];
    return [
      {
        title: "Authenticate and require PONG",
        edits: [replaceSpan(node.span, flowStrings(test))],
        preferred: true,
      },
    ];
  },
});
