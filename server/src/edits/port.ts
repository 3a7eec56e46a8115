/** Binding a published port to one host address (`"5432:5432"` → `"127.0.0.1:5432:5432"`). */
import type { PortMapping } from "../model/types";
import { getPair } from "../parse/resolve";
import { insertAfterPair, ownPairs } from "./insert";
import { replaceScalar } from "./replace";
import { replaceSpan } from "./text";
import type { TextEdit } from "./types";

/**
 * The edit that publishes `port` on `ip` only: a host IP put in front of a short mapping
 * (`ip:` before `host:container`, `ip::` before a lone container port), `0.0.0.0` replaced,
 * `host_ip:` added to a long one. Undefined for another host IP, a variable, odd text.
 */
export function bindPortTo(text: string, port: PortMapping, ip: string): TextEdit | undefined {
  if (port.node.kind === "map") {
    const pair = getPair(port.node, "host_ip");
    if (pair?.value?.kind === "scalar")
      return port.hostIp === "0.0.0.0" ? replaceScalar(text, pair.value, ip) : undefined;
    if (pair) return undefined;
    // After the last entry: the first one shares its line with the list's `- `.
    const own = ownPairs(port.node);
    const last = own[own.length - 1];
    return last && !port.node.flow ? insertAfterPair(text, last, [`host_ip: ${ip}`], false) : undefined;
  }
  const str = port.str;
  if (!str || str.hasVariable()) return undefined;
  if (port.hostIp === undefined) {
    const insert = port.published ? `${ip}:` : `${ip}::`;
    const at = str.editableSpan(0, 0);
    return at && str.canHold(`${insert}${str.value}`) ? replaceSpan(at, insert) : undefined;
  }
  if (port.hostIp !== "0.0.0.0" || !str.value.startsWith("0.0.0.0:")) return undefined;
  const span = str.editableSpan(0, "0.0.0.0".length);
  return span ? replaceSpan(span, ip) : undefined;
}
