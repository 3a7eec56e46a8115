/**
 * The server under an editor's worst day: 10,000 random edits in a row (memory stays
 * stable, the final diagnostics are exactly those of the final text), and superseded work
 * never publishes stale diagnostics.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCompose } from "../../bench/generate";
import { analyze } from "../../server/src/engine";
import { INCREMENTAL_MIN_LENGTH } from "../../server/src/parse/incremental";
import { fullMessage } from "../../server/src/rules/types";
import { EXAMPLE } from "../helpers/lint";
import { applyLspEdits, LspClient } from "../helpers/lsp-client";

const example = readFileSync(EXAMPLE, "utf8");

function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]);
}

/** A small deterministic PRNG so a failure can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function positionAt(text: string, offset: number) {
  const before = text.slice(0, offset);
  const line = before.split("\n").length - 1;
  return { line, character: offset - (before.lastIndexOf("\n") + 1) };
}

describe("language server stress", () => {
  let client: LspClient;
  beforeAll(async () => {
    client = new LspClient();
    await client.initialize();
  });
  afterAll(async () => {
    await client.shutdown();
  });

  it("survives 10,000 random didChange edits with stable memory and exact final diagnostics", async () => {
    const uri = "file:///stress/docker-compose.yml";
    let text = example;
    await client.open(uri, text);
    await client.diagnostics(uri);
    const random = rng(42);
    const pieces = [
      "postgres",
      ":",
      "\n",
      "  ",
      "- ",
      "${X}",
      "@",
      "5432",
      "#",
      "'",
      '"',
      "[",
      "{",
      "}",
      "&a",
      "*a",
      "<<: *a",
    ];
    const warmup = 1000;
    let rssAfterWarmup = 0;
    for (let v = 2; v <= 10_001; v++) {
      const start = Math.floor(random() * (text.length + 1));
      const del = random() < 0.5 ? Math.floor(random() * 4) : 0;
      const end = Math.min(text.length, start + del);
      const ins = random() < 0.7 ? pieces[Math.floor(random() * pieces.length)] : "";
      const change = { range: { start: positionAt(text, start), end: positionAt(text, end) }, text: ins };
      text = applyLspEdits(text, [{ range: change.range, newText: ins }]);
      // Keep the document from growing or shrinking without bound.
      if (text.length > example.length * 2 || text.length < 50) {
        await client.change(uri, v, [{ text: example }]);
        text = example;
      } else {
        await client.change(uri, v, [change]);
      }
      if (v % 500 === 0) await client.diagnostics(uri, (_d, p) => p.version === v, 30_000);
      if (v === warmup) rssAfterWarmup = rssKb(client.proc.pid!);
    }
    const final = await client.diagnostics(uri, (_d, p) => p.version === 10_001, 30_000);
    const expected = analyze(text).findings.map((f) => `${f.rule}:${f.span.start}`);
    const doc = text;
    const got = final.map((d) => {
      const lines = doc.split("\n");
      let off = 0;
      for (let i = 0; i < d.range.start.line; i++) off += lines[i].length + 1;
      return `${d.code}:${off + d.range.start.character}`;
    });
    expect(got).toEqual(expected);
    const rssEnd = rssKb(client.proc.pid!);
    // Stable: after warm-up, 9,000 more edits may not grow the server by more than 60 MB.
    expect(rssEnd - rssAfterWarmup).toBeLessThan(60 * 1024);
  }, 240_000);

  it("a big file, re-parsed piece by piece, stays exact edit after edit", async () => {
    // Over 100 KB: the server re-parses only what each edit touched and reuses the rest.
    const base = generateCompose(200);
    expect(base.length).toBeGreaterThan(INCREMENTAL_MIN_LENGTH);
    const uri = "file:///big/docker-compose.yml";
    let text = base;
    await client.open(uri, text);
    await client.diagnostics(uri);
    const random = rng(7);
    const pieces = ["x", " ", "\n", "  ", "- ", ":", "#", "db1", "@", "5432", "\n  svc_new:\n    image: y\n"];
    // The server publishes the message with its detail.
    const summary = (t: string) =>
      analyze(t).findings.map((f) => `${f.rule}:${f.span.start}:${fullMessage(f)}`);
    for (let v = 2; v <= 301; v++) {
      // Mostly at the start of a line, where typing changes the file's outline.
      const lineStart = text.lastIndexOf("\n", Math.floor(random() * text.length)) + 1;
      const start = Math.min(text.length, lineStart + Math.floor(random() * 8));
      const end = Math.min(text.length, start + (random() < 0.4 ? Math.floor(random() * 6) : 0));
      const ins = pieces[Math.floor(random() * pieces.length)];
      const range = { start: positionAt(text, start), end: positionAt(text, end) };
      text = applyLspEdits(text, [{ range, newText: ins }]);
      await client.change(uri, v, [{ range, text: ins }]);
      const published = await client.diagnostics(uri, (_d, p) => p.version === v, 30_000);
      if (v % 25 !== 1) continue;
      const lines = text.split("\n");
      const got = published.map((d) => {
        let off = 0;
        for (let i = 0; i < d.range.start.line; i++) off += lines[i].length + 1;
        return `${d.code}:${off + d.range.start.character}:${d.message}`;
      });
      expect(got, `after edit ${v}`).toEqual(summary(text));
    }
  }, 120_000);

  it("never publishes diagnostics for a superseded version", async () => {
    const uri = "file:///stale/docker-compose.yml";
    await client.open(uri, example);
    await client.diagnostics(uri);
    const before = client.history(uri).length;
    // Three quick edits: only the last one's result may be published after them.
    await client.change(uri, 2, [{ text: example.replace("version: '3.8'\n", "") }]);
    await client.change(uri, 3, [{ text: example }]);
    await client.change(uri, 4, [{ text: example.replace("version: '3.8'\n", "") }]);
    const last = await client.diagnostics(uri, (_d, p) => p.version === 4);
    expect(last.some((d) => d.code === "obsolete-version")).toBe(false);
    const published = client.history(uri).slice(before);
    // Versions only move forward, and nothing after version 4 claims an older one.
    const versions = published.map((p) => p.version ?? 0);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    expect(versions.at(-1)).toBe(4);
  });

  it("a cancelled code action request leaves the server answering and diagnostics current", async () => {
    const uri = "file:///cancel/docker-compose.yml";
    await client.open(uri, example);
    await client.diagnostics(uri);
    const { CancellationTokenSource } = await import("vscode-jsonrpc");
    const source = new CancellationTokenSource();
    const pending = client.conn.sendRequest(
      "textDocument/codeAction",
      {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 60, character: 0 } },
        context: { diagnostics: [] },
      },
      source.token,
    );
    source.cancel();
    await pending.catch(() => undefined);
    await client.change(uri, 2, [{ text: example.replace("version: '3.8'\n", "") }]);
    const d = await client.diagnostics(uri, (_x, p) => p.version === 2);
    expect(d.some((x) => x.code === "obsolete-version")).toBe(false);
  });
});
