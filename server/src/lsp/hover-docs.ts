/**
 * Hovers that explain what is written: a compose key (the schema's description and its page
 * in the Compose file reference), an image (its registry page, and what this tool knows it
 * to be), an environment variable of a known image (what it does, its default, its source).
 */
import { defineMessages } from "../l10n/catalogue";
import { josa, listKo } from "../l10n/ko/phrases";
import type { Locale } from "../l10n/locale";
import { factsOf } from "../model/facts";
import {
  airflowConfigKey,
  envFamiliesOf,
  envVarDoc,
  type ImageEnvFamily,
} from "../model/knowledge/image-env";
import type { ComposeModel } from "../model/types";
import type { Span } from "../parse/url";
import { docsUrl, keyAt } from "../schema/keys";
import { airflowConfigHoverLines } from "./airflow-hover";
import { registryPage } from "./links";
import { engineLabel } from "./url-completion";
import { contextIn } from "./yaml-context";

export interface HoverText {
  markdown: string;
  span: Span;
}

/** The image and variable hovers' own sentences, English and Korean side by side. */
const m = defineMessages("hover-docs", {
  imageTitle: {
    en: (a: { repository: string; tag?: string }) =>
      `**${a.repository}**${a.tag ? ` tag \`${a.tag}\`` : " (no tag: `latest`)"}`,
    ko: (a: { repository: string; tag?: string }) =>
      `**${a.repository}**${a.tag ? ` 태그 \`${a.tag}\`` : " (태그 없음: `latest`)"}`,
  },
  registry: {
    en: (a: { registry: string }) => `Registry \`${a.registry}\``,
    ko: (a: { registry: string }) => `레지스트리 \`${a.registry}\``,
  },
  databaseServer: {
    en: (a: { engine: string; port: number }) =>
      `A ${a.engine} server: it listens on port ${a.port} inside the compose network.`,
    ko: (a: { engine: string; port: number }) =>
      `${a.engine} 서버입니다. compose 네트워크 안에서 포트 ${josa(String(a.port), "으로/로")} 연결을 받습니다.`,
  },
  reads: {
    en: (a: { families: Array<{ label: string; count: number }> }) =>
      `Reads ${a.families.map((f) => `${f.count} known ${f.label} variables`).join(" and ")} (completion in \`environment:\`).`,
    ko: (a: { families: Array<{ label: string; count: number }> }) =>
      `알려진 ${listKo(
        a.families.map((f) => `${f.label} 변수 ${f.count}개`),
        { quote: "" },
      )}를 읽습니다(\`environment:\`에서 자동 완성됩니다).`,
  },
  registryPage: {
    en: (a: { url: string }) => `[Registry page](${a.url})`,
    ko: (a: { url: string }) => `[레지스트리 페이지](${a.url})`,
  },
  airflowTitle: {
    en: (a: { section: string; key: string }) => `**[${a.section}] ${a.key}** (Airflow configuration)`,
    ko: (a: { section: string; key: string }) => `**[${a.section}] ${a.key}** (Airflow 설정)`,
  },
  defaultValue: {
    en: (a: { value: string }) => `Default: \`${a.value}\``,
    ko: (a: { value: string }) => `기본값: \`${a.value}\``,
  },
  initOnlyOnVolume: {
    en: (a: { volume: string }) =>
      `Applied only while volume \`${a.volume}\` is empty (the first start): once it holds a database, ` +
      "a changed value is ignored (`Skipping initialization`); change it in the server, or remove the volume.",
    ko: (a: { volume: string }) =>
      `\`${a.volume}\` 볼륨이 비어 있을 때(첫 시작)에만 적용됩니다. 볼륨에 데이터베이스가 생긴 뒤에는 ` +
      "값을 바꿔도 무시됩니다(`Skipping initialization`). 서버 안에서 바꾸거나 볼륨을 지우세요.",
  },
  fileVariant: {
    en: () => "This `_FILE` form reads the value from a file (a secret).",
    ko: () => "`_FILE`로 끝나는 이 형태는 값을 파일(시크릿)에서 읽습니다.",
  },
  source: {
    en: (a: { source: string; label: string; docs: string }) =>
      `Source: ${a.source} · [${a.label} docs](${a.docs})`,
    ko: (a: { source: string; label: string; docs: string }) =>
      `출처: ${a.source} · [${a.label} 문서](${a.docs})`,
  },
  airflowReads: {
    en: (a: { section: string; key: string; secret?: "cmd" | "secret" }) =>
      `Airflow reads \`AIRFLOW__{SECTION}__{KEY}\` variables as the option \`${a.key}\` of section \`[${a.section}]\`${a.secret === "cmd" ? ", from the output of the command given" : a.secret === "secret" ? ", from the secrets backend" : ""}.`,
    ko: (a: { section: string; key: string; secret?: "cmd" | "secret" }) =>
      `Airflow는 \`AIRFLOW__{SECTION}__{KEY}\` 변수를 \`[${a.section}]\` 섹션의 \`${a.key}\` 옵션으로 읽습니다${a.secret === "cmd" ? ". 값은 지정한 명령을 실행한 출력입니다" : a.secret === "secret" ? ". 값은 시크릿 백엔드에서 가져옵니다" : ""}.`,
  },
  configReference: {
    en: (a: { key: string }) =>
      `[Configuration reference](https://airflow.apache.org/docs/apache-airflow/stable/configurations-ref.html#${a.key})`,
    ko: (a: { key: string }) =>
      `[설정 레퍼런스](https://airflow.apache.org/docs/apache-airflow/stable/configurations-ref.html#${a.key})`,
  },
  keyDeprecated: { en: () => " (deprecated)", ko: () => " (폐기 예정)" },
  keyValues: {
    en: (a: { values: string[] }) => `Values: ${a.values.map((v) => `\`${v}\``).join(", ")}`,
    ko: (a: { values: string[] }) => `가능한 값: ${a.values.map((v) => `\`${v}\``).join(", ")}`,
  },
  keyReference: {
    en: (a: { url: string }) => `[Compose file reference](${a.url})`,
    ko: (a: { url: string }) => `[Compose 파일 레퍼런스](${a.url})`,
  },
});

/**
 * A family's name as the hover (and completion) shows it: only the official PostgreSQL
 * image's says more than its name.
 */
export function familyLabel(l: Locale, family: ImageEnvFamily): string {
  return l === "ko" && family.id === "postgres" ? "PostgreSQL(공식 이미지)" : family.label;
}

/**
 * On a key the compose-spec schema documents. The hover's own words follow the locale; the
 * key's description is the compose-spec schema's text (data, not ours) and stays English as
 * the schema words it, as do the key and its values (what users type).
 */
export function keyHover(model: ComposeModel, offset: number, l: Locale = "en"): HoverText | undefined {
  const ctx = contextIn(model, offset);
  if (ctx?.kind !== "key" || !ctx.line.key || offset > ctx.line.key.end) return undefined;
  const key = ctx.line.key.text;
  const info = keyAt(ctx.path, key);
  if (!info?.description) return undefined;
  const lines = [`**${key}**${info.deprecated ? m.keyDeprecated(l) : ""}`, "", info.description];
  if (info.values.length) lines.push("", m.keyValues(l, { values: info.values }));
  lines.push("", m.keyReference(l, { url: docsUrl(ctx.path, key) }));
  return { markdown: lines.join("\n"), span: { start: ctx.line.key.start, end: ctx.line.key.end } };
}

/** On a service's `image:` value. */
export function imageHover(model: ComposeModel, offset: number, l: Locale = "en"): HoverText | undefined {
  for (const s of model.services) {
    const image = s.image;
    if (!image) continue;
    const span = image.str.span();
    if (offset < span.start || offset > span.end) continue;
    const lines = [m.imageTitle(l, { repository: image.repository, tag: image.tag })];
    if (image.registry) lines.push("", m.registry(l, { registry: image.registry }));
    const db = model.databaseByService.get(s.name);
    if (db) lines.push("", m.databaseServer(l, { engine: engineLabel(db), port: db.port }));
    const families = envFamiliesOf(s);
    if (families.length)
      lines.push(
        "",
        m.reads(l, {
          families: families.map((f) => ({ label: familyLabel(l, f), count: f.variables.length })),
        }),
      );
    const page = registryPage(image);
    if (page) lines.push("", m.registryPage(l, { url: page.url }));
    return { markdown: lines.join("\n"), span };
  }
  return undefined;
}

/**
 * On the name of an environment variable in a service. The hover's own words follow the
 * locale; what comes from the data tables stays English as written there: a variable's
 * description, its default and its source (image-env.ts), and Airflow's own option
 * descriptions (see airflow-hover.ts). Names, sections and keys stay as typed.
 */
export function envHover(model: ComposeModel, offset: number, l: Locale = "en"): HoverText | undefined {
  // Not only inside the service: a variable merged in from an `x-` anchor is written there.
  for (const s of model.services) {
    for (const env of s.environment) {
      const k = env.keySpan;
      if (offset < k.start || offset > k.end) continue;
      const known = envVarDoc(s, env.name);
      if (known) {
        const { doc, family } = known;
        const label = familyLabel(l, family);
        const lines = [
          doc.section
            ? m.airflowTitle(l, { section: doc.section, key: doc.key ?? "" })
            : `**${doc.name}** (${label})`,
          "",
          doc.description,
        ];
        if (doc.default) lines.push("", m.defaultValue(l, { value: doc.default }));
        if (env.name.endsWith("_FILE") && doc.fileVariant) lines.push("", m.fileVariant(l));
        const init = factsOf(model).images.initOnlyOnVolume(s);
        if (init?.variables.includes(env)) lines.push("", m.initOnlyOnVolume(l, { volume: init.volume }));
        if (doc.section) lines.push(...airflowConfigHoverLines(s, env.name, false, l));
        lines.push("", m.source(l, { source: doc.source, label, docs: family.docs }));
        return { markdown: lines.join("\n"), span: k };
      }
      const af = airflowConfigKey(env.name);
      if (af) {
        const lines = [
          m.airflowTitle(l, af),
          "",
          m.airflowReads(l, af),
          ...airflowConfigHoverLines(s, env.name, true, l),
          "",
          m.configReference(l, { key: af.key }),
        ];
        return { markdown: lines.join("\n"), span: k };
      }
      return undefined;
    }
  }
  return undefined;
}
