/**
 * The real Compose validators behind the fix promises (test/helpers/compose-cli.ts): Compose
 * v2 is required (missing, the run fails: it never skips), v1 is used where installed; both
 * accept what Compose accepts and reject the rest with Compose's own message; v2 needs no
 * project directory name of ours, and an alias bomb is cut off (SIGKILL) instead of hanging.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  composeConfigV1,
  composeConfigV2,
  composeConfigV2Sync,
  composeValidators,
  findComposeV1,
  findComposeV2,
  guarded,
  v1Required,
} from "../helpers/compose-cli";

const VALID = "services:\n  a:\n    image: x\n";
const UNDEFINED_SERVICE = "services:\n  a:\n    image: x\n    depends_on: [nope]\n";
const UNKNOWN_KEY = "services:\n  a:\n    imagee: x\n";
// Not `v:/x`: v2 reads a one-letter source as a Windows drive (an anonymous volume at "v:/x").
const UNDEFINED_VOLUME = "services:\n  a:\n    image: x\n    volumes: ['data:/x']\n";

/** Nine levels of nine aliases: 9^9 nodes when expanded. v2 spins on it and ignores SIGTERM. */
const ALIAS_BOMB = `${["a", "b", "c", "d", "e", "f", "g", "h", "i"]
  .map(
    (k, i, all) =>
      `x-${k}: &${k} [${Array(9)
        .fill(i === 0 ? '"l"' : `*${all[i - 1]}`)
        .join(",")}]`,
  )
  .join("\n")}\nservices:\n  a:\n    image: x\n`;

describe("Compose validators", () => {
  it("Compose v2 is installed (no validator: the test run fails, never skips)", () => {
    const v2 = findComposeV2();
    expect(v2, "install Compose v2: sudo bash scripts/engine/setup.sh").toBeDefined();
    expect(v2!.version).not.toMatch(/^1\./);
    const ids = composeValidators().map((v) => v.id);
    expect(ids[0]).toBe("v2");
    if (v1Required()) expect(ids).toContain("v1");
    console.log(
      `[validators] ${composeValidators()
        .map((v) => v.label)
        .join(", ")}`,
    );
  });

  it("v2 accepts valid files and rejects invalid ones with Compose's message", async () => {
    const [ok, undefinedService, unknownKey, undefinedVolume] = await composeConfigV2([
      VALID,
      UNDEFINED_SERVICE,
      UNKNOWN_KEY,
      UNDEFINED_VOLUME,
    ]);
    expect(ok).toEqual({ ok: true, output: "" });
    expect(undefinedService.ok).toBe(false);
    expect(undefinedService.output).toMatch(/service "a" depends on undefined service "nope"/);
    expect(unknownKey.ok).toBe(false);
    expect(unknownKey.output).toMatch(/services\.a Additional property imagee is not allowed/);
    expect(undefinedVolume.ok).toBe(false);
    expect(undefinedVolume.output).toMatch(/service "a" refers to undefined volume data/);
    // The blocking variant answers the same.
    expect(composeConfigV2Sync([VALID, UNKNOWN_KEY]).map((r) => r.ok)).toEqual([true, false]);
  });

  it('v2 rejects a string where the schema wants a list (`ports: "5432:5432"`)', async () => {
    const text = 'services:\n  db:\n    image: x\n    ports: "5432:5432"\n';
    const [v2] = await composeConfigV2([text]);
    expect(v2.ok).toBe(false);
    expect(v2.output).toMatch(/services\.db\.ports must be a list/);
  });

  it.runIf(findComposeV1() !== undefined)(
    "v1 accepts valid files and rejects invalid ones with its message",
    async () => {
      const [ok, undefinedService, unknownKey, undefinedVolume] = await composeConfigV1([
        VALID,
        UNDEFINED_SERVICE,
        UNKNOWN_KEY,
        UNDEFINED_VOLUME,
      ]);
      expect(ok).toEqual({ ok: true, output: "" });
      expect(undefinedService.ok).toBe(false);
      expect(undefinedService.output).toMatch(/nope/);
      expect(unknownKey.ok).toBe(false);
      expect(unknownKey.output).toMatch(/imagee/);
      expect(undefinedVolume.ok).toBe(false);
      expect(undefinedVolume.output).toMatch(
        /Named volume "data:\/x(:rw)?" is used in service "a" but no declaration was found/,
      );
    },
  );

  it("an alias bomb is killed after the timeout, and the other files of the batch still get answers", async () => {
    const t0 = Date.now();
    const [bomb, ok] = await composeConfigV2([ALIAS_BOMB, VALID], { timeoutMs: 1500 });
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(bomb).toMatchObject({ ok: false, timedOut: true });
    expect(ok).toEqual({ ok: true, output: "" });
  });

  it("the guard ends v2 on its own: nobody waits for it (as when a test worker is killed)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mlops-orphan-"));
    const file = join(dir, "docker-compose.yml");
    writeFileSync(file, ALIAS_BOMB);
    const v2 = findComposeV2()!;
    const [cmd, ...args] = guarded([...v2.argv, "-p", "orphan", "-f", file, "config", "-q"], 1000);
    spawn(cmd, args, { detached: true, stdio: "ignore" }).unref();
    // Processes whose command line names the file: the guard and Compose itself.
    const alive = () =>
      readdirSync("/proc")
        .filter((p) => /^\d+$/.test(p))
        .filter((p) => {
          try {
            return readFileSync(`/proc/${p}/cmdline`, "utf8").includes(file);
          } catch {
            return false;
          }
        });
    await new Promise((r) => setTimeout(r, 400));
    expect(alive().length).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 2600));
    expect(alive()).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });
});
