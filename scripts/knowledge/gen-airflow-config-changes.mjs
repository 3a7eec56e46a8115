#!/usr/bin/env node
// Generates server/src/model/knowledge/airflow-config-changes.ts and
// airflow-config-reference.ts from two checkouts of apache/airflow: one of Airflow 3 (main or
// a 3.x tag) and one of Airflow 2 (a 2.x tag, or main before the Airflow 3 removals).
//
//   node scripts/knowledge/gen-airflow-config-changes.mjs \
//     --airflow3 <checkout> [--airflow3-commit <sha>] --airflow2 <checkout> [--airflow2-commit <sha>]
//
// A checkout may be a git work tree (its HEAD is the commit) or a plain export such as
// `git archive <sha> <paths> | tar -x` (then pass the commit). Files read:
//   Airflow 3: airflow-core/src/airflow/cli/commands/config_command.py (CONFIGS_CHANGES),
//              shared/configuration/src/airflow_shared/configuration/parser.py (deprecated_options),
//              airflow-core/src/airflow/config_templates/config.yml, providers/{celery,fab}/provider.yaml,
//              airflow-core/src/airflow/__init__.py (version)
//   Airflow 2: airflow/configuration.py (deprecated_options, many_to_one_deprecated_options,
//              deprecated_sections), airflow/config_templates/config.yml,
//              airflow/providers/{celery,fab}/provider.yaml, airflow/__init__.py
// Not run in CI (no network there): the generated files are committed, and their tests check
// their shape and known entries. Needs python3 with PyYAML (Airflow's own YAML reader) and the
// repo's node_modules (Biome, to format the output).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { literalAfter, parsePythonLiteral } from "./python-literal.mjs";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const outDir = join(repoRoot, "server/src/model/knowledge");

function args() {
  const out = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith("--") || argv[i + 1] === undefined) usage(`bad argument ${argv[i]}`);
    out[argv[i].slice(2)] = argv[i + 1];
  }
  if (!out.airflow3 || !out.airflow2) usage("both --airflow3 and --airflow2 are needed");
  return out;
}

function usage(msg) {
  console.error(
    `${msg}\nusage: gen-airflow-config-changes.mjs --airflow3 DIR [--airflow3-commit SHA] --airflow2 DIR [--airflow2-commit SHA]`,
  );
  process.exit(2);
}

function commitOf(dir, given) {
  if (given) {
    if (!/^[0-9a-f]{40}$/.test(given)) usage(`not a full commit id: ${given}`);
    return given;
  }
  try {
    return execFileSync("git", ["-C", dir, "rev-parse", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    usage(`${dir} is not a git work tree: pass its commit`);
  }
}

function read(dir, path) {
  const file = join(dir, path);
  if (!existsSync(file)) throw new Error(`missing ${path} in ${dir}`);
  return readFileSync(file, "utf8");
}

function versionOf(initPy) {
  const m = /^__version__ = "([^"]+)"/m.exec(initPy);
  if (!m) throw new Error("no __version__ in __init__.py");
  return m[1];
}

/** `deprecated_options` as [new section, new key, old section, old key, since]. */
function deprecatedOptions(source) {
  const map = parsePythonLiteral(
    literalAfter(source, "deprecated_options: dict[tuple[str, str], tuple[str, str, str]] = {"),
  );
  return [...map].map(([k, v]) => {
    const [section, key] = JSON.parse(k);
    const [oldSection, oldKey, since] = v;
    for (const s of [section, key, oldSection, oldKey, since]) if (typeof s !== "string") throw new Error(k);
    return { section, key, oldSection, oldKey, since };
  });
}

function manyToOne(source) {
  const marker = "many_to_one_deprecated_options: dict[tuple[str, str], list[tuple[str, str, str]]] = {";
  if (!source.includes(marker)) return [];
  const out = [];
  for (const [k, list] of parsePythonLiteral(literalAfter(source, marker))) {
    const [section, key] = JSON.parse(k);
    for (const [oldSection, oldKey, since] of list) out.push({ section, key, oldSection, oldKey, since });
  }
  return out;
}

