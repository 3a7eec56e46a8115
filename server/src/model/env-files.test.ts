/**
 * env_file variables in the model (#13): every rule sees them, findings land in the env file
 * at the exact characters, and a fix there edits the env file.
 */
import { describe, expect, it } from "vitest";
import { analyze } from "../engine";
import { renameAt } from "../lsp/rename";
import { mayHaveUnreadEnv } from "./env-complete";

/** Analyses /p/compose.yaml with the other files given in memory (anything else is not there). */
function lint(files: Record<string, string>) {
  const text = files["/p/compose.yaml"]!;
  return analyze(text, { path: "/p/compose.yaml", project: { read: (p) => files[p] } });
}

const DB = "services:\n  db:\n    image: postgres:16\n    env_file: db.env\n";
const APP = "  app:\n    image: app\n    env_file: [app.env]\n    depends_on: [db]\n";

describe("env_file variables", () => {
  it("a wrong password in app.env is found there, at its characters, with a fix that edits app.env", () => {
    const appEnv = "export DATABASE_URL=postgresql://app:wrong@db:5432/app # the app's\n";
    const files = {
      "/p/compose.yaml": DB + APP,
      "/p/db.env": "POSTGRES_USER=app\nPOSTGRES_PASSWORD='s3cret'\nPOSTGRES_DB=app\n",
      "/p/app.env": appEnv,
    };
    const { findings, model } = lint(files);
    // The database's user and password come from db.env: known, so the mismatch is certain.
    expect(model.databaseByService.get("db")!.password.value).toBe("s3cret");
    const f = findings.find((x) => x.rule === "db-credentials-mismatch")!;
    expect(f.file).toBe("/p/app.env");
    expect(appEnv.slice(f.span.start, f.span.end)).toBe("wrong");
    // The healthcheck the fix adds logs in as db.env's user.
    const health = findings.find((x) => x.rule === "db-healthcheck-missing")!;
    expect(health.fixes![0]!.edits[0]!.newText).toContain("pg_isready -h 127.0.0.1 -U app -d app");
    // Its fix writes app.env (relative to the compose file), is never applied by --fix, and
    // applied to app.env gives the database's password.
    const fix = f.fixes!.find((x) => x.fileEdits?.some((e) => e.path === "app.env"))!;
    expect(fix.preferred).toBe(false);
    expect(fix.edits).toEqual([]);
    const [edit] = fix.fileEdits![0]!.edits;
    expect(fix.fileEdits![0]!.kind).toBe("env");
    expect(appEnv.slice(0, edit!.start) + edit!.newText + appEnv.slice(edit!.end)).toBe(
      "export DATABASE_URL=postgresql://app:s3cret@db:5432/app # the app's\n",
    );
    // Nothing of it is in the compose file's own findings' places.
    expect(findings.filter((x) => !x.file).every((x) => x.span.end <= model.text.length)).toBe(true);
  });

  it("`environment:` wins over the env file: the overridden value is not the service's", () => {
    const { model } = lint({
      "/p/compose.yaml":
        "services:\n  app:\n    image: app\n    env_file: app.env\n    environment:\n      MODE: prod\n",
      "/p/app.env": "MODE=dev\nEXTRA=1\n",
    });
    const env = model.serviceByName.get("app")!.environment;
    expect(env.filter((e) => e.name === "MODE").map((e) => [e.form, e.value?.value])).toEqual([
      ["map", "prod"],
    ]);
    expect(env.find((e) => e.name === "EXTRA")?.form).toBe("env_file");
    expect(mayHaveUnreadEnv(model.serviceByName.get("app")!)).toBe(false);
  });

  it("a missing required env file leaves the service's variables unknown: no finding from a default", () => {
    const { model, findings } = lint({
      "/p/compose.yaml": `${DB}  app:\n    image: app\n    environment:\n      DATABASE_URL: postgresql://postgres:x@db/postgres\n`,
    });
    expect(mayHaveUnreadEnv(model.serviceByName.get("db")!)).toBe(true);
    expect(model.databaseByService.get("db")!.password.known).toBe(false);
    expect(findings.filter((f) => f.rule === "db-credentials-mismatch")).toEqual([]);
  });

  it("an optional env file that is absent is known to set nothing", () => {
    const { model } = lint({
      "/p/compose.yaml":
        "services:\n  db:\n    image: postgres:16\n    env_file:\n      - path: db.env\n        required: false\n",
    });
    expect(mayHaveUnreadEnv(model.serviceByName.get("db")!)).toBe(false);
    expect(model.databaseByService.get("db")!.user).toMatchObject({ value: "postgres", known: true });
  });

  it("a double-quoted value with an escape is read, placed at the whole value, never edited in place", () => {
    const appEnv = 'DATABASE_URL="postgresql://app:wr\\ong@localhost/app"\n';
    const { findings } = lint({
      "/p/compose.yaml": DB + APP,
      "/p/db.env": "POSTGRES_USER=app\nPOSTGRES_PASSWORD=pw\n",
      "/p/app.env": appEnv,
    });
    const f = findings.find((x) => x.rule === "db-host-localhost")!;
    expect(f.file).toBe("/p/app.env");
    expect(appEnv.slice(f.span.start, f.span.end)).toBe('"postgresql://app:wr\\ong@localhost/app"');
    expect(f.fixes!.filter((x) => x.fileEdits?.length)).toEqual([]);
  });

  it("a password in an env file is not a plain-text secret of the compose file", () => {
    const { findings } = lint({
      "/p/compose.yaml": DB + APP,
      "/p/db.env": "POSTGRES_USER=app\nPOSTGRES_PASSWORD=pw\n",
      "/p/app.env": "DATABASE_URL=postgresql://app:pw@db:5432/postgres\n",
    });
    expect(findings.filter((f) => f.rule === "plaintext-secret")).toEqual([]);
  });
});

describe("env_file variables and editor features", () => {
  it("renaming a service edits only the compose file, never offsets of an env file", () => {
    const text = `${DB}  app:\n    image: app\n    env_file: app.env\n`;
    const { model } = analyze(text, {
      path: "/p/compose.yaml",
      project: {
        read: (p) =>
          ({ "/p/db.env": "POSTGRES_PASSWORD=pw\n", "/p/app.env": "DATABASE_URL=postgresql://u:pw@db/x\n" })[
            p
          ],
      },
    });
    const result = renameAt(model, text.indexOf("db:"), "database");
    expect(result && "edits" in result).toBe(true);
    const edits = (result as { edits: { start: number; end: number }[] }).edits;
    expect(edits.length).toBeGreaterThan(0);
    expect(edits.every((e) => e.end <= text.length)).toBe(true);
  });
});
