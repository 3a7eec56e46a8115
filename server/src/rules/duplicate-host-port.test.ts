import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { tempProject } from "../../../test/helpers/cli";
import { EXAMPLE, lintText, SEED_DIR } from "../../../test/helpers/lint";
import { expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";
import { analyze } from "../engine";
import { fixAll } from "../fix";
import { bindOf, bindsOverlap } from "../model/facts";
import { fullMessage } from "./types";

const RULE = "duplicate-host-port";

describe("duplicate-host-port: findings", () => {
  it("flags the second service publishing the same host port, on its host port", () => {
    const [f] = expectFindings(
      RULE,
      `
      services:
        postgres:
          image: postgres:13
          ports:
            - "5432:5432"
        postgres-mlflow:
          image: postgres:13
          ports:
            - "5432:5432"
      #        ^^^^ duplicate-host-port
      `,
    );
    expect(fullMessage(f)).toContain('"postgres-mlflow"');
    expect(fullMessage(f)).toContain('"postgres"');
    expect(fullMessage(f)).toContain("Bind for 0.0.0.0:5432 failed: port is already allocated");
    expect(f.related?.length).toBe(1);
  });

  it("names at most three earlier publishers and counts the rest (replicas on one port)", () => {
    const services = ["a", "b", "c", "d", "e", "f"].map(
      (n) => `  ${n}:\n    image: nginx\n    ports: ["8080:80"]\n`,
    );
    const findings = lintText(`services:\n${services.join("")}`).filter((f) => f.rule === RULE);
    expect(findings).toHaveLength(5);
    const last = findings.at(-1)!;
    expect(fullMessage(last)).toContain(
      'which "a", "b", "c" and 2 more already publish. Only one container can bind it (8080)',
    );
    expect(last.related).toHaveLength(3);
    expect(fullMessage(findings[2])).toContain('which "a", "b" and "c" already publish');
  });

  it("reports every later service against the first, once per mapping", () => {
    expectFindings(
      RULE,
      `
      services:
        a:
          image: nginx
          ports: ["8080:80"]
        b:
          image: nginx
          ports: ["8080:81"]
      #            ^^^^ duplicate-host-port
        c:
          image: nginx
          ports:
            - 8080:82
      #       ^^^^ duplicate-host-port
      `,
    );
  });

  it("tcp and udp on the same port do not clash; the same protocol does", () => {
    expectNoFindings(
      RULE,
      `
      services:
        dns:
          image: coredns/coredns
          ports: ["53:53/udp"]
        web:
          image: nginx
          ports: ["53:53"]
      `,
    );
    expectFindings(
      RULE,
      `
      services:
        dns:
          image: coredns/coredns
          ports: ["53:53/udp"]
        dns2:
          image: coredns/coredns
          ports: ["53:53/UDP"]
      #            ^^ duplicate-host-port
      `,
    );
  });

  it("is range-aware in both directions", () => {
    expectFindings(
      RULE,
      `
      services:
        ftp:
          image: ftp
          ports: ["8000-8010:8000-8010"]
        web:
          image: nginx
          ports: ["8005:80"]
      #            ^^^^ duplicate-host-port
      `,
    );
    expectFindings(
      RULE,
      `
      services:
        web:
          image: nginx
          ports: ["8005:80"]
        ftp:
          image: ftp
          ports: ["8000-8010:8000-8010"]
      #            ^^^^^^^^^ duplicate-host-port
      `,
    );
  });

  it("a host range for one container port lets Docker pick a free port: no clash", () => {
    expectNoFindings(
      RULE,
      `
      services:
        web:
          image: nginx
          ports: ["8005:80"]
        api:
          image: nginx
          ports: ["8000-8010:80"]
      `,
    );
  });

  it("is host-IP-aware", () => {
    expectNoFindings(
      RULE,
      `
      services:
        a:
          image: postgres
          ports: ["127.0.0.1:5432:5432"]
        b:
          image: postgres
          ports: ["127.0.0.2:5432:5432"]
        c:
          image: postgres
          ports: ["[::1]:5432:5432"]
      `,
    );
    expectFindings(
      RULE,
      `
      services:
        a:
          image: postgres
          ports: ["127.0.0.1:5432:5432"]
        b:
          image: postgres
          ports: ["5432:5432"]
      #            ^^^^ duplicate-host-port
        c:
          image: postgres
          ports: ["0.0.0.0:5433:5432"]
        d:
          image: postgres
          ports: ["10.0.0.7:5433:5432"]
      #                     ^^^^ duplicate-host-port
      `,
    );
  });

  it("treats IPv6 by family: :: covers every IPv6 address, not IPv4 ones", () => {
    expectFindings(
      RULE,
      `
      services:
        a:
          image: postgres
          ports: ["[::]:5432:5432"]
        b:
          image: postgres
          ports: ["0.0.0.0:5432:5432"]
        c:
          image: postgres
          ports: ["[0:0::1]:5432:5432"]
      #                     ^^^^ duplicate-host-port
        d:
          image: postgres
          ports: ["[::2]:5432:5432"]
      #                  ^^^^ duplicate-host-port
      `,
    );
    expect(bindsOverlap(bindOf("::1")!, bindOf("0:0:0:0:0:0:0:1")!)).toBe(true);
    expect(bindOf("localhost")).toBeUndefined();
  });

  it("services in disjoint profiles never run together; a shared profile or none does clash", () => {
    expectFindings(
      RULE,
      `
      services:
        pg13:
          image: postgres:13
          profiles: [legacy]
          ports: ["5432:5432"]
        pg16:
          image: postgres:16
          profiles: [current, ci]
          ports: ["5432:5432"]
        pgci:
          image: postgres:16
          profiles: [ci]
          ports: ["5432:5432"]
      #            ^^^^ duplicate-host-port
        always:
          image: postgres:16
          ports: ["5432:5432"]
      #            ^^^^ duplicate-host-port
      `,
    );
  });

  it("unknown is not wrong: unresolved variables, random host ports, network_mode", () => {
    expectNoFindings(
      RULE,
      `
      services:
        a:
          image: postgres
          ports: ["5432:5432"]
        b:
          image: postgres
          ports: ["\${PG_PORT}:5432", "5432", "0:5432", "\${HOST_IP}:5432:5432"]
        c:
          image: postgres
          network_mode: host
          ports: ["5432:5432"]
        d:
          image: postgres
          ports:
            - target: 5432
              host_ip: \${BIND_IP}
              published: 5432
      `,
    );
  });

  it("reads the long syntax, and a variable's default", () => {
    expectFindings(
      RULE,
      `
      services:
        a:
          image: postgres
          ports: ["\${PG_PORT:-5432}:5432"]
        b:
          image: postgres
          ports:
            - target: 5432
              published: "5432"
      #                   ^^^^ duplicate-host-port
              protocol: tcp
      `,
    );
  });

  it("holds through anchors and merge keys", () => {
    expectFindings(
      RULE,
      `
      x-pg: &pg
        image: postgres:13
        ports:
          - "5432:5432"
      #      ^^^^ duplicate-host-port
      services:
        a:
          <<: *pg
        b:
          <<: *pg
      `,
    );
  });

  it("gives nothing on the seed example and the blog's fixed file", () => {
    expect(lintText(readFileSync(EXAMPLE, "utf8")).filter((f) => f.rule === RULE)).toEqual([]);
    expect(
      lintText(readFileSync(`${SEED_DIR}seed-after.yml`, "utf8")).filter((f) => f.rule === RULE),
    ).toEqual([]);
  });
});

describe("duplicate-host-port: fixes", () => {
  it("publishes the second one on the next free host port, changing only those characters", () => {
    expectFix(
      RULE,
      `
      services:
        postgres:
          image: postgres:13
          ports:
            - "5432:5432"
        postgres-mlflow:
          image: postgres:13
          ports:
            - "5432:5432" # the MLflow database
      `,
      `
      services:
        postgres:
          image: postgres:13
          ports:
            - "5432:5432"
        postgres-mlflow:
          image: postgres:13
          ports:
            - "5433:5432" # the MLflow database
      `,
      { title: "Publish on host port 5433 instead" },
    );
  });

  it("skips host ports any service already publishes, whatever its address or protocol", () => {
    expectFix(
      RULE,
      `
      services:
        a:
          image: postgres
          ports: ["5432:5432", "127.0.0.1:5433:5432"]
        b:
          image: postgres
          ports: ["5434:5434/udp"]
        c:
          image: postgres
          ports: [5432:5432]
      `,
      `
      services:
        a:
          image: postgres
          ports: ["5432:5432", "127.0.0.1:5433:5432"]
        b:
          image: postgres
          ports: ["5434:5434/udp"]
        c:
          image: postgres
          ports: [5435:5432]
      `,
    );
  });

  it("keeps the host IP and the protocol", () => {
    expectFix(
      RULE,
      `
      services:
        a:
          image: coredns/coredns
          ports: ["127.0.0.1:53:53/udp"]
        b:
          image: coredns/coredns
          ports: ['127.0.0.1:53:53/udp']
      `,
      `
      services:
        a:
          image: coredns/coredns
          ports: ["127.0.0.1:53:53/udp"]
        b:
          image: coredns/coredns
          ports: ['127.0.0.1:54:53/udp']
      `,
    );
  });

  it("shifts a range as a whole, clear of every published port", () => {
    expectFix(
      RULE,
      `
      services:
        web:
          image: nginx
          ports: ["8005:80"]
        ftp:
          image: ftp
          ports: ["8000-8010:8000-8010"]
      `,
      `
      services:
        web:
          image: nginx
          ports: ["8005:80"]
        ftp:
          image: ftp
          ports: ["8006-8016:8000-8010"]
      `,
    );
  });

  it("edits a long-syntax published value in place, quoted or not", () => {
    expectFix(
      RULE,
      `
      services:
        a:
          image: postgres
          ports: ["5432:5432"]
        b:
          image: postgres
          ports:
            - target: 5432
              published: 5432
      `,
      `
      services:
        a:
          image: postgres
          ports: ["5432:5432"]
        b:
          image: postgres
          ports:
            - target: 5432
              published: 5433
      `,
    );
    expectFix(
      RULE,
      `
      services:
        a:
          image: postgres
          ports: ["5432:5432"]
        b:
          image: postgres
          ports:
            - published: "5432"
              target: 5432
      `,
      `
      services:
        a:
          image: postgres
          ports: ["5432:5432"]
        b:
          image: postgres
          ports:
            - published: "5433"
              target: 5432
      `,
    );
  });

  it("changes a default written in the file, which is literal text", () => {
    expectFix(
      RULE,
      `
      services:
        a:
          image: postgres
          ports: ["5432:5432"]
        b:
          image: postgres
          ports: ["\${PG_PORT:-5432}:5432"]
      `,
      `
      services:
        a:
          image: postgres
          ports: ["5432:5432"]
        b:
          image: postgres
          ports: ["\${PG_PORT:-5433}:5432"]
      `,
    );
  });

  it("offers no fix when the port comes from a variable's value or from an anchor shared with others", () => {
    const fromVar = lintText(
      `services:
  a:
    image: postgres
    ports: ["5432:5432"]
  b:
    image: postgres
    ports: ["\${PG_PORT}:5432"]
`,
      { variables: new Map([["PG_PORT", "5432"]]) },
    ).filter((f) => f.rule === RULE);
    expect(fromVar).toHaveLength(1);
    expect(fromVar[0].fixes).toEqual([]);
    const fromAnchor = lintText(`x-pg: &pg
  image: postgres:13
  ports: ["5432:5432"]
services:
  a:
    <<: *pg
  b:
    <<: *pg
`).filter((f) => f.rule === RULE);
    expect(fromAnchor).toHaveLength(1);
    expect(fromAnchor[0].fixes).toEqual([]);
  });

  it("three services on one port end on three ports after fix-all", async () => {
    const { fixAll } = await import("../fix");
    const { RULES } = await import(".");
    // Only this rule's fixes, so that the test does not depend on the others'.
    const only = Object.fromEntries(
      RULES.map((r) => [r.meta.id, r.meta.id === RULE ? "error" : "off"] as const),
    );
    const text = `services:
  a:
    image: postgres
    ports: ["5432:5432"]
  b:
    image: postgres
    ports: ["5432:5432"]
  c:
    image: postgres
    ports: ["5432:5432"]
`;
    const out = fixAll(text, {}, { rules: only }).text;
    expect(out).toContain('"5433:5432"');
    expect(out).toContain('"5434:5432"');
    expect(lintText(out).filter((f) => f.rule === RULE)).toEqual([]);
  });
});

describe("duplicate-host-port: fixing every clash at once", () => {
  it("gives each later service its own free port, in one round", () => {
    const services = ["a", "b", "c", "d"].map((n) => `  ${n}:\n    image: nginx\n    ports: ["8080:80"]\n`);
    const text = `services:\n${services.join("")}  e:\n    image: nginx\n    ports: ["8081:80"]\n`;
    const titles = lintText(text)
      .filter((f) => f.rule === RULE)
      .map((f) => f.fixes?.[0]?.title);
    expect(titles).toEqual([
      "Publish on host port 8082 instead",
      "Publish on host port 8083 instead",
      "Publish on host port 8084 instead",
    ]);
    const fixed = fixAll(text);
    expect(fixed.remaining.filter((f) => f.rule === RULE)).toEqual([]);
    expect(fixed.applied).toHaveLength(3);
  });
});

describe("duplicate-host-port across the files of a project", () => {
  /** Writes the files into a new folder (as "/p/…" names them) and analyses `file` of that project. */
  const lintIn = (files: Record<string, string>, file: string) => {
    const dir = tempProject(Object.fromEntries(Object.entries(files).map(([k, v]) => [k.slice(3), v])));
    const at = (p: string) => p.replace("/p/", `${dir}/`);
    return analyze(files[file]!, { path: at(file) })
      .findings.filter((f) => f.rule === RULE)
      .map((f) => ({
        ...f,
        fixes: f.fixes,
        related: f.related?.map((r) => ({ ...r, file: r.file?.replace(dir, "/p") })),
      }));
  };
  const BASE = 'services:\n  db:\n    image: postgres:16\n    ports: ["5432:5432", "5433:5433"]\n';

  it("an override file's mapping that clashes with the base file's is found in the override, the base's as related", () => {
    const files = {
      "/p/compose.yaml": BASE,
      "/p/compose.override.yaml": 'services:\n  db2:\n    image: postgres:16\n    ports: ["5432:5432"]\n',
    };
    const override = files["/p/compose.override.yaml"];
    const [f, ...more] = lintIn(files, "/p/compose.override.yaml");
    expect(more).toEqual([]);
    expect(override.slice(f!.span.start, f!.span.end)).toBe("5432");
    expect(f!.related).toEqual([
      { file: "/p/compose.yaml", span: { start: 52, end: 56 }, message: '"db" publishes 5432/tcp here' },
    ]);
    expect(BASE.slice(52, 56)).toBe("5432");
    // The fix moves it clear of every port of the project (5433 is the base file's).
    expect(f!.fixes!.map((x) => x.title)).toEqual(["Publish on host port 5434 instead"]);
    // The base file is merged first: its mapping binds, nothing to say there.
    expect(lintIn(files, "/p/compose.yaml")).toEqual([]);
  });

  it("the same service in both files, and a mapping `!reset` drops, are no clash", () => {
    expect(
      lintIn(
        {
          "/p/compose.yaml": BASE,
          "/p/compose.override.yaml": 'services:\n  db:\n    ports: ["5432:5432"]\n',
        },
        "/p/compose.override.yaml",
      ),
    ).toEqual([]);
    expect(
      lintIn(
        {
          "/p/compose.yaml": BASE,
          "/p/compose.override.yaml":
            'services:\n  db:\n    ports: !reset []\n  db2:\n    image: postgres:16\n    ports: ["5432:5432"]\n',
        },
        "/p/compose.override.yaml",
      ),
    ).toEqual([]);
  });
});
