/**
 * Extraction: from report text to ATT&CK techniques with scores and evidence sentences.
 *
 * @example
 * import { Extractor } from "./lib/extract/mod.ts";
 * const extractor = await Extractor.load();
 * const result = await extractor.analyze(text, { name: "pasted text", type: "text" });
 * for (const t of result.techniques) console.log(t.id, t.score, t.evidence[0]?.text);
 */
export * from "./types.ts";
export * from "./aggregate.ts";
export * from "./explicit.ts";
export * from "./extractor.ts";
export * from "./analyze_document.ts";
export { IsolatedAnalyzer } from "./isolated.ts";
