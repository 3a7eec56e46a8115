/**
 * What one open document keeps between versions so that a keystroke in a 50,000-line file
 * costs little: the incremental parser's pieces, and per service (keyed by its parsed node,
 * which the parser reuses when the service's text did not change) the Service read from it
 * and its connections. Every span in a Service is a getter over its nodes, so reusing it after
 * its nodes moved is exact.
 */
import { IncrementalParser } from "../parse/incremental";
import type { RPair } from "../parse/resolve";
import { DocText } from "../parse/source-string";
import type { Connection, Service } from "./types";

interface Entry {
  variables: ReadonlyMap<string, string>;
  service: Service;
  connections?: Connection[];
}

export class ModelCache {
  readonly parser: IncrementalParser;
  readonly doc = new DocText("");
  private services = new WeakMap<RPair, Entry>();

  /** `minLength`: below it a text is parsed whole and nothing is reused (tests set 0 to reuse on small files). */
  constructor(options: { minLength?: number } = {}) {
    this.parser = new IncrementalParser(options.minLength);
  }

  service(pair: RPair, variables: ReadonlyMap<string, string>, read: () => Service): Service {
    const hit = this.services.get(pair);
    if (hit && hit.variables === variables) return hit.service;
    const service = read();
    this.services.set(pair, { variables, service });
    return service;
  }

  connections(service: Service, pair: RPair, compute: () => Connection[]): Connection[] {
    const entry = this.services.get(pair);
    if (!entry || entry.service !== service) return compute();
    entry.connections ??= compute();
    return entry.connections;
  }
}
