/**
 * The package as users get it without a registry: `npm pack`, `npm install -g ./the.tgz`
 * into a temporary prefix, then the installed CLI lints a project outside the checkout and
 * the installed language server answers over stdio. (npm test has built dist/ already; the
 * pack runs without scripts so that it does not rebuild dist/ under the other tests' feet.)
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject } from "../helpers/cli";
import { LspClient } from "../helpers/lsp-client";
import { ROOT } from "../helpers/paths";

const work = mkdtempSync(join(tmpdir(), "mlops-pack-"));
const prefix = join(work, "prefix");
const bin = join(prefix, "bin", "mlops-compose");
const installed = join(prefix, "lib", "node_modules", "mlops-compose-doctor");
// No PATH entry into the checkout, no NODE_PATH: only what the package brings.
const env = { PATH: `${join(prefix, "bin")}:/usr/local/bin:/usr/bin:/bin`, HOME: work, NO_COLOR: "1" };
let files: string[] = [];

const COMPOSE = `version: "3.8"
services:
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: \${DB_PASSWORD}
  app:
    image: python:3.12
    environment:
      DATABASE_URL: postgresql://postgres:\${DB_PASSWORD}@localhost:5432/postgres
`;

beforeAll(() => {
  const packed = JSON.parse(
    execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], {
      cwd: ROOT,
      encoding: "utf8",
    }),
  )[0] as { filename: string; files: { path: string }[] };
  files = packed.files.map((f) => f.path);
  execFileSync(
    "npm",
    [
      "install",
      "-g",
      "--prefix",
      prefix,
      "--offline",
      "--no-audit",
      "--no-fund",
      join(work, packed.filename),
    ],
    { cwd: work, encoding: "utf8", env: { ...env, npm_config_cache: join(work, "npm-cache") } },
  );
}, 120_000);

describe("npm pack → npm install -g ./the.tgz", () => {
  it("packs the bundles, the bin, the config schema and the docs; not sources, tests or the extension", () => {
    for (const f of [
      "bin/mlops-compose.js",
      "dist/cli.js",
      "dist/server.js",
      "schemas/mlops-compose.schema.json",
    ])
      expect(files).toContain(f);
    expect(
      files.filter((f) =>
        /^(server|client|test|scripts|node_modules|examples)\/|extension\.js|\.map$/.test(f),
      ),
    ).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    // Nothing to install at run time: the bundles carry their dependencies.
    expect(pkg.dependencies).toBeUndefined();
    // `npm pack`, and git installs (pre-commit's `language: node`), build dist/ first.
    expect(pkg.scripts.prepare).toBe("npm run build");
  });

  it("the installed CLI lints a project outside the checkout, with its .env and config file", () => {
    expect(existsSync(bin)).toBe(true);
    const project = tempProject({
      "stack/docker-compose.yml": COMPOSE,
      "stack/.env": "DB_PASSWORD=s3cret\n",
      ".mlops-compose.yaml": "rules:\n  obsolete-version: off\n",
    });
    const r = spawnSync(bin, ["lint", "--format", "json", "stack"], { cwd: project, encoding: "utf8", env });
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout) as { file: string; rule: string }[];
    expect(out.map((f) => f.rule)).toContain("db-host-localhost");
    // The config file turned this one off.
    expect(out.map((f) => f.rule)).not.toContain("obsolete-version");
    expect(out[0].file).toBe("stack/docker-compose.yml");
    expect(r.status).toBe(1);
    const version = spawnSync(bin, ["--version"], { encoding: "utf8", env });
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version);
  });

  for (const [name, command] of [
    ["mlops-compose lsp --stdio", () => [bin, "lsp", "--stdio"]],
    [
      "node dist/server.js --stdio",
      () => [process.execPath, join(installed, "dist", "server.js"), "--stdio"],
    ],
  ] as const) {
    it(`the installed language server answers over stdio: ${name}`, async () => {
      const project = tempProject({ "compose.yaml": COMPOSE });
      const client = new LspClient([...command()], { cwd: work, env });
      try {
        const init = await client.initialize();
        expect(init.serverInfo?.name).toBe("mlops-compose-doctor");
        const uri = pathToFileURL(join(project, "compose.yaml")).href;
        await client.open(uri, COMPOSE, "yaml");
        const diags = await client.diagnostics(uri, (d) => d.length > 0);
        expect(diags.map((d) => d.code)).toEqual(
          expect.arrayContaining(["obsolete-version", "db-host-localhost"]),
        );
      } finally {
        await client.shutdown();
      }
      expect(client.stderr).toBe("");
    });
  }
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});
