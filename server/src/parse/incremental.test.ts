import { readFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateCompose } from "../../../bench/generate";
import { FC_SEED } from "../../../test/helpers/fc-seed";
import { EXAMPLE } from "../../../test/helpers/lint";
import { analyze } from "../engine";
import { ModelCache } from "../model/cache";
import { IncrementalParser } from "./incremental";
import type { RNode } from "./resolve";
import type { ParseProblem } from "./yaml";

/** With a cache: the piecewise parse; without: the whole text at once, the reference. */
const summary = (text: string, cache?: ModelCache) =>
  analyze(text, cache ? { cache } : { chunked: false }).findings.map(
    (f) => `${f.rule} ${f.span.start}-${f.span.end} ${f.message}`,
  );

describe("incremental parsing of big files", () => {
  const base = generateCompose(300);

  it("gives exactly the findings of a full parse", () => {
    expect(base.length).toBeGreaterThan(100_000);
    const parser = new ModelCache();
    expect(summary(base, parser)).toEqual(summary(base));
  });

  it("re-parses only the piece an edit touches, and stays exact edit after edit", () => {
    const parser = new ModelCache();
    let text = base;
    summary(text, parser);
    const edits: Array<(t: string) => string> = [
      // A wrong host typed into one service's URL.
      (t) =>
        t.replace(
          "@db0:5432/app0\n      - SERVICE_NAME=svc0\n",
          "@dbX:5432/app0\n      - SERVICE_NAME=svc0\n",
        ),
      // A duplicate published port.
      (t) => t.replace('"20005:8080"', '"20004:8080"'),
      // A new service in the middle.
      (t) => t.replace("  svc10:\n", "  extra:\n    image: postgres\n    ports: ['20004:5432']\n  svc10:\n"),
      // A service removed.
      (t) => t.replace(/ {2}svc20:\n[\s\S]*? {2}svc21:\n/, "  svc21:\n"),
      // A syntax error typed, then fixed.
      (t) => t.replace("    restart: unless-stopped\n", "    restart: [unless-stopped\n"),
      (t) => t.replace("    restart: [unless-stopped\n", "    restart: unless-stopped\n"),
      // A duplicate service name.
      (t) => t.replace("  svc30:\n", "  svc31:\n"),
      // The top-level volumes touched.
      (t) => t.replace("volumes:\n", "volumes:\n  extra_data:\n"),
    ];
    for (const edit of edits) {
      text = edit(text);
      const r = parser.parser.parse(text);
      expect(r?.parsedPieces).toBeLessThanOrEqual(3);
      expect(summary(text, parser)).toEqual(summary(text));
    }
  });

  it("falls back to the full parse for aliases and document markers", () => {
    const parser = new ModelCache();
    const withAlias = base
      .replace("  svc1:\n", "  svc1: &one\n")
      .replace("  svc2:\n    image", "  svc2:\n    <<: *one\n    image");
    expect(summary(withAlias, parser)).toEqual(summary(withAlias));
    const multi = `${base}---\nfoo: 1\n`;
    expect(summary(multi, parser)).toEqual(summary(multi));
  });
});

/** Everything a parse gives, as one string: kinds, exact spans, scalar texts, problems. */
function dump(r: { root: RNode | null; problems: ParseProblem[] } | undefined): string {
  if (!r) return "not piecewise";
  const node = (n: RNode | null): string => {
    if (!n) return "~";
    const at = `${n.span.start}-${n.span.end}`;
    if (n.kind === "scalar") return `${at}${JSON.stringify(n.text)}`;
    if (n.kind === "seq") return `${at}[${n.items.map(node).join(",")}]`;
    return `${at}{${n.pairs.map((p) => `${p.merged ? "<<" : ""}${node(p.key)}:${node(p.value)}`).join(",")}}`;
  };
  const problems = r.problems.map((p) => `${p.code}@${p.span.start}-${p.span.end}:${p.message}`);
  return `${node(r.root)}\n${problems.join("\n")}`;
}

/**
 * Edits as typing makes them: at a line of `base` (and a column), delete a few characters
 * and insert one of `inserts` (or nothing). Each knows how to apply itself to the text.
 */
function typedEdits(
  base: string,
  inserts: string[],
  limits: { maxColumn: number; maxDelete: number; maxEdits: number },
): fc.Arbitrary<Array<{ apply: (text: string) => string }>> {
  const lineStarts = [0, ...[...base.matchAll(/\n/g)].map((m) => m.index + 1)];
  const edit = fc
    .record({
      line: fc.nat({ max: lineStarts.length - 1 }),
      column: fc.nat({ max: limits.maxColumn }),
      del: fc.oneof(fc.constant(0), fc.nat({ max: 3 }), fc.nat({ max: limits.maxDelete })),
      ins: fc.oneof(fc.constantFrom(...inserts), fc.constant("")),
    })
    .map((e) => ({
      ...e,
      apply: (text: string) => {
        const at = Math.min(lineStarts[e.line] + e.column, text.length);
        return text.slice(0, at) + e.ins + text.slice(at + e.del);
      },
    }));
  return fc.array(edit, { minLength: 1, maxLength: limits.maxEdits });
}