function deprecatedSections(source) {
  const marker = "deprecated_sections: dict[str, tuple[str, str]] = {";
  if (!source.includes(marker)) throw new Error("no deprecated_sections");
  return [...parsePythonLiteral(literalAfter(source, marker))].map(([k, [oldSection, since]]) => ({
    section: JSON.parse(k),
    oldSection,
    since,
  }));
}

const CHANGE_KWARGS = new Set([
  "config",
  "default_change",
  "old_default",
  "new_default",
  "suggestion",
  "renamed_to",
  "was_deprecated",
  "was_removed",
  "is_invalid_if",
  "breaking",
  "remove_if_equals",
]);

function param(p, where) {
  if (p?.call !== "ConfigParameter") throw new Error(`expected ConfigParameter in ${where}`);
  const [section = p.kwargs.section, key = p.kwargs.option] = p.args;
  if (typeof section !== "string" || typeof key !== "string")
    throw new Error(`bad ConfigParameter in ${where}`);
  return { section, key };
}

/** CONFIGS_CHANGES with the dataclass defaults of ConfigChange applied. */
function configsChanges(source) {
  if (!source.includes("class ConfigChange:")) throw new Error("ConfigChange dataclass not found");
  const list = parsePythonLiteral(literalAfter(source, "CONFIGS_CHANGES = ["));
  return list.map((c, i) => {
    if (c.call !== "ConfigChange" || c.args.length) throw new Error(`entry ${i} is not ConfigChange(kw=...)`);
    for (const k of Object.keys(c.kwargs))
      if (!CHANGE_KWARGS.has(k)) throw new Error(`entry ${i}: new field ${k}`);
    const kw = c.kwargs;
    return {
      ...param(kw.config, `entry ${i}`),
      renamedTo: kw.renamed_to ? param(kw.renamed_to, `entry ${i}`) : undefined,
      defaultChange: kw.default_change ?? false,
      oldDefault: kw.old_default ?? null,
      newDefault: kw.new_default ?? null,
      suggestion: kw.suggestion ?? "",
      wasDeprecated: kw.was_deprecated ?? true,
      wasRemoved: kw.was_removed ?? true,
      isInvalidIf: kw.is_invalid_if ?? null,
      breaking: kw.breaking ?? false,
      removeIfEquals: kw.remove_if_equals ?? null,
    };
  });
}

/** The options of a config.yml (or a provider.yaml's `config:`) as section → key → option. */
function configOptions(yamlText, fromProvider) {
  const doc = loadYamlLikeAirflow(yamlText);
  const sections = fromProvider ? doc.config : doc;
  if (!sections || typeof sections !== "object") throw new Error("no config sections");
  const out = new Map();
  for (const [section, body] of Object.entries(sections)) {
    if (!body?.options) throw new Error(`section ${section} has no options`);
    for (const [key, opt] of Object.entries(body.options)) {
      if (typeof opt?.description !== "string" && opt?.description != null)
        throw new Error(`${section}.${key}`);
      out.set(`${section}.${key}`, {
        section,
        key,
        description: firstSentence(opt.description ?? ""),
        default: opt.default == null ? null : String(opt.default),
        type: opt.type ?? "string",
        sensitive: opt.sensitive === true,
        versionAdded: opt.version_added == null ? null : String(opt.version_added),
        versionDeprecated: opt.version_deprecated == null ? null : String(opt.version_deprecated),
      });
    }
  }
  return out;
}

/**
 * Airflow reads these files with PyYAML's safe_load, which accepts what stricter YAML 1.2
 * parsers reject (a quoted example continued at the key's indentation in 2.10's config.yml),
 * so read them the same way.
 */
