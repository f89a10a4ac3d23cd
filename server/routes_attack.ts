/** `GET /api/attack`: tactics in matrix order and the technique list, for the page's matrix. */
import type { Hono } from "hono";
import type { AppContext } from "./context.ts";

/** Register `GET /api/attack`. */
export function attackRoutes(app: Hono, ctx: AppContext): void {
  let cached: string | undefined;
  app.get("/api/attack", (c) => {
    const kb = ctx.extractor.kb;
    cached ??= JSON.stringify({
      domain: kb.domain,
      version: kb.version,
      tactics: kb.tactics.map(({ id, shortname, name }) => ({ id, shortname, name })),
      techniques: kb.techniques.map(({ id, name, tactics }) => ({ id, name, tactics })),
    });
    return c.body(cached, 200, {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "max-age=3600",
    });
  });
}
