/**
 * The places of keys the model does not hold as fields, for the few fixes that edit a key
 * itself (a healthcheck's `test:` key, an `environment:` map's key). Rules read these through
 * the model so that `parse/` stays an implementation detail of it.
 */
import { getPair, type RNode, type RPair } from "../parse/resolve";

/** The `key: value` pair of a mapping node, if the node is a mapping that has the key. */
export function pairIn(node: RNode | undefined | null, key: string): RPair | undefined {
  return node?.kind === "map" ? getPair(node, key) : undefined;
}
