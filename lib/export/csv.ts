import type { AnalysisResult } from "../extract/types.ts";

/** Quote a CSV field (RFC 4180) and neutralise spreadsheet formula injection. */
export function csvField(value: string | number): string {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Column names of the CSV export. */
export const CSV_HEADER = [
  "source",
  "technique_id",
  "technique_name",
  "tactics",
  "score",
  "evidence",
  "evidence_start",
  "evidence_end",
] as const;

/** CSV rows (no header) for one analysis: one row per technique, best evidence inline. */
export function toCsvRows(result: AnalysisResult): string[] {
  return result.techniques.map((t) =>
    [
      result.source.name,
      t.id,
      t.name,
      t.tactics.join(";"),
      t.score,
      t.evidence[0]?.text ?? "",
      t.evidence[0]?.start ?? "",
      t.evidence[0]?.end ?? "",
    ].map(csvField).join(",")
  );
}

/** A CSV row (no header) saying that an input failed: its name, and the error as the evidence. */
export function csvErrorRow(source: string, error: string): string {
  return [source, "", "", "", "", `error: ${error}`, "", ""].map(csvField).join(",");
}

/** A complete CSV document for one or more analyses. */
export function toCsv(results: AnalysisResult[]): string {
  return [CSV_HEADER.join(","), ...results.flatMap(toCsvRows)].join("\r\n") + "\r\n";
}
