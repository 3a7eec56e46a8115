import { describe, it } from "vitest";
import { expectFindings, expectNoFindings } from "../../../test/helpers/rule-test";

describe("host-namespace", () => {
  it("reports pid, ipc, userns_mode and uts at warning, network_mode at info", () => {
    expectFindings(
      "host-namespace",
      `
      services:
        a:
          image: python:3.12
          pid: host
      #        ^^^^ host-namespace warning no-fix: shares the host's pid namespace
          ipc: host
      #        ^^^^ host-namespace warning: ipc
          userns_mode: host
      #                ^^^^ host-namespace warning: userns
          uts: host
      #        ^^^^ host-namespace warning: uts
        b:
          image: python:3.12
          network_mode: host
      #                 ^^^^ host-namespace info: network namespace
      `,
    );
  });

  it("ignores the default, another container's namespace and shareable ipc", () => {
    expectNoFindings(
      "host-namespace",
      `
      services:
        a:
          image: python:3.12
          network_mode: bridge
          pid: "service:b"
          ipc: shareable
        b:
          image: python:3.12
          network_mode: service:a
      `,
    );
  });
});
