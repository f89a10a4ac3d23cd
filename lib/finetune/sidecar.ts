import type { CleanRow } from "../data/clean.ts";
import { parseCsv } from "../data/row_csv.ts";
import { type ChatExample, fromChatExample } from "./chat.ts";

const quote = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * The provenance of each JSONL line (group, source, split) as CSV, kept beside the JSONL because
 * the chat format allows no extra keys; training needs the group to split by report.
 */
export function provenanceCsv(rows: Pick<CleanRow, "group" | "source" | "split">[]): string {
  return [
    "line,group,source,split",
    ...rows.map((r, i) => [String(i + 1), r.group, r.source, r.split].map(quote).join(",")),
  ].join("\n") + "\n";
}

/** Rebuild pipeline rows from chat examples and their provenance CSV (same order). */
export function rowsFromChat(examples: ChatExample[], provenance: string): CleanRow[] {
  const [, ...records] = parseCsv(provenance);
  if (records.length < examples.length) {
    throw new Error(`provenance has ${records.length} lines for ${examples.length} examples`);
  }
  return examples.map((e, i) => {
    const { text, labels } = fromChatExample(e);
    const [, group, source, split] = records[i];
    return { text, clean: "", labels, group, source, split };
  });
}
