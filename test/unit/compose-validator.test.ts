/** The real compose validator used by the fix promises accepts what compose accepts and rejects the rest. */
import { describe, expect, it } from "vitest";
import { composeConfigBatch, hasComposeValidator } from "../helpers/fix-promises";

describe.skipIf(!hasComposeValidator())("docker-compose's own loader, batched", () => {
  it("accepts valid files and rejects invalid ones with compose's message", () => {
    const [ok, undefinedService, unknownKey, undefinedVolume] = composeConfigBatch([
      "services:\n  a:\n    image: x\n",
      "services:\n  a:\n    image: x\n    depends_on: [nope]\n",
      "services:\n  a:\n    imagee: x\n",
      "services:\n  a:\n    image: x\n    volumes: ['v:/x']\n",
    ]);
    expect(ok).toEqual({ ok: true, output: "" });
    expect(undefinedService.ok).toBe(false);
    expect(undefinedService.output).toMatch(/nope/);
    expect(unknownKey.ok).toBe(false);
    expect(unknownKey.output).toMatch(/imagee/);
    expect(undefinedVolume.ok).toBe(false);
    expect(undefinedVolume.output).toMatch(
      /Named volume "v:\/x(:rw)?" is used in service "a" but no declaration was found/,
    );
  });
});
