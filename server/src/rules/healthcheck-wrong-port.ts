/**
 * healthcheck-wrong-port: a healthcheck that probes a port nothing in its container listens
 * on (facts.probes.wrongPorts): the published host port of a mapping (`pg_isready -p 5433`,
 * `curl localhost:8081` where the mapping is `5433:5432` / `8081:8080`: the check runs inside
 * the container, where only the container port is open), or, for a database client against
 * a database image whose port the file settles (the image's default, PGPORT, `--port` in the
 * command), another port. Every check fails, so the service is never healthy and whatever
 * waits for `service_healthy` never starts (proved in test/engine/healthcheck-wrong-port.engine.test.ts). Error.
 *
 * Fix (preferred): the port the server listens on, in place, when its digits are written
 * literally in the test (not from a variable).
 */
import { replaceSpan } from "../edits/text";
import type { WrongPort } from "../model/facts/probes";
import type { Service } from "../model/types";
import { defineRule } from "./types";

interface State {
  service: Service;
  wrong: WrongPort;
}

export const healthcheckWrongPort = defineRule<State>({
  meta: {
    id: "healthcheck-wrong-port",
    title: "A healthcheck that probes a port its container does not listen on",
    defaultSeverity: "error",
    fixable: true,
  },
  run: ({ model, facts }) =>
    model.services.flatMap((service) =>
      facts.probes.wrongPorts(service).map((wrong) => ({ service, wrong })),
    ),
  diagnostic(_ctx, { service, wrong }) {
    const { probe, right } = wrong;
    const span = probe.word.span(probe.start, probe.end);
    const never =
      "Every check fails, so the service never becomes healthy and whatever waits for it with " +
      "`condition: service_healthy` never starts.";
    if (wrong.kind === "host-port") {
      const m = wrong.mapping!;
      const mapping = `${probe.port}:${m.target.start + (probe.port - (m.published?.start ?? probe.port))}`;
      return {
        span,
        message: `\`${service.name}\`'s healthcheck probes port ${probe.port}, the host port of \`${mapping}\`: it never passes.`,
        detail:
          `The healthcheck runs inside the container, where the server listens on ${right}; ${probe.port} is the ` +
          `port Docker publishes on the host, and nothing answers on it inside. ${never} Probe ${right}.`,
      };
    }
    const label = wrong.listen?.label ?? "the server";
    const by = wrong.listen?.by ? ` (set by ${wrong.listen.by})` : " (its default)";
    return {
      span,
      message: `\`${service.name}\`'s healthcheck probes port ${probe.port}, but ${label} listens on ${right}: it never passes.`,
      detail:
        `${label} listens on ${right} in this container${by}, and nothing answers on ${probe.port}, so \`${probe.tool}\` ` +
        `gets no response. ${never} Probe ${right}, or set the server's port to ${probe.port}.`,
    };
  },
  fixes(_ctx, { wrong }) {
    const { probe, right } = wrong;
    const span = probe.word.editableSpan(probe.start, probe.end);
    if (!span) return [];
    return [{ title: `Probe port ${right}`, edits: [replaceSpan(span, String(right))], preferred: true }];
  },
});
