import { stripAttackMarkup } from "../attack/markup.ts";
import { normalizeForFeatures, STOP_WORDS, tokenize } from "../text/mod.ts";
import type { LabelledSentence } from "./examples.ts";

/** A cleaned pipeline row: the sentence as written, its feature text, labels and provenance. */
export interface CleanRow {
  /** The sentence (markup stripped, whitespace collapsed), as the classifier reads it. */
  text: string;
  /** Normalised tokens without stop words, space-joined: TF-IDF and duplicate detection input. */
  clean: string;
  /** Technique IDs (empty = negative). */
  labels: string[];
  /** Where the row came from: a corpus, ATT&CK, or a balancing step ("pseudo-label", …). */
  source: string;
  /** Report or ATT&CK object the row belongs to (rows are split by group). */
  group: string;
  /** "train" or "dev" (the held-out TRAM reports; never tuned on). */
  split: string;
}

/** A row removed by cleaning, with the reason. */
export interface DroppedRow {
  reason: string;
  text: string;
  labels: string[];
  source: string;
  group: string;
}

/** A row before cleaning: a labelled sentence with an optional split. */
export type RawRow = Pick<LabelledSentence, "text" | "labels" | "group"> & {
  source: string;
  split?: string;
};

/** Options of `cleanRows`. */
export interface CleanOptions {
  /** Strip ATT&CK/HTML markup and citation markers (scraped text). Default false. */
  stripMarkup?: boolean;
  /** Rows with fewer feature tokens are dropped. Default 3. */
  minTokens?: number;
  /** Rows longer than this many characters are dropped (run-on tables, code dumps). Default 1500. */
  maxChars?: number;
  /** Current ID of a technique ID, or undefined if it no longer exists (revoked → replacement). */
  resolveLabel?: (id: string) => string | undefined;
  /** Merge rows with the same split and feature text (labels united). Default true. */
  dedupe?: boolean;
}

const NUMERIC_CITATION = /\s?\[(?:\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)\]/g;
const WHITESPACE = /\s+/g;

/**
 * Strip citation markers and markup: ATT&CK's `(Citation: …)` and markdown links (via
 * `stripAttackMarkup`), plus the numbered `[12]` references of scraped HTML pages.
 */
export function stripCitations(text: string): string {
  return stripAttackMarkup(text).replace(NUMERIC_CITATION, "").replace(/ +([.,;:])/g, "$1")
    .trim();
}

/** Collapse whitespace and drop invisible characters; the text stays as written otherwise. */
export function tidyText(text: string): string {
  return text.normalize("NFC").replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, "")
    .replace(WHITESPACE, " ").trim();
}

/** Feature text: normalised (defanged, lowercased) tokens without stop words, space-joined. */
export function featureText(text: string): string {
  return tokenize(normalizeForFeatures(text)).filter((t) => !STOP_WORDS.has(t)).join(" ");
}

/**
 * Clean rows the same way for every stage: tidy (and optionally strip markup), resolve labels,
 * drop empty/too-short/too-long rows and rows whose every label is retired, and merge duplicates.
 * Returns the kept rows and every dropped row with its reason.
 *
 * @example
 * const { rows, dropped } = cleanRows([{ text: "Used  PowerShell (Citation: X).", labels: ["T1059.001"],
 *   source: "attack-procedure", group: "G0007" }], { stripMarkup: true });
 * rows[0].text; // "Used PowerShell."
 */
export function cleanRows(
  input: Iterable<RawRow>,
  options: CleanOptions = {},
): { rows: CleanRow[]; dropped: DroppedRow[] } {
  const minTokens = options.minTokens ?? 3;
  const maxChars = options.maxChars ?? 1500;
  const rows: CleanRow[] = [];
  const dropped: DroppedRow[] = [];
  const seen = new Map<string, CleanRow>();
  for (const r of input) {
    const drop = (reason: string) =>
      dropped.push({ reason, text: r.text, labels: r.labels, source: r.source, group: r.group });
    const text = tidyText(options.stripMarkup ? stripCitations(r.text) : r.text);
    if (!text) {
      drop("empty");
      continue;
    }
    if (text.length > maxChars) {
      drop(`longer than ${maxChars} characters`);
      continue;
    }
    const clean = featureText(text);
    if (clean.split(" ").filter(Boolean).length < minTokens) {
      drop(`fewer than ${minTokens} tokens`);
      continue;
    }
    let labels = [...new Set(r.labels)].sort();
    if (options.resolveLabel && labels.length) {
      labels = [
        ...new Set(labels.map(options.resolveLabel).filter((l): l is string => !!l)),
      ].sort();
      if (!labels.length) {
        drop("labels retired from ATT&CK");
        continue;
      }
    }
    const row: CleanRow = {
      text,
      clean,
      labels,
      source: r.source,
      group: r.group,
      split: r.split ?? "train",
    };
    const key = `${row.split}\u0000${clean}`;
    const first = options.dedupe === false ? undefined : seen.get(key);
    if (first) {
      const merged = [...new Set([...first.labels, ...labels])].sort();
      drop(merged.length > first.labels.length ? "duplicate (labels merged)" : "duplicate");
      first.labels = merged;
      continue;
    }
    seen.set(key, row);
    rows.push(row);
  }
  return { rows, dropped };
}

/** Count dropped rows by reason, most frequent first. */
export function dropReasons(dropped: DroppedRow[]): { reason: string; rows: number }[] {
  const counts = new Map<string, number>();
  for (const d of dropped) counts.set(d.reason, (counts.get(d.reason) ?? 0) + 1);
  return [...counts].map(([reason, rows]) => ({ reason, rows })).sort((a, b) => b.rows - a.rows);
}
