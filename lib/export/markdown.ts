import type { AnalysisResult } from "../extract/types.ts";

function cell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\s+/g, " ").trim();
}

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
