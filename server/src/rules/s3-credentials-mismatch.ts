/**
 * s3-credentials-mismatch: a service whose S3 endpoint URL (MLFLOW_S3_ENDPOINT_URL,
 * AWS_ENDPOINT_URL, ...) names an S3 store of the project signs with an AWS_ACCESS_KEY_ID or
 * AWS_SECRET_ACCESS_KEY that is not the store's root user or password (MinIO's
 * MINIO_ROOT_USER/MINIO_ROOT_PASSWORD, legacy MINIO_ACCESS_KEY/MINIO_SECRET_KEY, RustFS's
 * RUSTFS_ACCESS_KEY/RUSTFS_SECRET_KEY, the image's default login when unset), while the store
 * has no other keys: every request fails with `InvalidAccessKeyId` (another key) or
 * `SignatureDoesNotMatch` (another secret). The finding is on the client's value, with the
 * store's as related information. Unknown is not wrong: a variable with no value, a `_FILE`
 * secret, an env_file, LocalStack (any key), garage and SeaweedFS (keys made elsewhere), a
 * project that makes more keys (`mc admin user add`, a script of an mc job), services that
 * `extends` another. Fix (preferred when both values are certain): the store's value, as the
 * store's `${VAR}` when it takes it from one.
 */
import { replaceSpan } from "../edits/text";
import type { S3Credential, S3Store } from "../model/facts";
import { s3StoreLabel } from "../model/labels";
import type { EffectiveSetting, EnvVar, Service } from "../model/types";
import { fitting, nameList, plural, servicesShort } from "./phrases";
import { defineRule, type RuleContext } from "./types";

type Part = "access-key" | "secret-key";

interface Mismatch {
  part: Part;
  store: S3Store;
  /** The store's value the client must use. */
  expected: S3Credential;
  /** The client's variable (one entry, shared by the services of an anchor). */
  env: EnvVar;
  services: Service[];
  /** A value is the default of a variable that is not set: a placeholder, not surely what runs. */
  placeholder: boolean;
}

const CLIENT_VARIABLE: Record<Part, string> = {
  "access-key": "AWS_ACCESS_KEY_ID",
  "secret-key": "AWS_SECRET_ACCESS_KEY",
};

/** What S3 answers for a request signed with another key or another secret. */
const S3_ERROR: Record<Part, string> = {
  "access-key": "InvalidAccessKeyId: The Access Key Id you provided does not exist in our records.",
  "secret-key":
    "SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided. Check your key and signing method.",
};

/** The raw text of an env entry's value as written (after `=` in the list form). */
function rawValue(env: EnvVar): string | undefined {
  const raw = env.value?.scalar.text;
  if (raw == null) return undefined;
  return (env.form === "list" ? raw.slice(raw.indexOf("=") + 1) : raw).trim();
}

