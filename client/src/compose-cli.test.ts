/** CLI detection with stand-in executables on PATH: no Docker needed, no VS Code either. */
import { chmodSync, existsSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ComposeCliCache, detectComposeCli, parseComposeSetting } from "./compose-cli";

/** A PATH with only the given stand-ins and `sleep`: a real docker on this machine is never reached. */
function pathWith(tools: Record<string, string>): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), "mlops-cli-detect-"));
  for (const [name, body] of Object.entries(tools)) {
    writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  }
  const sleep = ["/usr/bin/sleep", "/bin/sleep"].find((f) => existsSync(f));
  if (sleep) symlinkSync(sleep, join(dir, "sleep"));
  return { PATH: dir };
}

const V1 = 'if [ "$1" = version ]; then echo 1.29.2; exit 0; fi; exit 1';
const NO_PLUGIN = "echo \"docker: 'compose' is not a docker command.\" >&2; exit 1";

describe("detectComposeCli", () => {
  it("the compose plugin, whatever its major version (2.x, 5.x)", async () => {
    for (const v of ["2.29.7", "5.0.1", "v2.40.3-desktop.1"]) {
      const env = pathWith({
        docker: `[ "$1 $2 $3" = "compose version --short" ] && echo ${v} && exit 0; exit 1`,
      });
      expect(await detectComposeCli({ env, timeoutMs: 5000 })).toEqual({
        command: ["docker", "compose"],
        version: v,
        legacy: false,
      });
    }
  });

  it("the standalone docker-compose v1 (Debian's) when the plugin is missing", async () => {
    const env = pathWith({ docker: NO_PLUGIN, "docker-compose": V1 });
    expect(await detectComposeCli({ env, timeoutMs: 5000 })).toEqual({
      command: ["docker-compose"],
      version: "1.29.2",
      legacy: true,
    });
  });

  it("a standalone docker-compose v2 is not legacy", async () => {
    const env = pathWith({ "docker-compose": "echo 2.24.6" });
    expect(await detectComposeCli({ env, timeoutMs: 5000 })).toMatchObject({
      command: ["docker-compose"],
      legacy: false,
    });
  });

  it("nothing installed: undefined", async () => {
    expect(await detectComposeCli({ env: pathWith({}), timeoutMs: 5000 })).toBeUndefined();
  });

  it("a docker that hangs is cut off by the timeout and the next candidate is tried", async () => {
    const env = pathWith({ docker: "exec sleep 30", "docker-compose": V1 });
    const t0 = Date.now();
    expect((await detectComposeCli({ env, timeoutMs: 300 }))?.command).toEqual(["docker-compose"]);
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});

describe("ComposeCliCache and the setting", () => {
  it("detects once per workspace folder, and retries after a failure", async () => {
    let calls = 0;
    let result: { command: string[]; legacy: boolean } | undefined;
    const cache = new ComposeCliCache(async () => {
      calls++;
      return result;
    });
    expect(await cache.get("a")).toBeUndefined();
    result = { command: ["docker", "compose"], legacy: false };
    expect(await cache.get("a")).toEqual(result);
    expect(await cache.get("a")).toEqual(result);
    expect(calls).toBe(2);
    await cache.get("b");
    expect(calls).toBe(3);
    cache.clear();
    await cache.get("a");
    expect(calls).toBe(4);
  });

  it("splits the composeCommand setting into words", () => {
    expect(parseComposeSetting("  docker   compose ")).toEqual(["docker", "compose"]);
    expect(parseComposeSetting("")).toBeUndefined();
    expect(parseComposeSetting(42)).toBeUndefined();
  });
});
