/**
 * s3-endpoint-console-port: an S3 endpoint URL (MLFLOW_S3_ENDPOINT_URL, AWS_ENDPOINT_URL, ...)
 * whose host is an S3 store of the project and whose port is that store's web console
 * (MinIO's `--console-address :9001`, Bitnami's and RustFS's 9001), not its S3 API: the
 * console answers every S3 request with `AccessDenied: S3 API Request made to Console port.
 * S3 Requests should be sent to API port.` (minio/mc#4523). The console port must be known:
 * MinIO without `--console-address` picks a random one. The console's published host port
 * (`9091:9001`) used between containers is reported here too (db-port-is-host-port only knows
 * the API's). Unknown is not wrong: a port or
 * address from a variable without a value, a store whose API listens on that port too.
 * Fix (preferred): the store's API port.
 */
import { replaceUrlPart } from "../edits/url";
import type { S3Store, UrlGroup } from "../model/facts";
import { s3StoreLabel } from "../model/labels";
import type { PortMapping } from "../model/types";
import { fitting, servicesPhrase, servicesShort } from "./phrases";
import { defineRule } from "./types";

interface ConsolePort {
  group: UrlGroup;
  store: S3Store;
  console: number;
  api: number;
  /** The URL's port is the host port that publishes the console (`9091:9001`). */
  published?: PortMapping;
}

export const s3EndpointConsolePort = defineRule<ConsolePort>({
  meta: {
    id: "s3-endpoint-console-port",
    title: "An S3 endpoint URL points at the store's web console, not its S3 API",
    defaultSeverity: "error",
    fixable: true,
  },
  run({ facts }) {
    const out: ConsolePort[] = [];
    const groups = facts.connections.groups(
      (c) => c.role === "s3-endpoint" && c.url.port?.number !== undefined && !!facts.s3.storeReachedBy(c),
    );
    for (const group of groups) {
      const { conn } = group;
      const store = facts.s3.storeReachedBy(conn)!;
      const services = group.services.filter((s) => !facts.networks.hasOwnNetworkMode(s));
      if (services.length === 0 || facts.connections.isUnresolved(conn, conn.url.port)) continue;
      const console = store.consolePort?.port;
      const api = store.apiPort?.port;
      if (console === undefined || api === undefined || console === api) continue;
      const port = conn.url.port!.number!;
      if (port === console) {
        out.push({ group: { ...group, services }, store, console, api });
        continue;
      }
      // The console's published host port (`9091:9001`), where the container does not listen.
      const published = facts.ports.publishing(store.service, port, console);
      if (published && port !== api && !facts.ports.listensOn(store.service, port))
        out.push({ group: { ...group, services }, store, console, api, published });
    }
    return out;
  },
  diagnostic({ facts }, { group, store, console, api, published }) {
    const { conn, services } = group;
    const name = `\`${store.service.name}\``;
    const label = s3StoreLabel(store.image.kind);
    const setBy = store.consolePort?.setBy ? ` (\`${store.consolePort.setBy}\`)` : " (the image's default)";
    const answer =
      store.image.kind === "minio"
        ? "`AccessDenied: S3 API Request made to Console port. S3 Requests should be sent to API port.`"
        : "errors: the console serves a web page, not the S3 API";
    const port = conn.url.port!.number!;
    if (published) {
      const mapText = published.str?.value.trim() ?? `${port}:${console}`;
      return {
        span: facts.connections.partSpan(conn, conn.url.port!),
        message: fitting(
          `Port ${port} is the published web console of S3 store ${name}, not its S3 API (${api}), so ${servicesShort(services)} cannot use it.`,
          `Port ${port} is the published web console of S3 store ${name}, not its S3 API (${api}).`,
          `Port ${port} is the store's published web console, not its S3 API (${api}).`,
        ),
        detail:
          `${name} publishes its web console (port ${console}${setBy}) on host port ${port} (\`${mapText}\`). ` +
          `Containers reach neither through it: the host port exists only on the Docker host, and the console is not ` +
          `the S3 API, which ${label} serves on port ${api}; ${servicesPhrase(services)} cannot connect.`,
      };
    }
    return {
      span: facts.connections.partSpan(conn, conn.url.port!),
      message: fitting(
        `Port ${console} is the web console of S3 store ${name}, not its S3 API (${api}), so ${servicesShort(services)} cannot use it.`,
        `Port ${console} is the web console of S3 store ${name}, not its S3 API (${api}).`,
        `Port ${console} is the store's web console, not its S3 API (${api}).`,
      ),
      detail:
        `${name} runs ${label} with its web console on port ${console}${setBy} and its S3 API on port ${api}. ` +
        `Every S3 request of ${servicesPhrase(services)} (MLflow's artifact uploads and downloads) is answered with ${answer}.`,
    };
  },
  fixes(_ctx, { group, api }) {
    const edit = replaceUrlPart(group.conn, group.conn.url.port, String(api));
    return edit ? [{ title: `Use the S3 API port ${api}`, edits: [edit], preferred: true }] : [];
  },
});
