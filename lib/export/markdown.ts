import type { AnalysisResult } from "../extract/types.ts";

// Report text is data: raw HTML in it (`<script>`, `<img onerror>`) must not render when the
// Markdown is viewed, and a pipe must not split the table.
const HTML_SPECIAL: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/** Text made safe for one Markdown table cell (or a heading). */
export function markdownCell(s: string): string {
  return s.replace(/[&<>]/g, (c) => HTML_SPECIAL[c]).replace(/\|/g, "\\|").replace(/\s+/g, " ")
    .trim();
}

const cell = markdownCell;

/** A Markdown summary of one analysis: a table of techniques and their best evidence. */
export function toMarkdown(result: AnalysisResult): string {
  const lines = [
    `# ${cell(result.source.title || result.source.name)}`,
    "",
    `Source: ${cell(result.source.name)} (${result.source.type}, ${result.source.chars} chars). ` +
    `ATT&CK ${result.attack.domain} v${result.attack.version}; model ${result.model.name} ` +
    `${result.model.version}.`,
    "",
    `| Technique | Name | Tactics | Score | Evidence |`,
    `|---|---|---|---|---|`,
    ...result.techniques.map((t) =>
      `| ${t.id} | ${cell(t.name)} | ${t.tactics.join(", ")} | ${t.score.toFixed(2)} | ${
        cell(t.evidence[0]?.text ?? "")
      } |`
    ),
  ];
  if (result.techniques.length === 0) lines.push("", "_No techniques found._");
  return lines.join("\n") + "\n";
}
