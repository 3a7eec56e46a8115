/**
 * Results of pure functions of one model object, kept for as long as the object lives.
 * - Of a Service, a Connection, a port mapping: in an open document unchanged services keep
 *   their objects from keystroke to keystroke (see ModelCache), so what is derived from them
 *   is computed once, not once per keystroke for each of thousands of services.
 * - Of a whole ComposeModel: computed once per analysis, however many rules or findings ask.
 * Only for functions whose result depends on nothing but the object, which is never mutated
 * once built, and whose callers never mutate the result.
 */
export function perObject<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const results = new WeakMap<K, V>();
  return (key) => {
    const hit = results.get(key);
    if (hit !== undefined || results.has(key)) return hit as V;
    const value = compute(key);
    results.set(key, value);
    return value;
  };
}
