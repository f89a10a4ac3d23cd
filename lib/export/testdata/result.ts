/** A small analysis result for export tests: a two-tactic technique and an analyst-added one. */
import type { AnalysisResult } from "../../extract/types.ts";

/** The fixture. */
export const RESULT: AnalysisResult = {
  source: { name: "r.pdf", type: "pdf", chars: 100, title: "Report R", sha256: "aa" },
  attack: { domain: "enterprise-attack", version: "18.1" },
  model: { name: "m", version: "1" },
  techniques: [
    {
      id: "T1053",
      name: "Scheduled Task/Job",
      tactics: ["execution", "persistence"],
      score: 0.734,
      evidence: [{ text: "They used schtasks\nto persist.", start: 0, end: 30, score: 0.7 }],
    },
    Object.assign({
      id: "T1657",
      name: "Financial Theft",
      tactics: ["impact"],
      score: 1,
      evidence: [{ text: "A ransom was paid.", start: 40, end: 58, score: 1 }],
    }, { review: { decision: "added", reviewer: "ana" } }),
  ],
};
