/**
 * db-port-is-host-port: the URL's host is a compose service and its port is one the service
 * PUBLISHES on the Docker host (`ports: ["5433:5432"]` with `@postgres-mlflow:5433`), not the
 * port it listens on in its container. Containers talk container to container, so the
 * mapping does not apply: `connection to server at "postgres-mlflow" (…), port 5433 failed:
 * Connection refused`. The container port comes from the database (PGPORT, `-p`, the image
 * default) or the `mlflow server --port`. Fix (preferred): write the container port.
 */
import type { PortMapping, Service } from "../model/types";
import {
  engineLabel,
  hasOwnNetworkMode,
  mlflowServer,
  partSpan,
  refusedError,
  servicesPhrase,
  targetDatabase,
  urlGroups,
} from "./shared/db-connection";
import type { Finding, Fix, Rule } from "./types";

/** The container port a published host port leads to, if the mapping publishes it. */
function containerPortFor(m: PortMapping, port: number): number | undefined {
  if (m.unknown || !m.published || port < m.published.start || port > m.published.end) return undefined;
  if (m.target.start === m.target.end) return m.target.start;
  return m.target.start + (port - m.published.start);
}

function listensOn(service: Service, port: number): boolean {
  return (
    service.ports.some((p) => !p.unknown && p.target.start <= port && port <= p.target.end) ||
    service.expose.some((e) => e.port === port)
  );
}

export const dbPortIsHostPort: Rule = {
  meta: {
    id: "db-port-is-host-port",
    title: "The connection URL uses the published host port",
    defaultSeverity: "error",
    fixable: true,
  },
  check(model) {
    const out: Finding[] = [];
    const groups = urlGroups(model, (c) => !!c.target && c.url.port?.number !== undefined);
    for (const group of groups) {
      const services = group.services.filter((s) => !hasOwnNetworkMode(s));
      if (services.length === 0) continue;
      const conn = group.conn;
      const url = conn.url;
      const target = conn.target!;
      const port = url.port!.number!;
      const db = targetDatabase(model, conn);
      let containerPort: number | undefined;
      let label: string;
      if (db) {
        containerPort = db.port;
        label = engineLabel(db);
      } else if (conn.role === "mlflow-tracking" && url.family === "http") {
        containerPort = mlflowServer(target)?.port;
        label = "MLflow";
      } else continue;
      if (containerPort === undefined || port === containerPort) continue;
      // The published port must lead to the port the server listens on; and if the container
      // also listens on the URL's port, the URL may be right.
      const mapping = target.ports.find((m) => containerPortFor(m, port) === containerPort);
      if (!mapping || listensOn(target, port)) continue;
      const mapText = mapping.str?.value.trim() ?? `${port}:${containerPort}`;
      const fixes: Fix[] = [];
      const portSpan = conn.str.editableSpan(url.port!.span.start, url.port!.span.end);
      if (portSpan) {
        fixes.push({
          title: `Use container port ${containerPort}`,
          edits: [{ ...portSpan, newText: String(containerPort) }],
          preferred: true,
        });
      }
      out.push({
        rule: "db-port-is-host-port",
        message:
          `Port ${port} is the port the ${label} service \`${target.name}\` publishes on the Docker host ` +
          `(\`${mapText}\`); other containers reach it directly on its container port ${containerPort}, so ` +
          `${servicesPhrase(services)} cannot connect: \`${refusedError(url, url.host?.value ?? target.name, port)}\`.`,
        span: partSpan(conn, url.port!),
        fixes,
      });
    }
    return out;
  },
};
