import { describe, expect, it } from "vitest";
import { type LoadOptions, loadProject, MAX_FILE_BYTES } from "./load";
import { type PValue, pget } from "./tree";

/** Files as an editor would hand them over (path -> text); anything else is not there. */
function load(files: Record<string, string>, options: LoadOptions = {}) {
  const p = loadProject({ cwd: "/p", read: (path) => files[path], ...options });
  const textAt = (v: { file: string; span: { start: number; end: number } }) =>
    files[v.file]!.slice(v.span.start, v.span.end);
  return { ...p, textAt };
}

const item = (v: PValue | undefined, i: number) => (v?.kind === "seq" ? v.items[i] : undefined);

describe("loadProject", () => {
  it("reads compose.yaml and compose.override.yaml, each value keeping its file and range", () => {
    const p = load({
      "/p/compose.yaml": "services:\n  app:\n    image: app\n    ports: ['80:80']\n",
      "/p/compose.override.yaml": "services:\n  app:\n    ports: ['8080:8080']\n  db:\n    image: postgres\n",
    });
    expect(p.files).toEqual(["/p/compose.yaml", "/p/compose.override.yaml"]);
    expect([...p.services.keys()]).toEqual(["app", "db"]);
    const ports = pget(p.services.get("app"), "ports");
    expect(item(ports, 0)!.at.file).toBe("/p/compose.yaml");
    expect(item(ports, 1)!.at.file).toBe("/p/compose.override.yaml");
    expect(p.textAt(item(ports, 1)!.at)).toBe("'8080:8080'");
    expect(p.problems).toEqual([]);
  });

  it("docker-compose.yml takes docker-compose.override.yml, not compose.override.yaml", () => {
    const p = load({
      "/p/docker-compose.yml": "services: {a: {image: x}}\n",
      "/p/compose.override.yaml": "services: {b: {image: y}}\n",
    });
    expect(p.files).toEqual(["/p/docker-compose.yml"]);
  });

  it("an env_file variable knows its line in the env file; environment wins over it", () => {
    const p = load({
      "/p/compose.yaml": "services:\n  app:\n    image: app\n    env_file: app.env\n    environment: [B=2]\n",
      "/p/app.env": "# db\nURL=postgresql://u:p@localhost/x\nB=1\n",
    });
    const env = p.environment.get("app")!;
    const url = env.get("URL")!;
    expect(url.from).toBe("env_file");
    expect(url.keyAt.file).toBe("/p/app.env");
    expect(p.textAt(url.valueAt)).toBe("postgresql://u:p@localhost/x");
    expect(env.get("B")).toMatchObject({ value: "2", from: "environment" });
    expect(p.textAt(env.get("B")!.valueAt)).toBe("2");
  });

  it("a missing included, extended or env file is a hint at the reference, never an error", () => {
    const p = load({
      "/p/compose.yaml":
        "include: [gone.yaml]\nservices:\n  a:\n    extends: {file: nope.yaml, service: b}\n    image: x\n    env_file: [none.env, {path: opt.env, required: false}]\n",
    });
    expect(p.problems.map((x) => [x.severity, p.textAt(x)])).toEqual([
      ["hint", "nope.yaml"],
      ["hint", "gone.yaml"],
      ["hint", "none.env"],
    ]);
  });

  it("an include cycle is one error and loading ends", () => {
    const p = load({
      "/p/compose.yaml": "include: [b/compose.yaml]\nservices: {a: {image: x}}\n",
      "/p/b/compose.yaml": "include: [../compose.yaml]\nservices: {b: {image: y}}\n",
    });
    expect(p.problems).toHaveLength(1);
    expect(p.problems[0]).toMatchObject({ severity: "error", file: "/p/compose.yaml" });
    expect(p.textAt(p.problems[0]!)).toBe("b/compose.yaml");
    expect(p.problems[0]!.message).toMatch(/Include cycle/);
    expect([...p.services.keys()].sort()).toEqual(["a", "b"]);
  });

  it("an extends cycle (same file and across files) is one error each and loading ends", () => {
    const p = load({
      "/p/compose.yaml":
        "services:\n  a: {extends: b, image: x}\n  b: {extends: a}\n  c: {extends: {file: o.yaml, service: d}, image: x}\n",
      "/p/o.yaml": "services:\n  d: {extends: {file: compose.yaml, service: c}}\n",
    });
    const cycles = p.problems.filter((x) => /Extends cycle/.test(x.message));
    expect(cycles.length).toBeGreaterThanOrEqual(2);
    expect(cycles.every((x) => x.severity === "error")).toBe(true);
  });

  it("a huge file is one warning, not a hang", () => {
    const big = `services:\n  a:\n    image: x\n    environment:\n${"      K: v\n".repeat(MAX_FILE_BYTES / 10)}`;
    const started = Date.now();
    const p = load({
      "/p/compose.yaml": "include: [big.yaml]\nservices: {a0: {image: x}}\n",
      "/p/big.yaml": big,
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(p.problems.map((x) => x.severity)).toEqual(["warning"]);
  });

  it("a conflict between a service and an included one is an error on the service", () => {
    const p = load({
      "/p/compose.yaml": "include: [i.yaml]\nservices:\n  db: {image: postgres:16}\n",
      "/p/i.yaml": "services:\n  db: {image: postgres:15}\n",
    });
    expect(p.problems).toHaveLength(1);
    expect(p.textAt(p.problems[0]!)).toBe("db");
  });

  it("COMPOSE_FILE from the environment wins over .env", () => {
    const p = load(
      {
        "/p/.env": "COMPOSE_FILE=a.yml\n",
        "/p/a.yml": "services: {a: {image: x}}\n",
        "/p/b.yml": "services: {b: {image: y}}\n",
      },
      { environment: { COMPOSE_FILE: "b.yml" } },
    );
    expect([...p.services.keys()]).toEqual(["b"]);
  });
});
