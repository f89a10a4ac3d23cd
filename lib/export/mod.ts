/**
 * Exports of an analysis: CSV and Markdown summaries (JSON is the AnalysisResult itself).
 *
 * @example
 * import { toCsv, toMarkdown } from "./lib/export/mod.ts";
 * await Deno.writeTextFile("report.csv", toCsv([result]));
 */
export * from "./csv.ts";
export * from "./markdown.ts";