describe("property: re-parsing only what an edit touched gives what parsing it all gives", () => {
  // A small file, parsed piecewise whatever its size, so that each reference parse is quick.
  const base = generateCompose(12);
  const parserOf = () => new IncrementalParser(0);
  // What typing does to a compose file, with the characters that change its outline.
  const inserts = [
    "x",
    " ",
    "  ",
    "\n",
    "\n  ",
    "\n    ",
    ":",
    ": ",
    "- ",
    "#",
    "'",
    '"',
    "[",
    "]",
    "{",
    "}",
    "  svc_new:\n    image: y\n",
    "services:\n",
    "volumes:\n",
    "  extra:\n",
    "&a ",
    "*a",
    "\t",
    "---\n",
    "...\n",
  ];

  it("for any sequence of edits, the tree and the problems are exactly those of a fresh parse", () => {
    fc.assert(
      fc.property(typedEdits(base, inserts, { maxColumn: 8, maxDelete: 40, maxEdits: 5 }), (edits) => {
        const parser = parserOf();
        let text = base;
        parser.parse(text);
        for (const e of edits) {
          text = e.apply(text);
          expect(dump(parser.parse(text))).toBe(dump(parserOf().parse(text)));
        }
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 150), seed: FC_SEED },
    );
  }, 600_000);

  it("re-parses one piece for a keystroke inside a service", () => {
    const parser = parserOf();
    parser.parse(base);
    const at = base.indexOf("SERVICE_NAME=svc10") + 5;
    const r = parser.parse(`${base.slice(0, at)}X${base.slice(at)}`);
    expect(r?.parsedPieces).toBe(1);
    expect(r?.totalPieces).toBe(parserOf().parse(base)?.totalPieces);
  });
});

describe("memory across versions", () => {
  it("editing many services keeps no earlier version of the text alive", () => {
    // V8 makes a long substring a view of its parent: a node string cut from a piece would
    // keep the whole file as it was when that piece was parsed (330 KB here, per edited service).
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const cache = new ModelCache();
    let text = generateCompose(600);
    analyze(text, { cache });
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let k = 0; k < 40; k++) {
      const at = text.indexOf(`SERVICE_NAME=svc${k * 13}\n`) + 13;
      text = `${text.slice(0, at)}v${text.slice(at)}`;
      analyze(text, { cache });
    }
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    // 40 pinned versions would be 13 MB; what is really new is the 40 re-read services.
    expect(grown).toBeLessThan(4 * 1024 * 1024);
  });
});

describe("property: an analysis that reuses unchanged services gives what a fresh one gives", () => {
  // The example stack (URLs, databases, healthchecks, networks) plus generated services.
  const example = readFileSync(EXAMPLE, "utf8");
  const generated = generateCompose(6)
    .replace(/^name: bench\nservices:\n/, "")
    .replace(/^volumes:\n[\s\S]*$/m, "");
  const base = example.replace(/^services:\n/m, `services:\n${generated}`);
  const inserts = [
    "x",
    "db",
    "postgres",
    ":5432",
    "@",
    "/",
    " ",
    "\n",
    "- ",
    "    network_mode: service:db0\n",
    "    networks: [backend]\n",
    "    depends_on: [db0]\n",
    "        condition: service_healthy\n",
    "    image: postgres:16\n",
    "    ports: ['5432:5432']\n",
    "${DB_HOST}",
    "    extends: svc1\n",
  ];
  const findings = (text: string, cache: ModelCache) =>
    analyze(text, { cache }).findings.map(
      (f) =>
        `${f.rule} ${f.span.start}-${f.span.end} ${f.message} ${JSON.stringify(f.related ?? [])} ${JSON.stringify(f.fixes ?? [])}`,
    );

  it("for any sequence of edits, findings, related places and fixes are exactly those of a fresh analysis", () => {
    // Not vacuous: the stack has findings of many rules, and a small file is parsed piecewise here.
    const rules = new Set(findings(base, new ModelCache({ minLength: 0 })).map((f) => f.split(" ")[0]));
    expect(rules.size).toBeGreaterThanOrEqual(5);
    expect(new ModelCache({ minLength: 0 }).parser.parse(base)?.totalPieces).toBeGreaterThan(12);
    fc.assert(
      fc.property(typedEdits(base, inserts, { maxColumn: 12, maxDelete: 6, maxEdits: 6 }), (edits) => {
        const cache = new ModelCache({ minLength: 0 });
        let text = base;
        findings(text, cache);
        for (const e of edits) {
          text = e.apply(text);
          expect(findings(text, cache)).toEqual(findings(text, new ModelCache({ minLength: 0 })));
        }
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 100), seed: FC_SEED },
    );
  }, 600_000);
});
