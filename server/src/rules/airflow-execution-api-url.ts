/**
 * airflow-execution-api-url: in Airflow 3, tasks talk to the API server's task execution API
 * at `[core] execution_api_server_url` (default `http://localhost:8080/execution/`). In a
 * compose stack the worker is not the api-server, so the URL must name the api-server service
 * and the port it listens on inside its container (`[api] port`, default 8080), as the
 * official file does (`http://airflow-apiserver:8080/execution/`). Reported: a value whose
 * host is the container itself or a service that does not run the api-server, or whose port
 * is not the api-server's; and a Celery worker with no value at all (it then derives from
 * `[api] base_url`, localhost), unless a config file, an env_file or `[api] base_url` may set it. Only for Airflow 3 stacks (an `api-server` component or a 3.x image tag), whole
 * projects, every Airflow service read.
 */
import { replaceSpan } from "../edits/text";
import { mayHaveUnreadEnv } from "../model/env-complete";
import type { AirflowService } from "../model/facts";
import type { EnvVar } from "../model/types";
import type { Span } from "../parse/url";
import { defineRule } from "./types";

const NAME = "AIRFLOW__CORE__EXECUTION_API_SERVER_URL";
const URL_SHAPE = /^(https?):\/\/([^/:?#]+)(?::(\d+))?(\/[^?#]*)?/;

interface ApiServer {
  service: AirflowService;
  port: number;
}

type Problem =
  | { kind: "unset"; worker: AirflowService; api: ApiServer }
  | {
      kind: "host";
      worker: AirflowService;
      env: EnvVar;
      host: string;
      span: Span;
      api: ApiServer;
      loopback: boolean;
    }
  | { kind: "port"; worker: AirflowService; env: EnvVar; port: number; span: Span; api: ApiServer };

/** The port the api-server listens on inside its container: `--port N`/`-p N`, `[api] port`, or 8080. */
function apiPort(a: AirflowService): number | undefined {
  const call = a.calls.find((c) => c.command?.component === "api-server");
  const args = call?.args.map((w) => w.value) ?? [];
  for (let i = 0; i < args.length; i++) {
    const m = /^--port=(\d+)$/.exec(args[i]!);
    if (m) return Number(m[1]);
    if ((args[i] === "--port" || args[i] === "-p") && args[i + 1]) {
      const n = Number(args[i + 1]);
      return Number.isInteger(n) ? n : undefined;
    }
  }
  const env = a.config.get("AIRFLOW__API__PORT");
  if (env) {
    const v = env.value;
    if (!v || v.hasUnresolved() || !/^\d+$/.test(v.value)) return undefined;
    return Number(v.value);
  }
  return 8080;
}

export const airflowExecutionApiUrl = defineRule<Problem>({
  meta: {
    id: "airflow-execution-api-url",
    title: "Airflow 3 tasks cannot reach the API server's execution API",
    defaultSeverity: "error",
    fixable: true,
  },
  run: ({ model, facts }) => {
    const af = facts.airflow;
    if (af.services().length === 0 || af.anyUnclassified() || facts.project.isPartial()) return [];
    const by = af.byComponent();
    const apis = by.get("api-server") ?? [];
    if (apis.length !== 1 || by.has("standalone")) return [];
    const apiService = apis[0]!;
    const port = apiPort(apiService);
    if (port === undefined) return [];
    const api = { service: apiService, port };
    const out: Problem[] = [];
    const seen = new Set<number>();
    for (const a of af.services()) {
      if (a === apiService || a.components.size === 0) continue;
      const env = a.config.get(NAME);
      if (!env) {
        // Unset, it derives from `[api] base_url` (`http://localhost:8080` unless set); a config
        // file or an env_file may set either.
        const s = a.service;
        const elsewhere =
          mayHaveUnreadEnv(s) ||
          a.config.has("AIRFLOW__API__BASE_URL") ||
          s.environment.some((e) => e.name === "AIRFLOW_CONFIG") ||
          s.volumes.some((v) => /airflow\.cfg$|\/opt\/airflow(\/config)?\/?$/.test(v.target ?? ""));
        if (a.components.has("celery-worker") && !elsewhere) out.push({ kind: "unset", worker: a, api });
        continue;
      }
      const str = env.value;
      if (!str || str.hasUnresolved() || env.form === "env_file" || seen.has(env.keySpan.start)) continue;
      const m = URL_SHAPE.exec(str.value);
      if (!m) continue;
      const host = m[2]!;
      const hostAt = m[1]!.length + 3;
      const names = new Set([
        apiService.service.name,
        apiService.service.containerName?.value,
        apiService.service.hostname?.value,
      ]);
      const loopback = /^(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])$/.test(host);
      if (!names.has(host)) {
        // A dotted host may be outside the project; a bare one must be a service.
        if (!loopback && (host.includes(".") || !model.serviceByName.has(host))) continue;
        seen.add(env.keySpan.start);
        out.push({
          kind: "host",
          worker: a,
          env,
          host,
          span: str.span(hostAt, hostAt + host.length),
          api,
          loopback,
        });
        continue;
      }
      const urlPort = m[3] ? Number(m[3]) : m[1] === "https" ? 443 : 80;
      if (urlPort !== port) {
        seen.add(env.keySpan.start);
        const at = m[3] ? hostAt + host.length + 1 : hostAt;
        const len = m[3] ? m[3].length : host.length;
        out.push({ kind: "port", worker: a, env, port: urlPort, span: str.span(at, at + len), api });
      }
    }
    return out;
  },
  diagnostic: (_ctx, p) => {
    const apiName = p.api.service.service.name;
    const target = `http://${apiName}:${p.api.port}/execution/`;
    switch (p.kind) {
      case "unset":
        return {
          span:
            p.worker.calls.find((c) => c.command?.component === "celery-worker")?.args[0]?.span() ??
            p.worker.service.key.span,
          message: `\`${p.worker.service.name}\` has no \`${NAME}\`: its tasks call localhost, not \`${apiName}\`.`,
          detail: `Unset, it is \`[api] base_url\` + \`/execution/\`, \`http://localhost:8080/execution/\`: the worker's own container. Set it to \`${target}\` (in the shared anchor).`,
          severity: "warning",
        };
      case "host":
        return {
          span: p.span,
          message: p.loopback
            ? `\`${p.host}\` in \`${NAME}\` is the task's own container, not \`${apiName}\`.`
            : `\`${p.host}\` does not run the Airflow api-server: tasks cannot reach the execution API.`,
          detail: `Tasks fail when they start (connection refused). The api-server is \`${apiName}\`: \`${target}\`.`,
        };
      default:
        return {
          span: p.span,
          message: `\`${apiName}\` serves the execution API on port ${p.api.port}, not ${p.port}.`,
          detail: `Between containers the container port counts (a published host port does not). Use \`${target}\`.`,
        };
    }
  },
  fixes: (_ctx, p) => {
    if (p.kind === "unset") return [];
    const str = p.env.value!;
    const apiName = p.api.service.service.name;
    const m = URL_SHAPE.exec(str.value)!;
    const hostAt = m[1]!.length + 3;
    const end = hostAt + m[2]!.length + (m[3] ? m[3].length + 1 : 0);
    const text = `${apiName}:${p.api.port}`;
    const span = str.editableSpan(hostAt, end);
    if (!span || !str.canHold(text)) return [];
    return [{ title: `Use \`${text}\``, edits: [replaceSpan(span, text)], preferred: true }];
  },
});
