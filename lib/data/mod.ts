/**
 * Annotated corpora (TRAM, AnnoCTR) and ATT&CK data: where they live, how to download them,
 * and readers for their real formats.
 *
 * @example
 * import { loadKnowledgeBase, loadTramReports } from "./lib/data/mod.ts";
 * const kb = await loadKnowledgeBase();
 * const reports = await loadTramReports();
 */
export * from "./types.ts";
export * from "./tram.ts";
export * from "./annoctr.ts";
export * from "./paths.ts";
export * from "./download.ts";
export * from "./load.ts";
export * from "./examples.ts";
export * from "./clean.ts";
export * from "./row_csv.ts";
