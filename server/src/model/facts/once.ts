/** A value computed on first use and kept: how a fact of one model is computed once, however many rules ask. */
export function once<T>(compute: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value;
  };
}

/**
 * A copy of `s` that keeps nothing else alive. Strings read from YAML are often slices of the
 * document (or of one service's piece of it): kept in a table that outlives the model, a
 * slice would keep that whole text alive.
 */
export function detached(s: string): string {
  return ` ${s}`.slice(1);
}
