import { describe, expect, it } from "vitest";
import { lintText } from "../../../test/helpers/lint";
import { expectFindings, expectNoFindings } from "../../../test/helpers/rule-test";
import { fullMessage } from "./types";

const RULE = "depends-on-cycle";

describe("depends-on-cycle", () => {
  it("reports a two-service cycle once, on the first service's dependency, with Compose's words", () => {
    const [f] = expectFindings(
      RULE,
      `
      services:
        a:
          image: x
          depends_on: [b]
      #                ^ depends-on-cycle
        b:
          image: x
          depends_on:
            c:
              condition: service_started
        c:
          image: x
          depends_on: [a]
      `,
    );
    expect(fullMessage(f)).toContain('"dependency cycle detected: a -> b -> c -> a"');
    expect(f.related?.map((r) => fullMessage(r))).toEqual([
      "`b` depends on `c` here (depends_on)",
      "`c` depends on `a` here (depends_on)",
    ]);
  });

  it("a service depending on itself, directly or through network_mode, links and volumes_from", () => {
    expectFindings(
      RULE,
      `
      services:
        a:
          image: x
          depends_on: [a]
      #                ^ depends-on-cycle
        b:
          image: x
          network_mode: service:b
      #                 ^^^^^^^^^ depends-on-cycle
        c:
          image: x
          links: [d]
      #           ^ depends-on-cycle
        d:
          image: x
          volumes_from: [c]
      `,
    );
  });

  it("is silent on a chain, on references to missing services, and on container: sources", () => {
    expectNoFindings(
      RULE,
      `
      services:
        a:
          image: x
          depends_on: [b, missing]
        b:
          image: x
          depends_on: [c]
          volumes_from: ["container:a"]
        c:
          image: x
          network_mode: host
      `,
    );
  });

  it("a long chain closing on itself is one finding, found in linear time", () => {
    const n = 3000;
    const lines = ["services:"];
    for (let i = 0; i < n; i++) lines.push(`  s${i}:`, "    image: x", `    depends_on: [s${(i + 1) % n}]`);
    const t = performance.now();
    const found = lintText(`${lines.join("\n")}\n`).filter((f) => f.rule === RULE);
    expect(found).toHaveLength(1);
    expect(found[0].related).toHaveLength(n - 1);
    expect(performance.now() - t).toBeLessThan(20_000);
  }, 60_000);
});
