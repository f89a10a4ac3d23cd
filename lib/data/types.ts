/** A gold annotation: a character span of a report labelled with an ATT&CK technique. */
export interface GoldSpan {
  start: number;
  end: number;
  techniqueId: string;
}

/** A report with human annotations, from TRAM or AnnoCTR. */
export interface AnnotatedReport {
  /** Stable ID, e.g. "tram/AA21076A-TrickBot-Malware". */
  id: string;
  corpus: "tram" | "annoctr";
  title: string;
  text: string;
  spans: GoldSpan[];
  /** Corpus split when the corpus defines one ("train", "dev"). */
  split?: string;
}

/** The distinct technique IDs annotated in a report. */
export function reportTechniques(report: AnnotatedReport): Set<string> {
  return new Set(report.spans.map((s) => s.techniqueId));
}
