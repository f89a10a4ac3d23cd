import type { KnowledgeBase } from "../attack/knowledge_base.ts";
import { type Sentence, splitSentences } from "../text/mod.ts";
import type { AnnotatedReport } from "./types.ts";

/** Where a labelled sentence came from. */
export type ExampleSource =
  | "tram"
  | "annoctr"
  | "attack-procedure"
  | "attack-description"
  | "review";

/** A labelled sentence for training or evaluation. An empty label list is a negative. */
export interface LabelledSentence {
  text: string;
  labels: string[];
  source: ExampleSource;
  /** Report the sentence belongs to (for splitting by report), or the ATT&CK source ID. */
  group: string;
  start?: number;
  end?: number;
}

/** Technique IDs whose gold spans mostly fall inside the sentence. */
export function labelsForSentence(report: AnnotatedReport, s: Sentence): string[] {
  const out = new Set<string>();
  for (const span of report.spans) {
    const overlap = Math.min(span.end, s.end) - Math.max(span.start, s.start);
    const spanLen = span.end - span.start;
    // Half the span, or most of the sentence for spans that run over several sentences.
    if (overlap > 0 && (overlap >= spanLen / 2 || overlap >= (s.end - s.start) / 2)) {
      out.add(span.techniqueId);
    }
  }
  return [...out].sort();
}

/** Sentence rows of annotated reports, labelled from their gold spans (unlabelled = negative). */
export function sentencesFromReports(reports: AnnotatedReport[]): LabelledSentence[] {
  const rows: LabelledSentence[] = [];
  for (const r of reports) {
    for (const s of splitSentences(r.text)) {
      rows.push({
        text: s.text,
        labels: labelsForSentence(r, s),
        source: r.corpus,
        group: r.id,
        start: s.start,
        end: s.end,
      });
    }
  }
  return rows;
}

/**
 * Corpora whose unannotated sentences are negatives. TRAM's annotators marked every sentence
 * that describes a technique; AnnoCTR only links technique names mentioned as entities, so many
 * of its sentences that describe a technique in other words carry no label.
 */
export const EXHAUSTIVE_CORPORA: ReadonlySet<string> = new Set(["tram"]);

/**
 * Report sentences to train on: every annotated sentence, and the unannotated ones as negatives
 * only where the corpus is annotated exhaustively.
 */
export function trainingSentencesFromReports(reports: AnnotatedReport[]): LabelledSentence[] {
  return sentencesFromReports(reports).filter((r) =>
    r.labels.length > 0 || EXHAUSTIVE_CORPORA.has(r.source)
  );
}

/** Options for turning ATT&CK itself into training rows. */
export interface AttackExampleOptions {
  /** Drop procedure examples of these groups/software/campaigns (leave-out evaluation). */
  excludeSources?: ReadonlySet<string>;
  /** Sentences of each technique description to keep. Default 4. */
  descriptionSentences?: number;
}

/** Training rows from ATT&CK: every procedure example and the opening of each description. */
export function sentencesFromAttack(
  kb: KnowledgeBase,
  options: AttackExampleOptions = {},
): LabelledSentence[] {
  const exclude = options.excludeSources ?? new Set<string>();
  const keep = options.descriptionSentences ?? 4;
  const rows: LabelledSentence[] = [];
  for (const t of kb.techniques) {
    for (const p of t.procedures) {
      if (exclude.has(p.sourceId)) continue;
      rows.push({ text: p.text, labels: [t.id], source: "attack-procedure", group: p.sourceId });
    }
    for (const s of splitSentences(t.description).slice(0, keep)) {
      rows.push({ text: s.text, labels: [t.id], source: "attack-description", group: t.id });
    }
  }
  return rows;
}
