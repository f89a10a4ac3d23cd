/**
 * Evaluation: report-level metrics, splits by report and cross-validation.
 *
 * @example
 * import { scoreReports } from "./lib/eval/mod.ts";
 * const s = scoreReports([{ id: "r1", gold: new Set(["T1059"]), predicted: new Set(["T1059"]) }]);
 * s.micro.f1; // 1
 */
export * from "./metrics.ts";
export * from "./split.ts";
export * from "./evaluate.ts";
export * from "./crossval.ts";
