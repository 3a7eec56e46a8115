/**
 * The model's per-CLI reading of command / entrypoint (and what it says about healthcheck
 * tests) against the real CLIs, interpolation included: each file is read by our model and by
 * `docker compose config` and v1's loader + docker-py, and the argv must agree.
 */
import { describe, expect, it } from "vitest";
import { type BothReadings, composeArgvBatch, type ServiceArgv } from "../../../test/helpers/compose-argv";
import { dedent } from "../../../test/helpers/rule-test";
import { interpolate } from "../parse/interpolate";
import { buildModel } from "./build";
import { type ComposeCli, commandReadings, v1Interpolation } from "./compose-reading";

const ENV = { SET: "val", EMPTY: "", SPACED: "a b", QUOTED: "'x y'", DQ: '"' };

interface FileCase {
  why: string;
  yaml: string;
}

const FILES: FileCase[] = [
  {
    why: "defaults, empty values and $$",
    yaml: `
      services:
        s:
          image: busybox
          command: echo \${SET} $SET \${UNSET:-d} \${EMPTY:-d} \${EMPTY-d} \${UNSET-d} $$SET "$\${SET}"
    `,
  },
  {
    why: "a variable's value is split after interpolation, quotes in it included",
    yaml: `
      services:
        s:
          image: busybox
          command: echo \${SPACED} "\${SPACED}" \${QUOTED}
          entrypoint: ["sh", "-c", "\${SPACED}"]
    `,
  },
  {
    why: "a quote from a variable changes how the rest splits",
    yaml: `
      services:
        s:
          image: busybox
          command: echo \${DQ}a b\${DQ} c
    `,
  },
  {
    why: "v1 refuses :+ (v2 substitutes)",
    yaml: `
      services:
        s:
          image: busybox
          command: echo \${SET:+alt} \${UNSET:+alt}
    `,
  },
  {
    why: "v1 refuses a $ before anything but $, { or a name",
    yaml: `
      services:
        s:
          image: busybox
          command: echo $(date)
    `,
  },
  {
    why: "both refuse a required variable that is unset",
    yaml: `
      services:
        s:
          image: busybox
          command: echo \${UNSET:?set UNSET}
    `,
  },
  {
    why: "string entrypoint, folded bash -c command, healthcheck forms",
    yaml: `
      services:
        s:
          image: busybox
          entrypoint: /bin/sh -ec 'exec "$$0" "$$@"'
          command: >
            bash -c "
              mlflow server \\
                --host 0.0.0.0
            "
          healthcheck:
            test: pg_isready -U "\${SET}" && echo ok
        t:
          image: busybox
          healthcheck:
            test: ["CMD-SHELL", "pg_isready -U a \\\\
              -d b"]
        u:
          image: busybox
          healthcheck:
            test: ["CMD", "pg_isready", "-U", "\${SET}"]
    `,
  },
];

/** Our reading of each service as the CLI output shape (null: refused; a CLI refusal is file-wide). */
function ourReading(yaml: string, cli: ComposeCli): Record<string, ServiceArgv> | null {
  const variables = new Map(Object.entries(ENV));
  const lookup = (name: string) => variables.get(name);
  const model = buildModel(yaml, { variables });
  const out: Record<string, ServiceArgv> = {};
  for (const s of model.services) {
    const argv: ServiceArgv = {};
    for (const field of ["command", "entrypoint"] as const) {
      const line = s[field];
      if (!line) continue;
      const reading = commandReadings(line)[cli];
      if (!reading.argv) return null;
      // `${X:?why}` with X unset stops both CLIs at interpolation (before any splitting).
      if (line.node.kind === "scalar" && interpolate(line.node.text ?? "", lookup).errors.length) return null;
      argv[field] = reading.argv.map((w) => w.value);
    }
    const hc = s.healthcheck;
    if (hc?.test?.kind === "scalar") argv.healthcheck = ["CMD-SHELL", hc.test.text ?? ""];
    else if (hc?.test?.kind === "seq")
      argv.healthcheck = hc.test.items.map((i) => (i.kind === "scalar" ? (i.text ?? "") : ""));
    out[s.name] = argv;
  }
  return out;
}

