/**
 * textDocument/prepareRename and rename against the built server over stdio. Every rename's
 * result passes both Compose CLIs (`docker compose config -q`, `docker-compose config -q`,
 * each in its own temporary folder), as its input did, and keeps what our own rules say.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Range, WorkspaceEdit } from "vscode-languageserver-protocol";
import { composeConfigBoth } from "../helpers/compose-clis";
import { EXAMPLE, lintText } from "../helpers/lint";
import { applyLspEdits, type LspClient } from "../helpers/lsp-client";
import { cursor, open, startClient, textAt } from "./editor-client";

const example = readFileSync(EXAMPLE, "utf8");

const STACK = `services:
  postgres:
    image: postgres:16
    container_name: pg-main
    environment:
      POSTGRES_USER: app
      POSTGRES_PASSWORD: app
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -h postgres -U app"]
    networks:
      backend:
        aliases: [warehouse]
    volumes:
      - pgdata:/var/lib/postgresql/data
  api:
    image: example/api
    environment:
      DATABASE_URL: postgresql://app:app@postgres:5432/app
      REPORTS_URL: postgresql://app:app@warehouse:5432/app
      LEGACY_URL: postgresql://app:app@pg-main:5432/app
      POSTGRES_HOST: postgres
    depends_on:
      postgres:
        condition: service_healthy
    networks: [backend]
  base:
    image: example/worker
    environment:
      LOG_LEVEL: info
  worker:
    extends:
      service: base
    links:
      - "postgres:db"
    volumes_from:
      - postgres:ro
  sidecar:
    image: busybox
    network_mode: service:api
    depends_on: [api, postgres]
    command: sh -c "wait-for-it postgres:5432 -- echo up"
networks:
  backend: {}
volumes:
  pgdata: {}
`;

function expectBothClisAccept(text: string): void {
  for (const v of composeConfigBoth(text))
    expect(v.ok, `${v.cli} rejects:\n${v.output}\n---\n${text}`).toBe(true);
}

describe("rename over stdio", { timeout: 120_000 }, () => {
  let client: LspClient;
  beforeAll(async () => {
    client = await startClient();
  });
  afterAll(async () => {
    await client.shutdown();
  });

  async function prepare(
    marked: string,
  ): Promise<{ text: string; range?: Range; placeholder?: string; error?: string }> {
    const { text, position } = cursor(marked);
    const uri = await open(client, text);
    try {
      const r = (await client.conn.sendRequest("textDocument/prepareRename", {
        textDocument: { uri },
        position,
      })) as {
        range: Range;
        placeholder: string;
      } | null;
      return { text, ...(r ?? {}) };
    } catch (e) {
      return { text, error: (e as Error).message };
    }
  }

  async function rename(
    marked: string,
    newName: string,
  ): Promise<{ before: string; after?: string; error?: string }> {
    const { text, position } = cursor(marked);
    const uri = await open(client, text);
    try {
      const edit = (await client.conn.sendRequest("textDocument/rename", {
        textDocument: { uri },
        position,
        newName,
      })) as WorkspaceEdit;
      return { before: text, after: applyLspEdits(text, edit.changes![uri]) };
    } catch (e) {
      return { before: text, error: (e as Error).message };
    }
  }

  it("both CLIs accept the inputs these tests rename", () => {
    expectBothClisAccept(example);
    expectBothClisAccept(STACK);
  });

  it("prepareRename gives the exact characters: a key, a depends_on item, a URL host, a quoted link", async () => {
    const key = await prepare(example.replace("  postgres:\n    image", "  pos|tgres:\n    image"));
    expect(textAt(key.text, { range: key.range! })).toBe("postgres");
    expect(key.placeholder).toBe("postgres");
    expect(key.range!.start).toEqual({ line: 6, character: 2 });
    const host = await prepare(
      example.replace(
        "@postgres:5432/airflow\n    command: airflow",
        "@postg|res:5432/airflow\n    command: airflow",
      ),
    );
    expect(host.range).toEqual({ start: { line: 34, character: 83 }, end: { line: 34, character: 91 } });
    const link = await prepare(STACK.replace('- "postgres:db"', '- "post|gres:db"'));
    expect(textAt(link.text, { range: link.range! })).toBe("postgres");
    expect(link.range!.start.character).toBe(9); // inside the quotes
  });

  it("F2 on the example's database: the key, every depends_on and both URL hosts; the CLIs and our rules agree", async () => {
    const r = await rename(example.replace("  postgres:\n    image", "  post|gres:\n    image"), "db");
    expect(r.error).toBeUndefined();
    const expected = example
      .replace("  postgres:\n    image", "  db:\n    image")
      .replaceAll("      - postgres\n", "      - db\n")
      .replace(
        "postgresql+psycopg2://postgres:airflow@postgres:5432",
        "postgresql+psycopg2://postgres:airflow@db:5432",
      )
      .replace(
        "airflow:airflow@postgres:5432/airflow\n      --default",
        "airflow:airflow@db:5432/airflow\n      --default",
      );
    expect(r.after).toBe(expected);
    expectBothClisAccept(r.after!);
    const rules = (t: string) =>
      lintText(t)
        .map((f) => `${f.rule}@${f.start.line}`)
        .sort();
    // The same findings on the same lines: nothing broke, nothing was hidden.
    expect(rules(r.after!)).toEqual(rules(example));
  });

  it("a service named by key, link, volumes_from, healthcheck, *_HOST and command hosts; other names stay", async () => {
    const r = await rename(STACK.replace("  postgres:\n    image", "  postgr|es:\n    image"), "db");
    expect(r.error).toBeUndefined();
    const after = r.after!;
    expect(after).toContain("  db:\n    image: postgres:16\n    container_name: pg-main");
    expect(after).toContain('"pg_isready -h db -U app"');
    expect(after).toContain("DATABASE_URL: postgresql://app:app@db:5432/app");
    expect(after).toContain("REPORTS_URL: postgresql://app:app@warehouse:5432/app"); // the alias
    expect(after).toContain("LEGACY_URL: postgresql://app:app@pg-main:5432/app"); // the container_name
    expect(after).toContain("POSTGRES_HOST: db\n");
    expect(after).toContain("    depends_on:\n      db:\n        condition: service_healthy");
    expect(after).toContain('      - "db:db"');
    expect(after).toContain("      - db:ro");
    expect(after).toContain("depends_on: [api, db]");
    expect(after).toContain('"wait-for-it db:5432 -- echo up"');
    expect(after).not.toMatch(/\bpostgres\b(?!:16|ql)/);
    expectBothClisAccept(after);
  });

  it("a service that network_mode, extends and a flow depends_on name", async () => {
    const r = await rename(STACK.replace("  api:\n", "  a|pi:\n"), "gateway");
    expect(r.after).toContain("  gateway:\n    image: example/api");
    expect(r.after).toContain("    network_mode: service:gateway\n    depends_on: [gateway, postgres]");
    expectBothClisAccept(r.after!);
    const ext = await rename(STACK.replace("  base:\n", "  ba|se:\n"), "common");
    expect(ext.after).toContain("  common:\n    image: example/worker");
    expect(ext.after).toContain("  worker:\n    extends:\n      service: common\n");
    expectBothClisAccept(ext.after!);
  });

  it("a network and a volume: declaration and every use", async () => {
    const net = await rename(STACK.replace("  backend: {}", "  back|end: {}"), "private");
    expect(net.after).toContain("      private:\n        aliases: [warehouse]");
    expect(net.after).toContain("    networks: [private]");
    expect(net.after).toContain("networks:\n  private: {}");
    expectBothClisAccept(net.after!);
    const vol = await rename(STACK.replace("      - pgdata:/var", "      - pg|data:/var"), "pg_data");
    expect(vol.after).toContain("      - pg_data:/var/lib/postgresql/data");
    expect(vol.after).toContain("volumes:\n  pg_data: {}");
    expectBothClisAccept(vol.after!);
  });

  it("a name YAML would read as a number gets quotes, and both CLIs take it", async () => {
    const r = await rename(STACK.replace("  api:\n", "  a|pi:\n"), "123");
    expect(r.after).toContain('  "123":\n    image: example/api');
    expect(r.after).toContain('    network_mode: service:123\n    depends_on: ["123", postgres]');
    expectBothClisAccept(r.after!);
  });

  it("refuses names Compose rejects and names that would capture other hosts, and says why", async () => {
    const at = STACK.replace("  api:\n", "  a|pi:\n");
    expect((await rename(at, "my api")).error).toBe(
      "Compose rejects a space in a service name: only letters, digits, `.`, `_` and `-` are allowed (docker compose and docker-compose both refuse `my api`).",
    );
    expect((await rename(at, "api/v2")).error).toMatch(/^Compose rejects `\/` in a service name/);
    expect((await rename(at, "sidecar")).error).toBe("A service named `sidecar` already exists.");
    expect((await rename(at, "pg-main")).error).toBe(
      "`pg-main` is already the container_name of service `postgres`: hosts named `pg-main` would reach two containers.",
    );
    const vol = STACK.replace("  pgdata: {}", "  pg|data: {}");
    expect((await rename(vol, ".data")).error).toMatch(
      /reads a name starting with `\.` as a relative host path/,
    );
    expect((await rename(vol, "d")).error).toMatch(/one-letter name as a Windows drive letter/);
    // What Compose would reject really is rejected by both CLIs.
    for (const v of composeConfigBoth(
      STACK.replaceAll("api", "my api").replace("service:my api", "service:my api"),
    ))
      expect(v.ok).toBe(false);
  });

  it("refuses to rename through a host that is another name of the service, or the default network", async () => {
    const byContainer = await prepare(STACK.replace("@pg-main:", "@pg-m|ain:"));
    expect(byContainer.error).toBe(
      "`pg-main` is the container_name of service `postgres`, not its name: rename the service at its key, or change the container_name where it is set.",
    );
    const byAlias = await prepare(STACK.replace("@warehouse:", "@ware|house:"));
    expect(byAlias.error).toMatch(/^`warehouse` is the network alias of service `postgres`/);
    const dflt = await prepare(
      "services:\n  a:\n    image: x\n    networks: [def|ault]\nnetworks:\n  default: {}\n",
    );
    expect(dflt.error).toMatch(/^`default` is the network Compose puts every service without `networks:` on/);
  });

  it("refuses a rename that would leave a host from .env behind", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mcd-rename-"));
    try {
      writeFileSync(join(dir, ".env"), "DB_HOST=postgres\n");
      const { text, position } = cursor(
        "services:\n  post|gres:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: x\n  app:\n    image: x\n    environment:\n      DATABASE_URL: postgresql://u:x@${DB_HOST}:5432/postgres\n",
      );
      const uri = await open(client, text, "docker-compose.yml", dir);
      const err = await client.conn
        .sendRequest("textDocument/rename", { textDocument: { uri }, position, newName: "db" })
        .then(
          () => undefined,
          (e: Error) => e.message,
        );
      expect(err).toBe(
        "`postgres` is also named where it cannot be replaced in place (line 9: from a variable or an escape). Change those first.",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