function loadYamlLikeAirflow(text) {
  const json = execFileSync(
    "python3",
    ["-c", "import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)"],
    { input: text, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(json);
}

/** The first sentence of an RST description, markup kept light: enough for a hover line. */
function firstSentence(text) {
  const flat = text
    .split(/\n\s*\n/)[0]
    .replace(/\s+/g, " ")
    .trim();
  const m = /^(.*?[.!?])(\s|$)/.exec(
    flat.replace(/\be\.g\. /g, "e.g.\u0000").replace(/\bi\.e\. /g, "i.e.\u0000"),
  );
  const sentence = (m ? m[1] : flat).replace(/\u0000/g, " ");
  return sentence.length > 300 ? `${sentence.slice(0, 297)}...` : sentence;
}

const envName = (section, key) => `AIRFLOW__${section.toUpperCase()}__${key.toUpperCase()}`;
const id = (section, key) => `${section}.${key}`;

function main() {
  const a = args();
  const a3dir = resolve(a.airflow3);
  const a2dir = resolve(a.airflow2);
  const a3commit = commitOf(a3dir, a["airflow3-commit"]);
  const a2commit = commitOf(a2dir, a["airflow2-commit"]);
  const a3version = versionOf(read(a3dir, "airflow-core/src/airflow/__init__.py"));
  const a2version = versionOf(read(a2dir, "airflow/__init__.py"));
  if (!a3version.startsWith("3.")) throw new Error(`--airflow3 is Airflow ${a3version}`);
  if (!a2version.startsWith("2.")) throw new Error(`--airflow2 is Airflow ${a2version}`);

  const changes = configsChanges(read(a3dir, "airflow-core/src/airflow/cli/commands/config_command.py"));
  const a3parser = read(a3dir, "shared/configuration/src/airflow_shared/configuration/parser.py");
  const a3aliases = deprecatedOptions(a3parser);
  if (deprecatedSections(a3parser).length)
    throw new Error("Airflow 3 has deprecated sections now: handle them");
  const a2config = read(a2dir, "airflow/configuration.py");
  const a2aliases = [...deprecatedOptions(a2config), ...manyToOne(a2config)];
  const a2sections = deprecatedSections(a2config);

  const ref3 = new Map([
    ...configOptions(read(a3dir, "airflow-core/src/airflow/config_templates/config.yml"), false),
    ...configOptions(read(a3dir, "providers/celery/provider.yaml"), true),
    ...configOptions(read(a3dir, "providers/fab/provider.yaml"), true),
  ]);
  const ref2 = new Map([
    ...configOptions(read(a2dir, "airflow/config_templates/config.yml"), false),
    ...configOptions(read(a2dir, "airflow/providers/celery/provider.yaml"), true),
    ...configOptions(read(a2dir, "airflow/providers/fab/provider.yaml"), true),
  ]);

  const a3byOld = new Map(a3aliases.map((d) => [id(d.oldSection, d.oldKey), d]));
  const a2byOld = new Map(a2aliases.map((d) => [id(d.oldSection, d.oldKey), d]));
  const renamedInChanges = new Map(
    changes
      .filter((c) => c.renamedTo)
      .map((c) => [id(c.section, c.key), id(c.renamedTo.section, c.renamedTo.key)]),
  );
  // Where a setting lives in the newest Airflow: follow renames (webserver.access_logfile →
  // api.access_logfile → api.log_config) until a name that is not itself moved.
  const current = (start) => {
    let at = start;
    for (let hops = 0; hops < 5; hops++) {
      const next = a3byOld.has(at)
        ? id(a3byOld.get(at).section, a3byOld.get(at).key)
        : (renamedInChanges.get(at) ??
          (a2byOld.has(at) ? id(a2byOld.get(at).section, a2byOld.get(at).key) : undefined));
      if (!next || next === at) return at;
      at = next;
    }
    throw new Error(`rename cycle from ${start}`);
  };
  const target = (full) => {
    const [section, key] = full.split(".");
    return { section, key, env: envName(section, key) };
  };

  const byOld = new Map();
  const entry = (section, key) => {
    const k = id(section, key);
    if (!byOld.has(k)) {
      byOld.set(k, {
        section,
        key,
        env: envName(section, key),
        kind: undefined,
        replacement: undefined,
        airflow2: undefined,
        airflow3: undefined,
        removedValues: [],
        breaking: false,
        suggestion: "",
        sources: [],
      });
    }
    return byOld.get(k);
  };
  const setKind = (e, kind) => {
    // A key that is both renamed and removed elsewhere would be contradictory: stop and look.
    if (e.kind && e.kind !== kind) throw new Error(`${e.section}.${e.key}: ${e.kind} and ${kind}`);
    e.kind = kind;
  };

  for (const c of changes) {
    const e = entry(c.section, c.key);
    e.sources.push("CONFIGS_CHANGES");
    e.breaking ||= c.breaking;
    if (c.suggestion && !e.suggestion.includes(c.suggestion))
      e.suggestion = `${e.suggestion} ${c.suggestion}`.trim();
    if (c.renamedTo) setKind(e, "moved");
    else if (c.defaultChange) {
      setKind(e, "default-changed");
      e.oldDefault = c.oldDefault == null ? null : String(c.oldDefault);
      e.newDefault = c.newDefault == null ? null : String(c.newDefault);
    } else if (c.wasRemoved && c.removeIfEquals != null) {
      setKind(e, "value-removed");
      e.removedValues.push(String(c.removeIfEquals));
    } else if (c.wasRemoved) {
      setKind(e, "removed");
      e.wasDeprecated = c.wasDeprecated;
    } else if (c.isInvalidIf != null) {
      setKind(e, "invalid-value");
      e.invalidValue = String(c.isInvalidIf);
    } else throw new Error(`unclassified change ${c.section}.${c.key}`);
  }
  for (const d of a2aliases) {
    const e = entry(d.oldSection, d.oldKey);
    e.sources.push("airflow2-deprecated_options");
    // CONFIGS_CHANGES says what Airflow 3 does with it (core.log_processor_filename_template is
    // an alias in 2 and gone in 3); an alias only there moved to its new name.
    e.kind ??= "moved";
  }
  for (const d of a3aliases) {
    const e = entry(d.oldSection, d.oldKey);
    e.sources.push("airflow3-deprecated_options");
    if (e.kind !== "moved") setKind(e, "moved");
  }

  for (const e of byOld.values()) {
    const k = id(e.section, e.key);
    if (e.kind === "moved") {
      const to = current(k);
      if (ref3.has(to)) e.replacement = target(to);
      else {
        // Renamed once, but Airflow 3 has no such option any more (core.load_default_connections →
        // database.load_default_connections, itself removed): for Airflow 3 it is simply gone.
        if (a3byOld.has(k)) throw new Error(`${k}: Airflow 3 reads it as ${to}, which its reference lacks`);
        e.kind = "removed";
        e.renamedTo = to;
        console.warn(`note: ${k} → ${to}, which Airflow 3 does not have: recorded as removed`);
      }
    }
    const a2 = a2byOld.get(k);
    e.airflow2 = a2
      ? { status: "deprecated", since: a2.since, readAs: id(a2.section, a2.key) }
      : ref2.has(k)
        ? { status: "current" }
        : { status: "unknown" };
    const a3 = a3byOld.get(k);
    if (a3) e.airflow3 = { status: "deprecated", since: a3.since, readAs: id(a3.section, a3.key) };
    else if (e.kind === "moved" || e.kind === "removed") e.airflow3 = { status: "not-read" };
    else e.airflow3 = { status: ref3.has(k) ? "current" : "unknown" };
  }

  const entries = [...byOld.values()].sort((x, y) => x.env.localeCompare(y.env));
  writeGenerated(
    "airflow-config-changes.ts",
    changesModule(entries, a2sections, { a3commit, a3version, a2commit, a2version }),
  );

  const reference = [];
  for (const [k, o] of ref3)
    reference.push({ ...o, env: envName(o.section, o.key), majors: ref2.has(k) ? [2, 3] : [3] });
  for (const [k, o] of ref2)
    if (!ref3.has(k)) reference.push({ ...o, env: envName(o.section, o.key), majors: [2] });
  reference.sort((x, y) => x.env.localeCompare(y.env));
  writeGenerated(
    "airflow-config-reference.ts",
    referenceModule(reference, { a3commit, a3version, a2commit, a2version }),
  );

  const counts = {};
  for (const e of entries) counts[e.kind] = (counts[e.kind] ?? 0) + 1;
  console.log(
    `changes: ${entries.length} ${JSON.stringify(counts)}; sections: ${a2sections.length}; reference: ${reference.length}`,
  );
}

function header(sources, what) {
  return `// GENERATED by scripts/knowledge/gen-airflow-config-changes.mjs: do not edit by hand; run it again.
//
// ${what}
// Sources (apache/airflow):
${sources.map((s) => `//   ${s}`).join("\n")}
`;
}

function sourceLines(m) {
  return [
    `Airflow ${m.a3version} at ${m.a3commit}:`,
    "  airflow-core/src/airflow/cli/commands/config_command.py (CONFIGS_CHANGES),",
    "  shared/configuration/src/airflow_shared/configuration/parser.py (deprecated_options),",
    "  airflow-core/src/airflow/config_templates/config.yml, providers/celery/provider.yaml,",
    "  providers/fab/provider.yaml",
    `Airflow ${m.a2version} at ${m.a2commit}:`,
    "  airflow/configuration.py (deprecated_options, many_to_one_deprecated_options, deprecated_sections),",
    "  airflow/config_templates/config.yml, airflow/providers/{celery,fab}/provider.yaml",
  ];
}

function changesModule(entries, sections, m) {
  const clean = entries.map((e) => {
    const out = { env: e.env, section: e.section, key: e.key, kind: e.kind };
    if (e.replacement) out.replacement = e.replacement;
    if (e.renamedTo) out.renamedTo = e.renamedTo;
    out.airflow2 = e.airflow2;
    out.airflow3 = e.airflow3;
    if (e.removedValues.length) out.removedValues = e.removedValues;
    if (e.oldDefault !== undefined) out.oldDefault = e.oldDefault;
    if (e.newDefault !== undefined) out.newDefault = e.newDefault;
    if (e.invalidValue !== undefined) out.invalidValue = e.invalidValue;
    if (e.wasDeprecated !== undefined) out.wasDeprecatedIn2 = e.wasDeprecated;
    if (e.breaking) out.breaking = true;
    if (e.suggestion) out.suggestion = e.suggestion;
    out.sources = [...new Set(e.sources)];
    return out;
  });
  return `${header(sourceLines(m), "Airflow configuration keys that moved, were removed or changed their default between 2 and 3.")}
import type { AirflowConfigChange, AirflowSectionChange } from "./airflow";

export const AIRFLOW_CONFIG_CHANGES_SOURCE = ${JSON.stringify({
    repository: "apache/airflow",
    airflow3: { version: m.a3version, commit: m.a3commit },
    airflow2: { version: m.a2version, commit: m.a2commit },
  })} as const;

export const AIRFLOW_CONFIG_CHANGES: readonly AirflowConfigChange[] = ${JSON.stringify(clean)};

/** Whole sections Airflow 2 reads under an old name (deprecated_sections); Airflow 3 has none. */
export const AIRFLOW_SECTION_CHANGES: readonly AirflowSectionChange[] = ${JSON.stringify(
    sections.map((s) => ({
      oldSection: s.oldSection,
      section: s.section,
      airflow2Since: s.since,
      airflow3: "not-read",
    })),
  )};
`;
}

function referenceModule(reference, m) {
  return `${header(sourceLines(m), "Airflow's configuration reference (descriptions cut to their first sentence), for hover and completion.")}
import type { AirflowConfigOption } from "./airflow";

export const AIRFLOW_CONFIG_REFERENCE: readonly AirflowConfigOption[] = ${JSON.stringify(
    reference.map((o) => {
      const out = {
        env: o.env,
        section: o.section,
        key: o.key,
        description: o.description,
        default: o.default,
        type: o.type,
      };
      if (o.sensitive) out.sensitive = true;
      if (o.versionAdded) out.versionAdded = o.versionAdded;
      if (o.versionDeprecated) out.versionDeprecated = o.versionDeprecated;
      out.majors = o.majors;
      return out;
    }),
  )};
`;
}

function writeGenerated(name, text) {
  const file = join(outDir, name);
  writeFileSync(file, text);
  execFileSync(join(repoRoot, "node_modules/.bin/biome"), ["format", "--write", file], { stdio: "inherit" });
}

main();
