import { type CleanRow, featureText } from "../data/clean.ts";
import { seededRandom } from "../model/random.ts";
import { labelCounts } from "./counts.ts";

/** Options of `oversample`. */
export interface OversampleOptions {
  /** Bring every technique with at least one example up to this many. Default 10. */
  minExamples?: number;
  /** Name of the actor a row's group stands for (ATT&CK group/software ID -> name). */
  actorName?: (group: string) => string | undefined;
  /** Names to swap in for an actor named in the sentence. */
  actorNames?: string[];
  /** Share of words dropped from each copy (at least one). Default 0.1. */
  dropRate?: number;
  seed?: number;
}

const KEEP = /^(?:T\d{4}|[A-Z0-9_.-]{2,}|.*[\\/.:].*)$/; // IDs, acronyms, paths, file names

/** One augmented copy: swap the named actor for another, drop a few ordinary words. */
export function augment(
  text: string,
  rand: () => number,
  options: { actor?: string; actorNames?: string[]; dropRate?: number } = {},
): string {
  let s = text;
  const names = options.actorNames ?? [];
  if (options.actor && names.length && s.includes(options.actor)) {
    const other = names[Math.floor(rand() * names.length)];
    if (other && other !== options.actor) s = s.split(options.actor).join(other);
  }
  const words = s.split(" ");
  const droppable = words.map((w, i) => ({ w, i })).filter(({ w, i }) =>
    i > 0 && i < words.length - 1 && w.length > 3 && !KEEP.test(w)
  );
  const n = Math.min(
    droppable.length,
    Math.max(1, Math.round(words.length * (options.dropRate ?? 0.1))),
  );
  const drop = new Set<number>();
  while (drop.size < n) drop.add(droppable[Math.floor(rand() * droppable.length)].i);
  return words.filter((_, i) => !drop.has(i)).join(" ");
}

/**
 * Oversample rare techniques with augmented copies of their train rows (actor swapped, a few
 * words dropped) until each has `minExamples`. New rows have source "oversample" and keep the
 * group of the row they copy. Returns all rows and the new ones.
 *
 * @example
 * const { rows, added } = oversample(trainRows, { minExamples: 10 });
 */
export function oversample(
  rows: CleanRow[],
  options: OversampleOptions = {},
): { rows: CleanRow[]; added: CleanRow[] } {
  const minExamples = options.minExamples ?? 10;
  const rand = seededRandom(options.seed ?? 11);
  const train = rows.filter((r) => r.split === "train");
  const counts = labelCounts(train);
  const added: CleanRow[] = [];
  for (const [label, count] of [...counts].sort((a, b) => a[0].localeCompare(b[0]))) {
    if (count >= minExamples) continue;
    const sources = train.filter((r) => r.labels.includes(label));
    for (let k = 0; k < minExamples - count; k++) {
      const src = sources[k % sources.length];
      const text = augment(src.text, rand, {
        actor: options.actorName?.(src.group),
        actorNames: options.actorNames,
        dropRate: options.dropRate,
      });
      added.push({
        text,
        clean: featureText(text),
        labels: [...src.labels],
        source: "oversample",
        group: src.group,
        split: "train",
      });
    }
  }
  return { rows: [...rows, ...added], added };
}
