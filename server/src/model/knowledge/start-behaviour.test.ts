/** Every entry of the start-behaviour tables says where it was read (a pinned file, a page or an issue). */
import { describe, expect, it } from "vitest";
import { IMAGE_START, PROGRAM_START, type StartSource } from "./start-behaviour";

const sourced = (s: StartSource) =>
  (!!s.repository && !!s.path && /^[0-9a-f]{40}$/.test(s.commit ?? "")) ||
  /^https:\/\//.test(s.url ?? "") ||
  /^[\w.-]+\/[\w.-]+#\d+$/.test(s.issue ?? "");

describe("start-behaviour knowledge", () => {
  it("every image and program entry has a source: a file at a commit, a URL or an issue", () => {
    for (const e of [...IMAGE_START, ...PROGRAM_START]) {
      expect(e.source.length, e.how).toBeGreaterThan(0);
      for (const s of e.source) expect(sourced(s), `${e.how}: ${JSON.stringify(s)}`).toBe(true);
      expect(e.how.length, e.how).toBeLessThan(120);
    }
  });

  it("matches the commands it is about and not their look-alikes", () => {
    const kind = (line: string, family = "postgres") =>
      PROGRAM_START.find(
        (p) => p.command.test(line) && (!p.families || (p.families as string[]).includes(family)),
      )?.kind;
    expect(kind("mlflow server --backend-store-uri postgresql://u:p@db/m")).toBe("waits");
    expect(kind("python -m mlflow db upgrade postgresql://u:p@db/m")).toBe("waits");
    expect(kind("mlflow server --host 0.0.0.0", "s3")).toBe("not-at-start");
    expect(kind("mlflow run .")).toBeUndefined();
    expect(kind("celery -A app worker -l info", "redis")).toBe("waits");
    expect(kind("celery -A app beat", "redis")).toBeUndefined();
    expect(kind("alembic upgrade head")).toBe("fails-hard");
    expect(kind("python manage.py migrate")).toBe("fails-hard");
    expect(kind("python manage.py runserver")).toBeUndefined();
    expect(kind("sleep infinity")).toBe("not-at-start");
    expect(kind("sleep 5")).toBeUndefined();
    expect(kind("/usr/bin/mc alias set m http://minio:9000 a b", "s3")).toBe("fails-hard");
  });
});
