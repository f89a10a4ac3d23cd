/** A sentence that supports a technique, with offsets into the analysed text. */
export interface Evidence {
  text: string;
  start: number;
  end: number;
  score: number;
}

/** One technique found in a report. */
export interface TechniqueResult {
  id: string;
  name: string;
  tactics: string[];
  /** Report-level confidence in [0, 1]. */
  score: number;
  evidence: Evidence[];
}

/** Where the analysed text came from. */
export interface SourceInfo {
  name: string;
  type: string;
  chars: number;
  title?: string;
  sha256?: string;
  url?: string;
}

/** The result of analysing one report: the contract shared by CLI, API and web page. */
export interface AnalysisResult {
  source: SourceInfo;
  attack: { domain: string; version: string };
  model: { name: string; version: string };
  techniques: TechniqueResult[];
}

/** A failed analysis, reported in place of a result. */
export interface AnalysisError {
  source: Pick<SourceInfo, "name"> & Partial<SourceInfo>;
  error: string;
}
