import type { AnnotatedReport, GoldSpan } from "./types.ts";

/** One entity-linking row of AnnoCTR (the fields we use). */
export interface AnnoCtrMention {
  mention: string;
  _context_left: string;
  _context_right: string;
  label_link: string;
  document: string;
}

const TECHNIQUE_LINK = /attack\.mitre\.org\/techniques\/(T\d{4})(?:\/(\d{3}))?/;

/** ATT&CK technique ID from an AnnoCTR label link, or undefined for non-technique links. */
export function techniqueFromLink(link: string): string | undefined {
  const m = TECHNIQUE_LINK.exec(link);
  if (!m) return undefined;
  return m[2] ? `${m[1]}.${m[2]}` : m[1];
}

/**
 * Build an annotated report from AnnoCTR text and its linking rows. Rows carry no offsets, so
 * each mention is located through its left/right context (all rows in the shared data match).
 */
export function parseAnnoCtrReport(
  id: string,
  text: string,
  mentions: AnnoCtrMention[],
  split?: string,
): AnnotatedReport {
  const spans: GoldSpan[] = [];
  for (const m of mentions) {
    const techniqueId = techniqueFromLink(m.label_link);
    if (!techniqueId) continue;
    const withContext = m._context_left + m.mention + m._context_right;
    let at = text.indexOf(withContext);
    let start = at >= 0 ? at + m._context_left.length : -1;
    if (start < 0) {
      at = text.indexOf(m.mention);
      start = at;
    }
    if (start < 0) continue;
    spans.push({ start, end: start + m.mention.length, techniqueId });
  }
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  const title = text.split("\n").find((l) => l.trim())?.trim() ?? id;
  return { id: `annoctr/${id}`, corpus: "annoctr", title, text, spans, split };
}

/** Parse a JSON-lines file of AnnoCTR linking rows. */
export function parseJsonLines<T>(text: string, file: string): T[] {
  const rows: T[] = [];
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    try {
      rows.push(JSON.parse(line));
    } catch {
      throw new Error(`${file}:${i + 1}: not valid JSON.`);
    }
  });
  return rows;
}
