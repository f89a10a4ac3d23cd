/** Stored analyses: list, fetch, delete, and the analyst's decisions on their techniques. */
import type { Hono } from "hono";
import { sentenceSpan, type Span, type StoredAnalysis } from "../lib/store/mod.ts";
import { type AppContext, idParam, requireStore } from "./context.ts";
import { HttpError } from "./errors.ts";
import { jsonObject, optionalOffset, optionalString } from "./json_body.ts";

const DECISIONS = ["accepted", "rejected"] as const;

function analysisOr404(ctx: AppContext, raw: string | undefined): StoredAnalysis {
  const id = idParam(raw);
  const analysis = requireStore(ctx).get(id);
  if (!analysis) throw new HttpError(404, `No analysis ${id}.`);
  return analysis;
}

/** The sentence(s) a `{start, end}` body points at, or undefined when it has none. */
function spanFrom(body: Record<string, unknown>, text: string): Span | undefined {
  const start = optionalOffset(body, "start");
  const end = optionalOffset(body, "end");
  if (start === undefined && end === undefined) return undefined;
  if (start === undefined || end === undefined || start >= end || end > text.length) {
    throw new HttpError(
      400,
      `"start" and "end" must both be given, with 0 <= start < end <= ${text.length}.`,
    );
  }
  return sentenceSpan(text, start, end);
}

function reviewerFields(body: Record<string, unknown>) {
  return {
    reviewer: optionalString(body, "reviewer", 100),
    note: optionalString(body, "note", 2000),
  };
}

/** Register the `/api/analyses` routes. */
export function analysesRoutes(app: Hono, ctx: AppContext): void {
  app.get("/api/analyses", (c) => {
    const store = requireStore(ctx);
    const limit = Number(c.req.query("limit") ?? 50);
    const offset = Number(c.req.query("offset") ?? 0);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
      throw new HttpError(400, "limit must be an integer from 1 to 500.");
    }
    if (!Number.isInteger(offset) || offset < 0) {
      throw new HttpError(400, "offset must be a non-negative integer.");
    }
    const query = c.req.query("q")?.trim() || undefined;
    return c.json({ ...store.list({ limit, offset, query }), limit, offset });
  });

  app.get("/api/analyses/:id", (c) => c.json(analysisOr404(ctx, c.req.param("id"))));

  app.delete("/api/analyses/:id", (c) => {
    const id = idParam(c.req.param("id"));
    if (!requireStore(ctx).delete(id)) throw new HttpError(404, `No analysis ${id}.`);
    return c.body(null, 204);
  });

  app.get("/api/analyses/:id/decisions", (c) => {
    const analysis = analysisOr404(ctx, c.req.param("id"));
    return c.json({ items: requireStore(ctx).history(analysis.id) });
  });

  app.post("/api/analyses/:id/decisions", async (c) => {
    const analysis = analysisOr404(ctx, c.req.param("id"));
    const body = await jsonObject(c.req.raw);
    const decision = body.decision;
    if (!DECISIONS.includes(decision as typeof DECISIONS[number])) {
      throw new HttpError(
        400,
        `"decision" must be "accepted" or "rejected" (add a technique with POST /api/analyses/${analysis.id}/techniques).`,
      );
    }
    const techniqueId = optionalString(body, "techniqueId", 20)?.toUpperCase();
    if (!techniqueId) throw new HttpError(400, '"techniqueId" is required, e.g. "T1490".');
    const technique = analysis.techniques.find((t) => t.id === techniqueId);
    if (!technique) {
      throw new HttpError(
        404,
        `${techniqueId} is not among the techniques of analysis ${analysis.id}; add it with POST /api/analyses/${analysis.id}/techniques.`,
      );
    }
    // Without a sentence from the analyst, the decision is about the model's best evidence.
    const top = technique.evidence[0];
    const span = spanFrom(body, analysis.text) ??
      (top ? { start: top.start, end: top.end, text: top.text } : undefined);
    const record = requireStore(ctx).decide(analysis.id, {
      techniqueId,
      decision: decision as typeof DECISIONS[number],
      ...span,
      ...reviewerFields(body),
    });
    const updated = requireStore(ctx).get(analysis.id)!.techniques.find((t) =>
      t.id === techniqueId
    );
    return c.json({ decision: record, technique: updated }, 201);
  });

  app.delete("/api/analyses/:id/decisions/:techniqueId", (c) => {
    const analysis = analysisOr404(ctx, c.req.param("id"));
    const techniqueId = c.req.param("techniqueId").toUpperCase();
    const current = analysis.techniques.find((t) => t.id === techniqueId)?.review;
    if (!current) throw new HttpError(404, `No decision on ${techniqueId} to withdraw.`);
    const reviewer = c.req.query("reviewer")?.slice(0, 100) || undefined;
    requireStore(ctx).decide(analysis.id, { techniqueId, decision: "cleared", reviewer });
    return c.body(null, 204);
  });

  app.post("/api/analyses/:id/techniques", async (c) => {
    const analysis = analysisOr404(ctx, c.req.param("id"));
    const body = await jsonObject(c.req.raw);
    const asked = optionalString(body, "techniqueId", 20);
    if (!asked) throw new HttpError(400, '"techniqueId" is required, e.g. "T1486".');
    // Revoked IDs resolve to their replacement, so the stored ID is always a current one.
    const tech = ctx.extractor.kb.techniqueById(asked);
    if (!tech) {
      throw new HttpError(
        422,
        `${asked} is not a technique of ATT&CK ${ctx.extractor.kb.version} (${ctx.extractor.kb.domain}).`,
      );
    }
    const span = spanFrom(body, analysis.text);
    if (!span) {
      throw new HttpError(
        400,
        '"start" and "end" are required: the evidence the technique rests on.',
      );
    }
    const record = requireStore(ctx).decide(analysis.id, {
      techniqueId: tech.id,
      decision: "added",
      ...span,
      name: tech.name,
      tactics: tech.tactics,
      ...reviewerFields(body),
    });
    const technique = requireStore(ctx).get(analysis.id)!.techniques.find((t) => t.id === tech.id);
    return c.json({ decision: record, technique }, 201);
  });
}
