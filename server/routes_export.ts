/** `GET /api/analyses/:id/export/:format`: the reviewed analysis as a downloadable file. */
import type { Hono } from "hono";
import { toCsv, toMarkdown, toNavigatorLayer, toStixBundle } from "../lib/export/mod.ts";
import { reviewedResult, type StoredAnalysis } from "../lib/store/mod.ts";
import { type AppContext, idParam, requireStore } from "./context.ts";
import { scoreParam } from "./documents.ts";
import { HttpError } from "./errors.ts";

/** Export formats with their file suffix and media type. */
export const EXPORT_FORMATS = {
  json: { suffix: ".json", type: "application/json; charset=utf-8" },
  csv: { suffix: ".csv", type: "text/csv; charset=utf-8" },
  md: { suffix: ".md", type: "text/markdown; charset=utf-8" },
  navigator: { suffix: ".layer.json", type: "application/json; charset=utf-8" },
  stix: { suffix: ".stix.json", type: "application/stix+json;version=2.1" },
} as const;

/** Export format names. */
export type ExportFormat = keyof typeof EXPORT_FORMATS;

/** A file name from a report name: letters, digits, dot, dash and underscore only. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop()!.replace(/\.(pdf|html?|docx|txt|md)$/i, "");
  return base.replace(/[^\w.-]+/g, "_").replace(/^[._]+/, "").slice(0, 80) || "analysis";
}

function lastChange(a: StoredAnalysis): string {
  const times = a.techniques.map((t) => t.review?.decidedAt).filter((t): t is string => !!t);
  return [a.createdAt, ...times].sort().at(-1)!;
}

/** Register the export route. */
export function exportRoutes(app: Hono, ctx: AppContext): void {
  app.get("/api/analyses/:id/export/:format", async (c) => {
    const format = c.req.param("format") as ExportFormat;
    if (!Object.hasOwn(EXPORT_FORMATS, format)) {
      throw new HttpError(
        400,
        `Unknown export format "${format}". Use one of: ${Object.keys(EXPORT_FORMATS).join(", ")}.`,
      );
    }
    const id = idParam(c.req.param("id"));
    const analysis = requireStore(ctx).get(id);
    if (!analysis) throw new HttpError(404, `No analysis ${id}.`);
    const minScore = scoreParam(c.req.query("minScore")) ?? analysis.threshold;
    const result = reviewedResult(analysis, { minScore });
    let body: string;
    switch (format) {
      case "json":
        body = JSON.stringify(
          {
            ...result,
            analysis: {
              id,
              createdAt: analysis.createdAt,
              threshold: analysis.threshold,
              minScore,
            },
          },
          null,
          2,
        );
        break;
      case "csv":
        body = toCsv([result]);
        break;
      case "md":
        body = toMarkdown(result);
        break;
      case "navigator":
        body = JSON.stringify(
          toNavigatorLayer(result, { analysedAt: analysis.createdAt, minScore }),
          null,
          2,
        );
        break;
      case "stix": {
        const kb = ctx.extractor.kb;
        body = JSON.stringify(
          toStixBundle(result, {
            stixIdOf: (tid) => kb.techniqueById(tid)?.stixId,
            attackObjects: await ctx.attackObjects(),
            created: analysis.createdAt,
            modified: lastChange(analysis),
          }),
          null,
          2,
        );
        break;
      }
    }
    const { suffix, type } = EXPORT_FORMATS[format];
    const file = `${safeFileName(analysis.source.name)}${suffix}`;
    return c.body(body, 200, {
      "content-type": type,
      "content-disposition": `attachment; filename="${file}"`,
    });
  });
}
