/**
 * The client's strings go through `vscode.l10n.t` (English is the key); the Korean bundle
 * VS Code loads (package.json `l10n`) must have every one, with the same placeholders.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { NO_COMPOSE_MESSAGE } from "./compose-cli";
import { describeProgress, dockerUnavailableMessage, english } from "./progress";

const SRC = new URL("./", import.meta.url).pathname;
const ROOT = new URL("../../", import.meta.url).pathname;
const bundle: Record<string, string> = JSON.parse(readFileSync(`${ROOT}l10n/bundle.l10n.ko.json`, "utf8"));

/** Every literal passed to `vscode.l10n.t(...)` or a `t(...)` parameter in the client's code. */
function usedKeys(): string[] {
  const keys = new Set<string>([NO_COMPOSE_MESSAGE]);
  for (const f of readdirSync(SRC).filter((n) => n.endsWith(".ts") && !n.endsWith(".test.ts"))) {
    const text = readFileSync(`${SRC}${f}`, "utf8");
    for (const m of text.matchAll(/(?:vscode\.l10n\.t|\bt)\(\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/g))
      keys.add(
        m[1].startsWith('"') ? JSON.parse(m[1]) : JSON.parse(`"${m[1].slice(1, -1).replace(/"/g, '\\"')}"`),
      );
  }
  return [...keys];
}

const placeholders = (s: string) => [...new Set(s.match(/\{\d+\}/g) ?? [])].sort();

describe("the client's Korean bundle", () => {
  const keys = usedKeys();

  it("has every string the client localizes, and no other", () => {
    expect(keys.length).toBeGreaterThan(40);
    expect(keys.filter((k) => !(k in bundle))).toEqual([]);
    expect(Object.keys(bundle).filter((k) => !keys.includes(k))).toEqual([]);
  });

  it("keeps each message's placeholders and is Korean", () => {
    for (const [en, ko] of Object.entries(bundle)) {
      expect(placeholders(ko), en).toEqual(placeholders(en));
      expect(ko, en).toMatch(/[\uac00-\ud7a3]/);
    }
  });

  it("reads the status bar and the Docker notification in Korean through a translator", () => {
    const ko = (m: string, ...args: Array<string | number>) => english(bundle[m] ?? m, ...args);
    expect(describeProgress("MLOps", "stage 1 3 databases\nfailed 1 3 databases", ko).text).toBe(
      "$(error) MLOps: 1/3단계 databases 실패",
    );
    expect(describeProgress("MLOps", "exit 0", ko).text).toBe("$(check) MLOps: 완료");
    const msg = dockerUnavailableMessage({ kind: "down", cause: "Cannot connect" }, "연결 확인", ko);
    expect(msg).toContain("Docker 데몬이 응답하지 않습니다(Cannot connect)");
    // English stays the default.
    expect(describeProgress("MLOps", "exit 0").text).toBe("$(check) MLOps: done");
  });
});
