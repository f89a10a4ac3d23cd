import { Hono } from "hono";
import { cors } from "hono/cors";
import { serveStatic } from "hono/deno";
import type { Extractor } from "../lib/extract/mod.ts";
import { loadAttackObjects, type StixObject } from "../lib/export/mod.ts";
import { type ingestBytes, IngestError, maxInputBytes } from "../lib/ingest/mod.ts";
import type { AnalysisStore } from "../lib/store/mod.ts";
import type { AppContext } from "./context.ts";
import { HttpError } from "./errors.ts";
import { analysesRoutes } from "./routes_analyses.ts";
import { analyzeRoutes } from "./routes_analyze.ts";
import { attackRoutes } from "./routes_attack.ts";
import { exportRoutes } from "./routes_export.ts";

/** Server settings (all have defaults suitable for a local analyst workstation). */
export interface ServerOptions {
  /** Largest accepted upload in bytes. Default 25 MiB (TTP_MAX_UPLOAD_MB). */
  maxUploadBytes?: number;
  /** Folder served at / (the web page). */
  webRoot?: string;
  /** Allow URLs that resolve to private or loopback addresses. Default false. */
  allowPrivateUrls?: boolean;
  /**
   * Where analyses and reviews are kept. Without one the server only analyses: no history,
   * no decisions, no exports of stored analyses (those routes answer 503).
   */
  store?: AnalysisStore;
  /** How uploads are parsed; default in-process `ingestBytes` (main.ts uses a worker). */
  ingestBytes?: typeof ingestBytes;
  /** How documents are analysed; default in process (main.ts uses a worker). */
  analyze?: AppContext["analyze"];
  /** ATT&CK objects embedded in STIX exports (default: read from the Enterprise bundle once). */
  attackObjects?: () => Promise<ReadonlyMap<string, StixObject>>;
}

function memo<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => {
    p ??= fn().catch((e) => {
      p = undefined;
      throw e;
    });
    return p;
  };
}

/** Build the HTTP app (a fetch handler) around a loaded extractor. */
export function createApp(extractor: Extractor, options: ServerOptions = {}): Hono {
  const ctx: AppContext = {
    extractor,
    store: options.store,
    maxUploadBytes: options.maxUploadBytes ?? maxInputBytes(),
    allowPrivateUrls: options.allowPrivateUrls ?? Deno.env.get("TTP_ALLOW_PRIVATE_URLS") === "1",
    attackObjects: memo(options.attackObjects ?? (() => loadAttackObjects())),
    ingestBytes: options.ingestBytes,
    analyze: options.analyze,
  };
  const app = new Hono();
  // The page may be opened from disk (origin "null"), so the API answers any origin.
  app.use(
    "/api/*",
    cors({
      origin: "*",
      allowMethods: ["GET", "POST", "DELETE", "OPTIONS"],
      exposeHeaders: ["Content-Disposition"],
    }),
  );

  app.get("/api/health", (c) =>
    c.json({
      status: "ok",
      model: {
        name: extractor.meta.name,
        version: extractor.meta.version,
        threshold: extractor.meta.threshold,
      },
      attack: { domain: extractor.kb.domain, version: extractor.kb.version },
      maxUploadBytes: ctx.maxUploadBytes,
      history: !!ctx.store,
    }));

  analyzeRoutes(app, ctx);
  analysesRoutes(app, ctx);
  exportRoutes(app, ctx);
  attackRoutes(app, ctx);

  // A known path asked with the wrong method is 405 with the methods it takes, not 404.
  const routes = app.routes.filter((r) => r.method !== "ALL" && r.path.startsWith("/api/"))
    .map((r) => ({
      method: r.method,
      path: new RegExp(`^${r.path.replace(/:[^/]+/g, "[^/]+")}$`),
    }));
  app.all("/api/*", (c) => {
    const allowed = [
      ...new Set(routes.filter((r) => r.path.test(c.req.path)).map((r) => r.method)),
    ];
    if (allowed.length) {
      c.header("Allow", [...allowed, "OPTIONS"].join(", "));
      return c.json({
        error: `${c.req.method} is not allowed on ${c.req.path}; use ${allowed.join(" or ")}.`,
        code: "method_not_allowed",
      }, 405);
    }
    return c.json(
      { error: `No such endpoint: ${c.req.method} ${c.req.path}`, code: "not_found" },
      404,
    );
  });
  app.use("/*", serveStatic({ root: options.webRoot ?? "web" }));

  app.onError((err, c) => {
    if (err instanceof HttpError) {
      return c.json({ error: err.message, code: err.code }, err.status as 400);
    }
    if (err instanceof IngestError) {
      return c.json({ error: err.message, code: err.code }, err.status as 400);
    }
    console.error(`internal error on ${c.req.method} ${c.req.path}:`, err);
    return c.json({ error: "Internal error; the server log has details.", code: "internal" }, 500);
  });
  return app;
}