/** Interpolated healthcheck text: our model keeps the raw test, Compose interpolates it. */
function interpolateHealthchecks(r: Record<string, ServiceArgv>): Record<string, ServiceArgv> {
  for (const s of Object.values(r))
    if (s.healthcheck)
      s.healthcheck = s.healthcheck.map((w) => w.replaceAll("${SET}", ENV.SET).replaceAll("$$", "$"));
  return r;
}

const HEALTHCHECK_STRING = dedent(`
  services:
    s:
      image: busybox
      healthcheck:
        test: pg_isready -U "a b" \\
          -d c && echo 'x  y'
`);
const NESTED_DEFAULT = "services:\n  s:\n    image: busybox\n    command: echo ${UNSET:-${SET}}\n";

// One run of each CLI for every file of this test (v1's Python start-up dominates).
let batch: BothReadings[] | undefined;
const cliReadings = (): BothReadings[] =>
  (batch ??= composeArgvBatch([...FILES.map((f) => dedent(f.yaml)), HEALTHCHECK_STRING, NESTED_DEFAULT], {
    env: ENV,
  }));

describe("Compose's reading of commands in the model", () => {
  it("agrees with both CLIs on every file", () => {
    const texts = FILES.map((f) => dedent(f.yaml));
    const cli = cliReadings();
    const got = texts.map((_text, i) => ({
      why: FILES[i]!.why,
      v2: cli[i]!.v2.ok ? cli[i]!.v2.services : null,
      v1: cli[i]!.v1.ok ? cli[i]!.v1.services : null,
    }));
    const want = texts.map((text, i) => {
      const v2 = ourReading(text, "v2");
      const v1 = ourReading(text, "v1");
      return {
        why: FILES[i]!.why,
        v2: v2 && interpolateHealthchecks(v2),
        v1: v1 && interpolateHealthchecks(v1),
      };
    });
    expect(got).toEqual(want);
  });

  it("a string healthcheck test is CMD-SHELL for both, never split", () => {
    const r = cliReadings()[FILES.length];
    const want = ["CMD-SHELL", `pg_isready -U "a b" \\ -d c && echo 'x  y'`];
    expect(r!.v2.ok && r!.v2.services.s!.healthcheck).toEqual(want);
    expect(r!.v1.ok && r!.v1.services.s!.healthcheck).toEqual(want);
  });

  it("v1's interpolation differences are recognised from the raw text", () => {
    expect(v1Interpolation("echo ${A:-d} ${A-d} ${A:?e} ${A?e} $A $$ $${x}")).toBeUndefined();
    expect(v1Interpolation("echo ${A:+x}")).toBe("refuses");
    expect(v1Interpolation("echo $(date)")).toBe("refuses");
    expect(v1Interpolation("echo $1")).toBe("refuses");
    expect(v1Interpolation("echo $")).toBe("refuses");
    expect(v1Interpolation("echo ${A:-${B}}")).toBe("differs");
  });

  it("v1 reads a nested default literally, so the model gives v1 no reading there", () => {
    const text = NESTED_DEFAULT;
    const r = cliReadings()[FILES.length + 1];
    expect(r!.v2.ok && r!.v2.services.s!.command).toEqual(["echo", "val"]);
    expect(r!.v1.ok && r!.v1.services.s!.command).toEqual(["echo", "${SET}"]);
    const line = buildModel(text, { variables: new Map(Object.entries(ENV)) }).services[0]!.command!;
    expect(commandReadings(line).v2.argv?.map((w) => w.value)).toEqual(["echo", "val"]);
    expect(commandReadings(line).v1.argv).toBeUndefined();
  });
});
