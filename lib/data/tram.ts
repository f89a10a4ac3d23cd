import type { AnnotatedReport, GoldSpan } from "./types.ts";

interface MatAset {
  type: string;
  annots: unknown[];
}

interface MatDocument {
  signal: string;
  asets: MatAset[];
}

const TECHNIQUE_IN_TYPE = /\((T\d{4}(?:\.\d{3})?)\)\s*$/;

/** Parse one TRAM MAT JSON (.mjson) document into an annotated report. */
export function parseTramReport(json: string, id: string): AnnotatedReport {
  let doc: MatDocument;
  try {
    doc = JSON.parse(json);
  } catch (e) {
    throw new Error(`${id}: not valid MAT JSON (${(e as Error).message}).`);
  }
  if (typeof doc?.signal !== "string" || !Array.isArray(doc.asets)) {
    throw new Error(`${id}: MAT JSON must have a "signal" string and an "asets" array.`);
  }
  const spans: GoldSpan[] = [];
  for (const aset of doc.asets) {
    const m = TECHNIQUE_IN_TYPE.exec(aset.type);
    if (!m) continue;
    for (const annot of aset.annots) {
      if (!Array.isArray(annot)) continue;
      const [start, end] = annot;
      if (typeof start === "number" && typeof end === "number" && end > start) {
        spans.push({ start, end, techniqueId: m[1] });
      }
    }
  }
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  const title = /^title:\s*(.+)$/m.exec(doc.signal.slice(0, 500))?.[1]?.trim() ?? id;
  return { id: `tram/${id}`, corpus: "tram", title, text: doc.signal, spans };
}
