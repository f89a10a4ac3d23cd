/** `POST /api/analyze`: analyse a report, store it, or find the earlier analysis of it. */
import type { Hono } from "hono";
import { analyzeDocument } from "../lib/extract/mod.ts";
import type { AnalysisResult } from "../lib/extract/types.ts";
import { modelResult } from "../lib/store/mod.ts";
import type { AppContext } from "./context.ts";
import { analyzeRequestFrom } from "./documents.ts";

// Candidates kept below the threshold so the page's slider can show near misses.
const CANDIDATE_FLOOR = 0.2;

/** Where a result was stored; added to the AnalysisResult when the server has a database. */
export interface StoredRef {
  id: number;
  createdAt: string;
  /** True when the same content had been analysed before and that analysis is returned. */
  reused: boolean;
}

/** Register `POST /api/analyze`. */
export function analyzeRoutes(app: Hono, ctx: AppContext): void {
  app.post("/api/analyze", async (c) => {
    const req = await analyzeRequestFrom(c.req.raw, ctx);
    const { extractor, store } = ctx;
    const threshold = extractor.meta.threshold;
    // Only an analysis by this very model is reused: after retraining, the same file is
    // analysed afresh (the older analysis stays in the history).
    const earlier = (sha?: string) => {
      if (!store || req.reanalyze || !sha) return undefined;
      const found = store.findBySha256(sha);
      const stored = found ? store.get(found.id) : undefined;
      const { name, version } = extractor.meta;
      return stored?.model.name === name && stored.model.version === version ? stored : undefined;
    };
    const reused = (stored: NonNullable<ReturnType<typeof earlier>>) => {
      const body: AnalysisResult & { analysis: StoredRef } = {
        ...modelResult(stored, req.minScore),
        analysis: { id: stored.id, createdAt: stored.createdAt, reused: true },
      };
      return c.json(body);
    };
    // Uploads carry their hash before parsing; URLs and pasted text only after loading.
    const reuse = earlier(req.sha256);
    if (reuse) return reused(reuse);
    const doc = await req.load();
    const again = earlier(doc.sha256);
    if (again) return reused(again);
    const minScore = req.minScore ?? threshold;
    const analyze = ctx.analyze ??
      ((d: typeof doc, o: { minScore: number }) => analyzeDocument(extractor, d, o));
    if (!store) return c.json(await analyze(doc, { minScore }));
    const floor = Math.min(CANDIDATE_FLOOR, minScore);
    const all = await analyze(doc, { minScore: floor });
    const createdAt = new Date().toISOString();
    const id = store.save(all, { text: doc.text, threshold, candidateFloor: floor, createdAt });
    const body: AnalysisResult & { analysis: StoredRef } = {
      ...all,
      techniques: all.techniques.filter((t) => t.score >= minScore),
      analysis: { id, createdAt, reused: false },
    };
    return c.json(body);
  });
}
