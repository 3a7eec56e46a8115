import { describe, expect, it } from "vitest";
import { expectFindings, expectNoFindings } from "../../../test/helpers/rule-test";
import { fullMessage } from "./types";

const RULE = "no-image-or-build";

describe("no-image-or-build", () => {
  it("flags a service with neither image nor build, with Compose's words", () => {
    const [f] = expectFindings(
      RULE,
      `
      services:
        db:
          image: postgres:16
        worker:
      # ^^^^^^ no-image-or-build
          command: python worker.py
      `,
    );
    expect(fullMessage(f)).toContain("neither an image nor a build context specified");
  });

  it("flags a file whose every service lacks an image when it is named as a whole file", () => {
    expectFindings(
      RULE,
      `
      services:
        app:
      # ^^^ no-image-or-build
          environment: {A: b}
      `,
      { path: "/p/docker-compose.yml" },
    );
  });

  it("is silent for override and part files, include, extends, provider, profiles and unknown images", () => {
    const fragment = "services:\n  db:\n    image: postgres:16\n  app:\n    environment: {A: b}\n";
    for (const path of [
      "/p/docker-compose.override.yml",
      "/p/compose.dev.yaml",
      "/p/docker-compose.base.yml",
      "/p/app.override.yaml",
    ])
      expectNoFindings(RULE, fragment, { path });
    expectNoFindings(RULE, `include: [other.yaml]\n${fragment}`);
    expectNoFindings(RULE, "services:\n  base:\n    image: x\n  app:\n    extends: base\n");
    expectNoFindings(RULE, "services:\n  app:\n    image: x\n  secrets:\n    provider:\n      type: vault\n");
    expectNoFindings(
      RULE,
      "services:\n  app:\n    image: x\n  debug:\n    profiles: [debug]\n    command: sh\n",
    );
    expectNoFindings(RULE, "services:\n  app:\n    image: ${IMAGE}\n");
  });

  it("a variant named docker-compose-<x>.yml stands alone (Compose reads it with -f)", () => {
    expect(
      expectFindings(
        RULE,
        `
        services:
          web:
        # ^^^ no-image-or-build
            ports: ["80:80"]
        `,
        { path: "/p/docker-compose-LocalExecutor.yml" },
      ),
    ).toHaveLength(1);
  });
});
