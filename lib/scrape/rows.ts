import type { RawRow } from "../data/clean.ts";
import { stripCitations } from "../data/clean.ts";
import { splitSentences } from "../text/mod.ts";
import type { ScrapedProcedure, ScrapedTechnique } from "./stix.ts";

/** Options of `scrapedRows`. */
export interface ScrapedRowsOptions {
  /** Sentences of each description kept as examples. Default 4 (as `sentencesFromAttack`). */
  descriptionSentences?: number;
}

/**
 * Training rows from scraped ATT&CK: one per procedure example (labelled with its technique,
 * text still raw so cleaning strips the citations) and the opening sentences of each description.
 */
export function scrapedRows(
  techniques: ScrapedTechnique[],
  procedures: ScrapedProcedure[],
  options: ScrapedRowsOptions = {},
): RawRow[] {
  const keep = options.descriptionSentences ?? 4;
  const rows: RawRow[] = procedures.map((p) => ({
    text: p.text,
    labels: [p.techniqueId],
    source: "attack-procedure",
    group: p.sourceId,
  }));
  for (const t of techniques) {
    // Citations hold periods ("et al."), so strip them before splitting into sentences.
    for (const s of splitSentences(stripCitations(t.description)).slice(0, keep)) {
      rows.push({ text: s.text, labels: [t.id], source: "attack-description", group: t.id });
    }
  }
  return rows;
}
