/**
 * The compose-spec schema's verdict on a file, as model facts: computed once per service object
 * (unchanged services keep their objects between keystrokes, see cache.ts) and once per model
 * for the rest of the file, so a keystroke in a 2,000-service file validates one service.
 * Rules (compose-schema, deprecated-key) only turn these issues into findings.
 */
import { asMap, type RPair } from "../parse/resolve";
import { composeSchema, deref, type JsonSchema } from "../schema";
import { type SchemaIssue, SERVICE_TRIE, TOP_TRIE, validate } from "../schema/validate";
import { perObject } from "./memo";
import type { ComposeModel, Service } from "./types";

export type { SchemaIssue } from "../schema/validate";

const SERVICE_SCHEMA: JsonSchema = deref({ $ref: "#/$defs/service" });
const SERVICES_SCHEMA = deref(composeSchema.properties?.services ?? {});
/** The pattern a service name must match (`^[a-zA-Z0-9._-]+$`). */
const SERVICE_NAME = new RegExp(Object.keys(SERVICES_SCHEMA.patternProperties ?? {})[0] ?? "^.+$", "u");

const byService = new WeakMap<Service, SchemaIssue[]>();

/**
 * The schema issues inside one service. A Service object is only ever built for one variables map
 * (ModelCache rebuilds it when the map changes), so the variables are part of what it stands for.
 */
export function serviceSchemaIssues(service: Service, variables: ReadonlyMap<string, string>): SchemaIssue[] {
  let issues = byService.get(service);
  if (issues) return issues;
  issues = validateService(service.pair, variables);
  byService.set(service, issues);
  return issues;
}

function validateService(pair: RPair, variables: ReadonlyMap<string, string>): SchemaIssue[] {
  const name = pair.key.text ?? "";
  // A bad name is reported by the top level; what is inside is still worth checking.
  return validate(pair.value, SERVICE_SCHEMA, {
    lookup: (v) => variables.get(v),
    path: ["services", name],
    paths: SERVICE_TRIE,
    where: pair.key,
  });
}

/** The schema issues outside the services' bodies: top-level keys, networks, volumes, ...; once per model. */
export const topLevelSchemaIssues = perObject((model: ComposeModel): SchemaIssue[] => {
  if (!model.root) return [];
  const variables = model.variables;
  return validate(model.root, composeSchema, {
    lookup: (v) => variables.get(v),
    path: [],
    paths: TOP_TRIE,
    // Each service's body is validated with the service (serviceSchemaIssues), not here.
    shallow: (path) =>
      path.length === 2 &&
      path[0] === "services" &&
      SERVICE_NAME.test(path[1]) &&
      !!asMap(model.topLevel.services?.value),
  });
});

/** Every schema issue of the file: the top level, then each service in order. */
export const schemaIssues = perObject((model: ComposeModel): SchemaIssue[] => {
  const out = [...topLevelSchemaIssues(model)];
  if (asMap(model.topLevel.services?.value))
    for (const s of model.services) out.push(...serviceSchemaIssues(s, model.variables));
  return out;
});
