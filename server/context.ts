/** What every route module needs: the model, the optional store, limits and lazy ATT&CK data. */
import type { AnalysisResult, Extractor } from "../lib/extract/mod.ts";
import type { IngestedDocument } from "../lib/ingest/mod.ts";
import type { StixObject } from "../lib/export/mod.ts";
import type { AnalysisStore } from "../lib/store/mod.ts";
import type { DocumentLimits } from "./documents.ts";
import { HttpError } from "./errors.ts";

/** Shared state of the route modules. */
export interface AppContext {
  extractor: Extractor;
  store?: AnalysisStore;
  maxUploadBytes: number;
  allowPrivateUrls: boolean;
  ingestBytes?: DocumentLimits["ingestBytes"];
  /** How a document is analysed (default in process; main.ts uses a time-limited worker). */
  analyze?: (doc: IngestedDocument, options: { minScore: number }) => Promise<AnalysisResult>;
  /** ATT&CK attack-patterns, identity and marking by STIX id, loaded on first use. */
  attackObjects: () => Promise<ReadonlyMap<string, StixObject>>;
}

/** The store, or a 503 telling the caller this server keeps no history. */
export function requireStore(ctx: AppContext): AnalysisStore {
  if (!ctx.store) {
    throw new HttpError(
      503,
      "This server keeps no history: it was started without a database (see TTP_DB).",
    );
  }
  return ctx.store;
}

/** A positive integer path parameter, or 400. */
export function idParam(raw: string | undefined, what = "Analysis id"): number {
  // Digits only: Number() would also take "0x10", "1e3" and " 7 ".
  const n = /^[0-9]{1,15}$/.test(raw ?? "") ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) {
    throw new HttpError(400, `${what} must be a positive integer.`);
  }
  return n;
}
