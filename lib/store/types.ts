/** Public data types of the analysis store. */
import type { Evidence, SourceInfo, TechniqueResult } from "../extract/types.ts";

/** What an analyst can say about a technique. */
export type Decision = "accepted" | "rejected" | "added";

/** The current analyst decision on one technique of one analysis. */
export interface Review {
  decision: Decision;
  /** The sentence the decision points at (offsets into the analysis text). */
  start?: number;
  end?: number;
  text?: string;
  reviewer?: string;
  note?: string;
  /** ISO 8601 time of the decision. */
  decidedAt: string;
}

/** One entry of the decision log; "cleared" withdraws the previous decision. */
export interface DecisionRecord extends Omit<Review, "decision"> {
  id: number;
  techniqueId: string;
  decision: Decision | "cleared";
}

/** A technique of a stored analysis: the model's prediction and/or the analyst's decision. */
export interface StoredTechnique extends TechniqueResult {
  /** True when the model proposed it (at any stored score); false when the analyst added it. */
  predicted: boolean;
  review?: Review;
}

/** Model and ATT&CK versions an analysis was made with. */
export interface AnalysisProvenance {
  attack: { domain: string; version: string };
  model: { name: string; version: string };
  /** The model's report threshold at the time. */
  threshold: number;
  /** Lowest score stored: candidates from here up are kept so the page can lower the threshold. */
  candidateFloor: number;
}

/** A stored analysis with its text, every candidate technique and the current decisions. */
export interface StoredAnalysis extends AnalysisProvenance {
  id: number;
  createdAt: string;
  source: SourceInfo;
  text: string;
  techniques: StoredTechnique[];
}

/** One line of the history list. */
export interface AnalysisSummary extends AnalysisProvenance {
  id: number;
  createdAt: string;
  source: SourceInfo;
  /** Techniques at or above the model threshold. */
  techniques: number;
  reviews: Record<Decision, number>;
}

/** A decision to record. Spans are offsets into the analysis text. */
export interface DecisionInput {
  techniqueId: string;
  decision: Decision | "cleared";
  start?: number;
  end?: number;
  text?: string;
  /** Name and tactics of an added technique (predicted ones have theirs already). */
  name?: string;
  tactics?: string[];
  reviewer?: string;
  note?: string;
  decidedAt?: string;
}

export type { Evidence };
