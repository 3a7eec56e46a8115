/**
 * airflow-secrets-disagree: Airflow components given different literal values for a setting
 * they must share: the Fernet key (connections and variables encrypted by one cannot be
 * decrypted by another), the secret key (`[api]`/`[webserver] secret_key`: the UI's requests
 * for task logs are refused with 403) or the JWT secret (`[api_auth] jwt_secret`, Airflow 3:
 * tokens one component signs are rejected by the others). Values from variables are not
 * compared. Fix: use the value most components have (applied by "fix all" when they are
 * more than those with the odd value).
 */
import { replaceSpan } from "../edits/text";
import { SHARED_SECRETS } from "../model/facts/airflow";
import type { EnvVar, Service } from "../model/types";
import { nameList, namesShort } from "./phrases";
import { defineRule } from "./types";

interface State {
  label: string;
  env: EnvVar;
  services: Service[];
  /** The value most services share, and who has it. */
  majority: { value: string; env: EnvVar; services: Service[] };
}

export const airflowSecretsDisagree = defineRule<State>({
  meta: {
    id: "airflow-secrets-disagree",
    title: "Airflow components have different values for a secret they must share",
    defaultSeverity: "warning",
    fixable: true,
  },
  run: ({ facts }) => {
    const out: State[] = [];
    for (const secret of SHARED_SECRETS) {
      // value → the env vars (by place) that give it, and the services reading each.
      const groups = new Map<string, Map<number, { env: EnvVar; services: Service[] }>>();
      for (const a of facts.airflow.services()) {
        const env = secret.names.map((n) => a.config.get(n)).find((e) => e !== undefined);
        const str = env?.value;
        if (!env || !str || str.hasUnresolved() || str.hasVariable() || str.value === "") continue;
        const byPlace = groups.get(str.value) ?? new Map();
        groups.set(str.value, byPlace);
        const at = byPlace.get(env.keySpan.start) ?? { env, services: [] };
        at.services.push(a.service);
        byPlace.set(env.keySpan.start, at);
      }
      if (groups.size < 2) continue;
      const count = (g: Map<number, { services: Service[] }>) =>
        [...g.values()].reduce((n, x) => n + x.services.length, 0);
      const ranked = [...groups.entries()].sort((a, b) => count(b[1]) - count(a[1]));
      const [value, places] = ranked[0]!;
      const firstPlace = [...places.values()][0]!;
      const majority = {
        value,
        env: firstPlace.env,
        services: [...places.values()].flatMap((p) => p.services),
      };
      for (const [, other] of ranked.slice(1))
        for (const { env, services } of other.values())
          out.push({ label: secret.label, env, services, majority });
    }
    return out.sort((a, b) => a.env.keySpan.start - b.env.keySpan.start);
  },
  diagnostic: (_ctx, { label, env, services, majority }) => ({
    span: env.value?.span() ?? env.keySpan,
    message: `The Airflow ${label} of ${namesShort(services.map((s) => s.name))} differs from the one most components use.`,
    detail: `${nameList(majority.services.map((s) => s.name))} use another. ${
      label === "Fernet key"
        ? "A connection or variable encrypted by one component cannot be decrypted by another (cryptography.fernet.InvalidToken)."
        : label === "secret key"
          ? "The UI signs its requests for task logs with it; a worker with another key refuses them (403 Forbidden)."
          : "Tokens signed by one component are rejected by the others (Invalid auth token); Airflow 3 needs one JWT secret everywhere."
    }`,
    related: [
      {
        span: majority.env.value?.span() ?? majority.env.keySpan,
        message: `The ${label} most components use`,
      },
    ],
  }),
  fixes: ({ model }, { label, env, services, majority }) => {
    const str = env.value;
    const from = majority.env.value;
    if (!str || !from) return [];
    const span = str.editableSpan(0, str.value.length);
    const written = from.editableSpan(0, from.value.length);
    if (!span || !written || !str.canHold(majority.value)) return [];
    if (model.text.slice(written.start, written.end) !== majority.value) return [];
    return [
      {
        title: `Use the ${label} of \`${majority.services[0]!.name}\``,
        edits: [replaceSpan(span, majority.value)],
        // Safe when most components already share it: they wrote what is encrypted or signed.
        preferred: majority.services.length > services.length,
      },
    ];
  },
});
