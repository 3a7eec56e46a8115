/**
 * Property runs are reproducible: a fixed seed in CI (a red build is never luck), and a
 * fresh one when FC_SEED=random, to explore. A counterexample found either way becomes a
 * named case in its test file.
 */
export const FC_SEED =
  process.env.FC_SEED === "random" ? Date.now() : Number(process.env.FC_SEED ?? 20261127);
