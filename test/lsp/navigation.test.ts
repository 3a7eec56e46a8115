/**
 * textDocument/definition, references and documentHighlight against the built server over
 * stdio: from references to what they name, from a URL's host (and a healthcheck's `-h`) to
 * the service that answers to it, by whichever of its names.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DocumentHighlight, Location } from "vscode-languageserver-protocol";
import { EXAMPLE } from "../helpers/lint";
import type { LspClient } from "../helpers/lsp-client";
import { cursor, open, startClient, textAt } from "./editor-client";

const example = readFileSync(EXAMPLE, "utf8");

const STACK = `x-env: &env
  DATABASE_URL: postgresql://app:app@pg-main:5432/app
services:
  postgres:
    image: postgres:16
    container_name: pg-main
    environment:
      POSTGRES_USER: app
      POSTGRES_PASSWORD: app
    networks:
      backend:
        aliases: [warehouse]
    volumes:
      - pgdata:/var/lib/postgresql/data
  api:
    image: example/api
    environment:
      <<: *env
      REPORTS_URL: postgresql://app:app@warehouse:5432/app
      POSTGRES_HOST: postgres
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -h postgres -U app"]
    depends_on:
      postgres:
        condition: service_started
    networks: [backend]
  sidecar:
    image: busybox
    network_mode: service:api
    command: sh -c "wait-for-it postgres:5432 && echo up"
networks:
  backend: {}
volumes:
  pgdata: {}
`;

describe("definition and references over stdio", () => {
  let client: LspClient;
  beforeAll(async () => {
    client = await startClient();
  });
  afterAll(async () => {
    await client.shutdown();
  });

  async function definition(marked: string): Promise<{ text: string; target?: string; line?: number }> {
    const { text, position } = cursor(marked);
    const uri = await open(client, text);
    const loc = (await client.conn.sendRequest("textDocument/definition", {
      textDocument: { uri },
      position,
    })) as Location | null;
    if (!loc) return { text };
    expect(loc.uri).toBe(uri);
    return { text, target: textAt(text, loc), line: loc.range.start.line };
  }

  it("F12 on the host of a connection URL (the example's own, inside a folded command) goes to the service", async () => {
    const marked = example.replace(
      "--backend-store-uri postgresql+psycopg2://airflow:airflow@postgres:5432",
      "--backend-store-uri postgresql+psycopg2://airflow:airflow@post|gres:5432",
    );
    const r = await definition(marked);
    expect(r).toMatchObject({ target: "postgres", line: 6 }); // `  postgres:` is line 7
  });

  it("from depends_on, network_mode: service:, networks and volumes to their declarations", async () => {
    const dep = await definition(
      STACK.replace("    depends_on:\n      postgres:", "    depends_on:\n      post|gres:"),
    );
    expect(dep).toMatchObject({ target: "postgres", line: 3 });
    const nm = await definition(STACK.replace("service:api", "service:a|pi"));
    expect(nm).toMatchObject({ target: "api", line: 14 });
    const net = await definition(STACK.replace("networks: [backend]", "networks: [back|end]"));
    expect(net).toMatchObject({ target: "backend", line: 31 });
    const vol = await definition(STACK.replace("      - pgdata:", "      - pg|data:"));
    expect(vol).toMatchObject({ target: "pgdata", line: 33 });
  });

  it("a host reached by container_name or a network alias goes to that very name", async () => {
    const byContainer = await definition(STACK.replace("@pg-main:", "@pg-m|ain:"));
    expect(byContainer).toMatchObject({ target: "pg-main", line: 5 });
    const byAlias = await definition(STACK.replace("@warehouse:", "@ware|house:"));
    expect(byAlias).toMatchObject({ target: "warehouse", line: 11 });
  });

  it("healthcheck and command hosts, *_HOST values and YAML aliases", async () => {
    expect(
      await definition(STACK.replace("pg_isready -h postgres", "pg_isready -h po|stgres")),
    ).toMatchObject({
      target: "postgres",
      line: 3,
    });
    expect(
      await definition(STACK.replace("wait-for-it postgres:5432", "wait-for-it postg|res:5432")),
    ).toMatchObject({
      target: "postgres",
      line: 3,
    });
    expect(
      await definition(STACK.replace("POSTGRES_HOST: postgres", "POSTGRES_HOST: pos|tgres")),
    ).toMatchObject({
      target: "postgres",
    });
    expect(await definition(STACK.replace("<<: *env", "<<: *e|nv"))).toMatchObject({
      target: "env",
      line: 0,
    });
  });

  it("nothing where nothing is named", async () => {
    expect((await definition(STACK.replace("image: busybox", "image: busy|box"))).target).toBeUndefined();
    expect(
      (await definition(STACK.replace("POSTGRES_USER: app", "POSTGRES_USER: a|pp"))).target,
    ).toBeUndefined();
  });

  it("Shift+F12 on a service: every depends_on and URL host naming it, with or without the declaration", async () => {
    const { text, position } = cursor(example.replace("  postgres:\n    image", "  post|gres:\n    image"));
    const uri = await open(client, text);
    const refs = (await client.conn.sendRequest("textDocument/references", {
      textDocument: { uri },
      position,
      context: { includeDeclaration: false },
    })) as Location[];
    const lines = refs.map((r) => r.range.start.line + 1);
    // depends_on of airflow, airflow-scheduler, mlflow; the scheduler's URL; MLflow's --backend-store-uri.
    expect(lines).toEqual([21, 32, 35, 41, 47]);
    expect(refs.every((r) => textAt(text, r) === "postgres")).toBe(true);
    const withDecl = (await client.conn.sendRequest("textDocument/references", {
      textDocument: { uri },
      position,
      context: { includeDeclaration: true },
    })) as Location[];
    expect(withDecl.map((r) => r.range.start.line + 1)).toEqual([7, 21, 32, 35, 41, 47]);
  });

  it("references of a service reached by several names, found from one of its URL hosts", async () => {
    const { text, position } = cursor(STACK.replace("@warehouse:", "@ware|house:"));
    const uri = await open(client, text);
    const refs = (await client.conn.sendRequest("textDocument/references", {
      textDocument: { uri },
      position,
      context: { includeDeclaration: true },
    })) as Location[];
    expect(refs.map((r) => textAt(text, r))).toEqual([
      "pg-main", // the x-env anchor's DATABASE_URL, merged into api
      "postgres", // the declaration
      "warehouse",
      "postgres", // POSTGRES_HOST
      "postgres", // pg_isready -h
      "postgres", // depends_on
      "postgres", // wait-for-it
    ]);
  });

  it("document highlights: the declaration as a write, references as reads", async () => {
    const { text, position } = cursor(STACK.replace("  backend: {}", "  back|end: {}"));
    const uri = await open(client, text);
    const hl = (await client.conn.sendRequest("textDocument/documentHighlight", {
      textDocument: { uri },
      position,
    })) as DocumentHighlight[];
    expect(hl.map((h) => [textAt(text, h), h.kind, h.range.start.line])).toEqual([
      ["backend", 2, 10],
      ["backend", 2, 25],
      ["backend", 3, 31],
    ]);
  });
});
