/**
 * confinement-disabled: `security_opt` turning off seccomp (`seccomp:unconfined`), AppArmor
 * (`apparmor:unconfined`), SELinux labels (`label:disable`) or the masked `/proc` and
 * `/sys` paths (`systempaths=unconfined`). These are what stop a root process in the
 * container from the kernel calls that break out of it. Severity: warning.
 */
import { disabledConfinement, type HostAccess } from "../model/facts/secrets";
import type { Service } from "../model/types";
import { defineRule } from "./types";

interface Disabled {
  service: Service;
  setting: HostAccess;
}

const NAME: Record<string, string> = {
  seccomp: "seccomp (the system-call filter)",
  apparmor: "AppArmor",
  label: "SELinux labelling",
  systempaths: "the masked /proc and /sys paths",
};

export const confinementDisabled = defineRule<Disabled>({
  meta: {
    id: "confinement-disabled",
    title: "seccomp, AppArmor or SELinux confinement is turned off",
    defaultSeverity: "warning",
    fixable: false,
    securitySeverity: 7.5,
  },
  run: ({ model }) =>
    model.services.flatMap((service) =>
      disabledConfinement(service).map((setting) => ({ service, setting })),
    ),
  diagnostic: (_ctx, { service, setting }) => ({
    span: setting.node.span,
    message: `\`${service.name}\` turns off ${NAME[setting.key] ?? setting.key} (\`${setting.value}\`).`,
    detail:
      "Docker's default profiles block the kernel calls a process uses to break out of its container. " +
      "If one call is needed, allow it in a custom profile (`seccomp:./profile.json`) instead of none.",
  }),
});
