import { describe, it } from "vitest";
import { expectFindings, expectNoFindings } from "../../../test/helpers/rule-test";

describe("confinement-disabled", () => {
  it("reports seccomp, apparmor, label and systempaths switched off, in either separator", () => {
    expectFindings(
      "confinement-disabled",
      `
      services:
        a:
          image: python:3.12
          security_opt:
            - seccomp:unconfined
      #       ^^^^^^^^^^^^^^^^^^ confinement-disabled warning no-fix: turns off seccomp
            - apparmor=unconfined
      #       ^^^^^^^^^^^^^^^^^^^ confinement-disabled: AppArmor
            - label:disable
      #       ^^^^^^^^^^^^^ confinement-disabled: SELinux
            - systempaths=unconfined
      #       ^^^^^^^^^^^^^^^^^^^^^^ confinement-disabled
      `,
    );
  });

  it("ignores profiles of one's own and no-new-privileges", () => {
    expectNoFindings(
      "confinement-disabled",
      `
      services:
        a:
          image: python:3.12
          security_opt:
            - seccomp=./profile.json
            - apparmor:docker-default
            - label:type:svirt_apache_t
            - no-new-privileges:true
      `,
    );
  });
});
