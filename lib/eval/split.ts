import { seededRandom, shuffleInPlace } from "../model/random.ts";

/** Assign each group (report) to one of k folds, deterministically from a seed. */
export function kFoldByGroup(groups: string[], k: number, seed = 13): Map<string, number> {
  const unique = shuffleInPlace([...new Set(groups)].sort(), seededRandom(seed));
  return new Map(unique.map((g, i) => [g, i % k]));
}

/** Split items into train and held-out parts by group, never splitting a group. */
export function holdOutByGroup<T>(
  items: T[],
  groupOf: (item: T) => string,
  fraction = 0.2,
  seed = 13,
): { train: T[]; test: T[] } {
  const k = Math.max(2, Math.round(1 / fraction));
  const folds = kFoldByGroup(items.map(groupOf), k, seed);
  const train: T[] = [], test: T[] = [];
  for (const item of items) (folds.get(groupOf(item)) === 0 ? test : train).push(item);
  return { train, test };
}
