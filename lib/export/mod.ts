/**
 * Exports of an analysis: CSV and Markdown summaries, ATT&CK Navigator layers and STIX 2.1
 * bundles (JSON is the AnalysisResult itself).
 *
 * @example
 * import { toCsv, toMarkdown, toNavigatorLayer, toStixBundle } from "./lib/export/mod.ts";
 * await Deno.writeTextFile("report.csv", toCsv([result]));
 * const layer = toNavigatorLayer(result);
 * const bundle = toStixBundle(result, { stixIdOf: (id) => kb.techniqueById(id)?.stixId });
 */
export * from "./csv.ts";
export * from "./markdown.ts";
export * from "./navigator.ts";
export * from "./stix.ts";
export { loadAttackObjects } from "./attack_objects.ts";
export { type AttackLookup, navigatorLayerProblems, stixBundleProblems } from "./validate.ts";