/** The value is `${NAME:-default}` with NAME unset: the default is a placeholder. */
function isPlaceholder({ model }: RuleContext, setting: EffectiveSetting): boolean {
  if (!setting.variable || !setting.env || model.variables.get(setting.variable) !== undefined) return false;
  return /^\$\{[A-Za-z_][A-Za-z0-9_]*:?-/.test(rawValue(setting.env) ?? "");
}

/** A client setting that can be compared: set in `environment:` of this file, with a known, non-empty value. */
function comparable(s: EffectiveSetting | undefined): s is EffectiveSetting & { value: string; env: EnvVar } {
  return !!s?.known && s.value !== undefined && s.value !== "" && !!s.env?.value && s.env.form !== "env_file";
}

/** "the root user" / "the root password" of MinIO; RustFS calls them access key and secret key. */
function what(store: S3Store, part: Part): string {
  if (store.image.kind === "minio") return part === "access-key" ? "root user" : "root password";
  return part === "access-key" ? "access key" : "secret key";
}

export const s3CredentialsMismatch = defineRule<Mismatch>({
  meta: {
    id: "s3-credentials-mismatch",
    title: "An S3 client's keys are not those of the S3 store it uses",
    defaultSeverity: "error",
    fixable: true,
  },
  run(ctx) {
    const { facts } = ctx;
    const out: Mismatch[] = [];
    if (facts.project.isPartial()) return out;
    // One finding per written entry (an anchor's entry is one for every service using it).
    const byEntry = new Map<string, Mismatch>();
    for (const store of facts.s3.stores()) {
      if (!store.accessKey || !store.secretKey || facts.s3.mayAcceptOtherKeys(store)) continue;
      if (facts.s3.inherits(store.service)) continue;
      for (const client of facts.s3.clients(store)) {
        if (
          facts.s3.inherits(client.service) ||
          facts.connections.isUnresolved(client.conn, client.conn.url.host)
        )
          continue;
        for (const part of ["access-key", "secret-key"] as const) {
          const mine = part === "access-key" ? client.accessKey : client.secretKey;
          const expected = part === "access-key" ? store.accessKey : store.secretKey;
          if (!comparable(mine) || mine.value === expected.setting.value) continue;
          add(byEntry, out, {
            part,
            store,
            expected,
            env: mine.env,
            services: [client.service],
            placeholder: isPlaceholder(ctx, mine) || isPlaceholder(ctx, expected.setting),
          });
        }
      }
    }
    return out.sort((a, b) => a.env.keySpan.start - b.env.keySpan.start);
  },
  diagnostic(_ctx, { part, store, expected, env, services, placeholder }) {
    const name = `\`${store.service.name}\``;
    const label = s3StoreLabel(store.image.kind);
    const whose = `${CLIENT_VARIABLE[part]} of ${servicesShort(services)}`;
    const fail = plural(services.length, "fails", "fail");
    const set = expected.isDefault
      ? `${expected.variable} is not set, so it is the image's default \`${expected.setting.value}\``
      : `it is set by ${expected.variable}`;
    const secret = part === "secret-key";
    return {
      span: env.value!.span(),
      severity: placeholder ? "hint" : undefined,
      message: fitting(
        `The ${whose} is not the ${what(store, part)} of S3 store ${name}, so every S3 request ${fail}.`,
        `The ${whose} is not the ${what(store, part)} of S3 store ${name}.`,
        `${CLIENT_VARIABLE[part]} is not the ${what(store, part)} of S3 store ${name}.`,
      ),
      detail:
        `${name} runs ${label}, whose ${what(store, part)} ${secret ? "differs" : `is \`${expected.setting.value}\``} ` +
        `(${set}), and no other keys are made for it in this project, so ${nameList(services.map((s) => s.name))} ` +
        `${fail} on every upload and download with \`${S3_ERROR[part]}\`` +
        (placeholder ? " when the variables keep their defaults." : "."),
      // (A value from the store's env_file is shown there: the engine places the span in that file.)
      related: [
        expected.setting.env?.value
          ? {
              span: expected.setting.env.value.span(),
              message:
                expected.setting.env.form === "env_file"
                  ? `${name} takes its ${what(store, part)} from its env_file`
                  : `The ${what(store, part)} of ${name}`,
            }
          : {
              span: store.service.key.span,
              message: `${name} keeps the image's default ${what(store, part)}`,
            },
      ],
    };
  },
  fixes(_ctx, { part, store, expected, env, placeholder }) {
    const str = env.value;
    // A value kept in the store's env_file is not copied into the compose file.
    if (!str || expected.setting.env?.form === "env_file") return [];
    const span = str.editableSpan(0, str.value.length);
    // The store's own `${VAR}` when its value comes from one; else the value, `$` kept from Compose.
    const raw = expected.setting.env ? rawValue(expected.setting.env) : undefined;
    let text: string | undefined;
    if (expected.setting.variable && raw) {
      if (/^\$\{[A-Za-z_][A-Za-z0-9_]*(?::?[-?][^}$]*)?\}$/.test(raw)) text = raw;
      else if (/^\$[A-Za-z_][A-Za-z0-9_]*$/.test(raw)) text = `\${${raw.slice(1)}}`;
    }
    text ??= expected.setting.value.replace(/\$/g, "$$$$");
    if (!span || !str.canHold(text)) return [];
    return [
      {
        title: `Use the ${what(store, part)} of \`${store.service.name}\``,
        edits: [replaceSpan(span, text)],
        preferred: !placeholder,
      },
    ];
  },
});

function add(byEntry: Map<string, Mismatch>, out: Mismatch[], m: Mismatch): void {
  const key = `${m.part}:${m.env.keySpan.start}:${m.store.service.name}`;
  const seen = byEntry.get(key);
  if (seen) {
    if (!seen.services.includes(m.services[0])) seen.services.push(m.services[0]);
    return;
  }
  byEntry.set(key, m);
  out.push(m);
}
