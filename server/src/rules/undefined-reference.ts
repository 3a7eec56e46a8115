/**
 * undefined-reference: a service names something the project does not define, and Compose
 * refuses the whole file before starting anything:
 *   - `depends_on` a service that does not exist: `service "airflow" depends on undefined
 *     service "postgress": invalid compose project` (a service that exists only in an inactive
 *     profile is a different problem and is not reported here);
 *   - a network not declared under top-level `networks:` (`default` needs no declaration);
 *   - a named volume not declared under top-level `volumes:` (`service "x" refers to undefined
 *     volume pgdata: invalid compose project`);
 *   - a `secrets:`/`configs:` entry not declared at the top level.
 *
 * Files that are not the whole project are skipped: a file with `include:` (names may come
 * from the included files) and override fragments (a service with no image/build/extends, or
 * a file named *override*). A service that `extends` a service of another file is only
 * checked for `depends_on` (networks and volumes may come with the base service).
 *
 * Fixes: "Declare volume/network `x`" adds `x:` under the top-level section (creating it at
 * the end of the file). "Change to `y`" renames a misspelt reference to the one nearest
 * defined name (same up to case and -/_/., or ≤ 2 edits). Which is preferred:
 *   - depends_on: the rename (there is nothing to declare), when exactly one name is near;
 *   - networks: the rename when exactly one declared network is near (a typo), else declaring;
 *   - volumes: declaring, unless exactly one declared volume is near AND no service uses it
 *     (then the reference is a typo of it, and declaring would start an empty volume instead
 *     of the one holding the data);
 *   - secrets/configs: never (a declaration needs a file, and a rename moves the mount path).
 */
import { declareTopLevel } from "../edits/insert";
import { renameInScalar } from "../edits/rename";
import { type MissingReference, type NearNames, type Reference, SECTION } from "../model/facts";
import { capitalised, fitting, nameList, namesShort } from "./phrases";
import { defineRule, type Fix, type RuleContext } from "./types";

/** What `ref` may have meant: the one service known by that container_name/hostname, else the nearest names. */
function nearFor({ facts }: RuleContext, ref: Reference, excludeSiblings: boolean): NearNames | undefined {
  const { references } = facts;
  if (ref.kind === "service") {
    const matches = references.knownAsName(ref.name).filter((s) => s !== ref.service);
    const known = matches.length === 1 ? matches[0].name : undefined;
    if (known && !(excludeSiblings && ref.siblings.includes(known))) return { names: [known], distance: 0 };
  }
  // A service never depends on itself.
  const self = ref.kind === "service" ? ref.service.name : undefined;
  return references.nearest(
    ref.kind,
    ref.name,
    (n) => n === self || (excludeSiblings && ref.siblings.includes(n)),
  );
}

export const undefinedReference = defineRule<MissingReference>({
  meta: {
    id: "undefined-reference",
    title: "depends_on, networks, volumes, secrets or configs name something that is not defined",
    defaultSeverity: "error",
    fixable: true,
  },
  // Included files and base files bring services, networks and volumes this file cannot show,
  // unless the whole project was loaded: then what no file of it defines is undefined.
  run: ({ facts }) => (facts.project.isPartial() && !facts.project.known() ? [] : facts.references.missing()),
  diagnostic(ctx, { ref, services }) {
    const names = services.map((s) => s.name);
    const quoted = nameList(names, { quote: '"' });
    const who = names.length > 1 ? `services ${quoted}` : `service "${names[0]}"`;
    const Who = capitalised(who);
    const WhoShort = names.length > 1 ? `Services ${namesShort(names, { quote: '"' })}` : Who;
    const uses = names.length > 1 ? "use" : "uses";
    const near = nearFor(ctx, ref, false);
    const hint = near?.names.length
      ? ` Did you mean ${nameList(near.names, { quote: '"', conjunction: "or" })}?`
      : "";
    const first = `service "${ref.service.name}"`;
    const also = names.length > 1 ? ` (the same entry is used by ${quoted})` : "";
    // "Did you mean" goes in the message when it fits, else in the detail.
    const meant = near?.names.length
      ? ` (did you mean ${nameList(near.names, { quote: '"', conjunction: "or" })}?)`
      : "";
    let message: string;
    let detail: string;
    if (ref.kind === "service") {
      const scope = ctx.model.project ? "project" : "file";
      message = fitting(
        `No service "${ref.name}" is defined in this ${scope}${meant}, so Compose rejects it.`,
        `No service "${ref.name}" is defined in this ${scope}, so Compose rejects it.`,
        `This service is not defined in this ${scope}, so Compose rejects it.`,
      );
      detail = `Compose: ${first} depends on undefined service "${ref.name}": invalid compose project.${also}`;
    } else {
      const undeclared = `which is not declared under the top-level \`${SECTION[ref.kind]}:\``;
      message = fitting(
        `${Who} ${uses} ${ref.kind} "${ref.name}", ${undeclared}${meant}.`,
        `${Who} ${uses} ${ref.kind} "${ref.name}", ${undeclared}.`,
        `${WhoShort} ${uses} ${ref.kind} "${ref.name}", ${undeclared}.`,
        `${capitalised(ref.kind)} "${ref.name}" is not declared under the top-level \`${SECTION[ref.kind]}:\`.`,
      );
      const how =
        ref.kind === "network" || ref.kind === "volume"
          ? ""
          : `Declare it there with a \`file:\`, \`environment:\` or \`external: true\`. `;
      const users = message.includes(Who) ? "" : `${Who} ${uses} it. `;
      detail = `${users}${how}Compose rejects the file: ${first} refers to undefined ${ref.kind} ${ref.name}: invalid compose project.`;
    }
    if (!message.includes(meant)) detail += hint;
    return { span: ref.span, message, detail };
  },
  fixes(ctx, { ref }) {
    const { model, facts } = ctx;
    const near = nearFor(ctx, ref, true);
    const unique = near?.names.length === 1 ? near.names[0] : undefined;
    const renames: Fix[] = [];
    const renamable = !!ref.scalar && facts.project.insideService(ref.service, ref.span);
    for (const to of near?.names.slice(0, 3) ?? []) {
      const edit = renamable ? renameInScalar(model.text, ref.scalar!, ref.name, to) : undefined;
      if (edit) renames.push({ title: `Change to \`${to}\``, edits: [edit], preferred: false });
    }
    const declares: Fix[] = [];
    if ((ref.kind === "volume" || ref.kind === "network") && /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(ref.name)) {
      const edit = declareTopLevel(model.text, model, SECTION[ref.kind], ref.name);
      if (edit)
        declares.push({ title: `Declare ${ref.kind} \`${ref.name}\``, edits: [edit], preferred: false });
    }
    let renameWins = false;
    if (unique && renames.length === 1) {
      if (ref.kind === "service")
        renameWins = !facts.references.dependsTransitively(unique, ref.service.name);
      else if (ref.kind === "network") renameWins = true;
      else if (ref.kind === "volume") renameWins = !facts.references.volumeInUse(unique);
    }
    if (renameWins) renames[0].preferred = true;
    else if (declares.length) declares[0].preferred = true;
    return renameWins ? [...renames, ...declares] : [...declares, ...renames];
  },
});
