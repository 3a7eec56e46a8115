/** Fixes that several rules offer, built from server/src/edits/ and the model's facts. */
import { addHealthcheck, healthcheckTest } from "../edits/healthcheck";
import type { TextEdit } from "../edits/types";
import { repointEdits } from "../edits/url";
import type { Ranking, Target, UrlGroup } from "../model/facts";
import type { Database } from "../model/types";
import type { Fix, RuleContext } from "./types";

/** Candidates offered as fixes: a menu of hundreds of databases helps nobody. */
const MAX_REPOINT_FIXES = 3;

/**
 * One fix per candidate (the best three), best first, repointing the URL's host (and port) at
 * it; only the first is preferred, and only when it is clearly right and every client of the
 * URL can reach it.
 */
export function repointFixes(
  { facts }: RuleContext,
  group: UrlGroup,
  ranking: Ranking,
  title: (t: Target) => string,
): Fix[] {
  const fixes: Fix[] = [];
  ranking.ranked.slice(0, MAX_REPOINT_FIXES).forEach((t, i) => {
    const edits = repointEdits(group.conn, { name: t.service.name, port: t.port });
    if (!edits || edits.length === 0) return;
    const portChanges = edits.length > 1 || edits[0].newText.includes(":");
    fixes.push({
      title: title(t) + (portChanges ? ` on port ${t.port}` : ""),
      edits,
      preferred:
        i === 0 && ranking.clear && group.services.every((s) => facts.networks.reachable(s, t.service)),
    });
  });
  return fixes;
}

/**
 * The healthcheck that Compose would need, as an edit adding it to the database service, when
 * we know a test for its image. `preferred` only for images we know (not a guess from the
 * environment of a custom image, nor a `build:` whose Dockerfile we do not read).
 */
export function healthcheckFix(
  { model, facts }: RuleContext,
  db: Database,
): { edit: TextEdit; preferred: boolean } | undefined {
  if (facts.readiness.health(db.service) !== "absent") return undefined;
  if (!healthcheckTest(db)) return undefined;
  const edit = addHealthcheck(model.text, db);
  if (!edit) return undefined;
  return { edit, preferred: facts.readiness.imageHealthcheck(db.service) === "none" };
}
