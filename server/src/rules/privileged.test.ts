import { describe, it } from "vitest";
import { expectFindings, expectNoFindings } from "../../../test/helpers/rule-test";

describe("privileged", () => {
  it("reports privileged: true and cap_add: ALL", () => {
    expectFindings(
      "privileged",
      `
      services:
        trainer:
          image: python:3.12
          privileged: true
      #               ^^^^ privileged warning no-fix: \`trainer\` runs privileged
        tool:
          image: python:3.12
          cap_add: [ALL]
      #             ^^^ privileged warning: every capability
      `,
    );
  });

  it("is info for Docker-in-Docker", () => {
    expectFindings(
      "privileged",
      `
      services:
        dind:
          image: docker:27-dind
          privileged: true
      #               ^^^^ privileged info
      `,
    );
  });

  it("ignores privileged: false and single capabilities", () => {
    expectNoFindings(
      "privileged",
      `
      services:
        a:
          image: python:3.12
          privileged: false
          cap_add: [SYS_PTRACE, NET_ADMIN]
      `,
    );
  });
});
