/**
 * db-port-is-host-port: the URL's host is a compose service and its port is one the service
 * PUBLISHES on the Docker host (`ports: ["5433:5432"]` with `@postgres-mlflow:5433`), not the
 * port it listens on in its container. Containers talk container to container, so the
 * mapping does not apply: `connection to server at "postgres-mlflow" (…), port 5433 failed:
 * Connection refused`. The container port comes from the database (PGPORT, `-p`, the image
 * default), the `mlflow server --port`, or an S3 store's API port (`facts.s3`: MinIO's
 * `--address`, RustFS's RUSTFS_ADDRESS, the image's default) for an S3 endpoint URL
 * (MLFLOW_S3_ENDPOINT_URL, AWS_ENDPOINT_URL). Fix (preferred): write the container port.
 */
import { replaceUrlPart } from "../edits/url";
import type { UrlGroup } from "../model/facts";
import { engineLabel, s3StoreLabel } from "../model/labels";
import type { PortMapping } from "../model/types";
import { fitting, refusedError, servicesPhrase, servicesShort } from "./phrases";
import { defineRule } from "./types";

interface HostPort {
  /** The URL, with only the clients that can be judged. */
  group: UrlGroup;
  /** The port the server listens on in its container. */
  containerPort: number;
  /** "PostgreSQL", "MLflow". */
  label: string;
  /** The mapping that publishes the URL's port. */
  mapping: PortMapping;
}

export const dbPortIsHostPort = defineRule<HostPort>({
  meta: {
    id: "db-port-is-host-port",
    title: "The connection URL uses the published host port",
    defaultSeverity: "error",
    fixable: true,
  },
  run({ facts }) {
    const out: HostPort[] = [];
    const groups = facts.connections.groups((c) => !!c.target && c.url.port?.number !== undefined);
    for (const group of groups) {
      const services = group.services.filter((s) => !facts.networks.hasOwnNetworkMode(s));
      if (services.length === 0) continue;
      const { conn } = group;
      const url = conn.url;
      const target = conn.target!;
      const port = url.port!.number!;
      const db = facts.connections.targetDatabase(conn);
      const store = db ? undefined : facts.s3.storeReachedBy(conn);
      let containerPort: number | undefined;
      let label: string;
      if (store) {
        containerPort = store.apiPort?.port;
        label = s3StoreLabel(store.image.kind);
      } else if (db) {
        containerPort = db.port;
        label = engineLabel(db);
      } else if (conn.role === "mlflow-tracking" && url.family === "http") {
        containerPort = facts.targets.mlflowServer(target)?.port;
        label = "MLflow";
      } else continue;
      if (containerPort === undefined || port === containerPort) continue;
      // The store's console listens there: s3-endpoint-console-port says what is wrong.
      if (store && store.consolePort?.port === port) continue;
      // The published port must lead to the port the server listens on; and if the container
      // also listens on the URL's port, the URL may be right.
      const mapping = facts.ports.publishing(target, port, containerPort);
      if (!mapping || facts.ports.listensOn(target, port)) continue;
      out.push({ group: { ...group, services }, containerPort, label, mapping });
    }
    return out;
  },
  diagnostic({ facts }, { group, containerPort, label, mapping }) {
    const { conn, services } = group;
    const url = conn.url;
    const target = conn.target!;
    const port = url.port!.number!;
    const mapText = mapping.str?.value.trim() ?? `${port}:${containerPort}`;
    return {
      span: facts.connections.partSpan(conn, url.port!),
      message: fitting(
        `Port ${port} is the host port \`${target.name}\` publishes, so ${servicesShort(services)} cannot connect on it.`,
        `Port ${port} is the host port \`${target.name}\` publishes; containers use ${containerPort}.`,
        `Port ${port} is a published host port; containers use ${containerPort}.`,
      ),
      detail:
        `It is the port the ${label} service \`${target.name}\` publishes on the Docker host (\`${mapText}\`); other containers ` +
        `reach it directly on its container port ${containerPort}, so ${servicesPhrase(services)} cannot connect: ` +
        `\`${
          facts.s3.storeReachedBy(conn)
            ? `Could not connect to the endpoint URL: "${url.scheme.value}://${url.host?.value ?? target.name}:${port}/…"`
            : refusedError(url, url.host?.value ?? target.name, port)
        }\`.`,
    };
  },
  fixes(_ctx, { group, containerPort }) {
    const edit = replaceUrlPart(group.conn, group.conn.url.port, String(containerPort));
    return edit ? [{ title: `Use container port ${containerPort}`, edits: [edit], preferred: true }] : [];
  },
});
