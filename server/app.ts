import { Hono } from "hono";
import { cors } from "hono/cors";
import { serveStatic } from "hono/deno";
import { analyzeDocument, type Extractor } from "../lib/extract/mod.ts";
import {
  ingestBytes,
  type IngestedDocument,
  IngestError,
  ingestText,
  ingestUrl,
} from "../lib/ingest/mod.ts";
import { BodyTooLarge, readBodyLimited } from "./body.ts";

/** Server settings (all have defaults suitable for a local analyst workstation). */
export interface ServerOptions {
  /** Largest accepted upload in bytes. Default 25 MiB (TTP_MAX_UPLOAD_MB). */
  maxUploadBytes?: number;
  /** Folder served at / (the web page). */
  webRoot?: string;
  /** Allow URLs that resolve to private or loopback addresses. Default false. */
  allowPrivateUrls?: boolean;
}

/** An error the API answers with a status and a JSON body. */
class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

async function documentFrom(req: Request, options: Required<ServerOptions>): Promise<
  { doc: IngestedDocument; minScore?: number }
> {
  const type = req.headers.get("content-type") ?? "";
  let body: Uint8Array;
  try {
    body = await readBodyLimited(req, options.maxUploadBytes + 64 * 1024);
  } catch (e) {
    if (e instanceof BodyTooLarge) {
      throw new HttpError(
        413,
        `Upload too large: the limit is ${
          Math.round(options.maxUploadBytes / 1048576)
        } MB (TTP_MAX_UPLOAD_MB).`,
      );
    }
    throw e;
  }
  const rebuilt = () =>
    new Request("http://local/", {
      method: "POST",
      headers: req.headers,
      body: body as Uint8Array<ArrayBuffer>,
    });
  if (type.startsWith("multipart/form-data")) {
    let form: FormData;
    try {
      form = await rebuilt().formData();
    } catch {
      throw new HttpError(
        400,
        "Malformed multipart body: send the report in a field named 'file'.",
      );
    }
    const file = form.get("file");
    const minScore = numberOrUndefined(form.get("minScore"));
    if (file instanceof File) {
      const bytes = new Uint8Array(await file.arrayBuffer());
      return {
        doc: await ingestBytes(bytes, file.name || "upload", {
          maxBytes: options.maxUploadBytes,
          contentType: file.type,
        }),
        minScore,
      };
    }
    const text = form.get("text");
    if (typeof text === "string") return { doc: ingestText(text, "pasted text"), minScore };
    throw new HttpError(400, "No report in the upload: send it in a multipart field named 'file'.");
  }
  if (type.startsWith("application/json")) {
    let json: { text?: unknown; url?: unknown; name?: unknown; minScore?: unknown };
    try {
      json = JSON.parse(new TextDecoder().decode(body));
    } catch {
      throw new HttpError(400, 'Malformed JSON body: send {"text": "…"} or {"url": "…"}.');
    }
    const minScore = numberOrUndefined(json?.minScore);
    if (typeof json?.text === "string") {
      const name = typeof json.name === "string" ? json.name.slice(0, 200) : "pasted text";
      return { doc: ingestText(json.text, name), minScore };
    }
    if (typeof json?.url === "string") {
      return {
        doc: await ingestUrl(json.url, {
          maxBytes: options.maxUploadBytes,
          allowPrivate: options.allowPrivateUrls,
        }),
        minScore,
      };
    }
    throw new HttpError(400, 'JSON body must have a "text" or a "url" string.');
  }
  throw new HttpError(
    415,
    'Send multipart/form-data with a \'file\' field, or JSON {"text": …} / {"url": …}.',
  );
}

function numberOrUndefined(v: unknown): number | undefined {
  if (v === null || v === undefined || v === "") return undefined;
  const n = Number(v);
  if (!(n >= 0 && n <= 1)) throw new HttpError(400, "minScore must be a number between 0 and 1.");
  return n;
}

/** Build the HTTP app (a fetch handler) around a loaded extractor. */
export function createApp(extractor: Extractor, options: ServerOptions = {}): Hono {
  const opts: Required<ServerOptions> = {
    maxUploadBytes: options.maxUploadBytes ??
      Number(Deno.env.get("TTP_MAX_UPLOAD_MB") ?? 25) * 1024 * 1024,
    webRoot: options.webRoot ?? "web",
    allowPrivateUrls: options.allowPrivateUrls ?? Deno.env.get("TTP_ALLOW_PRIVATE_URLS") === "1",
  };
  const app = new Hono();
  // The page may be opened from disk (origin "null"), so the API answers any origin.
  app.use("/api/*", cors({ origin: "*", allowMethods: ["GET", "POST", "DELETE", "OPTIONS"] }));

  app.get("/api/health", (c) =>
    c.json({
      status: "ok",
      model: { name: extractor.meta.name, version: extractor.meta.version },
      attack: { domain: extractor.kb.domain, version: extractor.kb.version },
      maxUploadBytes: opts.maxUploadBytes,
    }));

  app.post("/api/analyze", async (c) => {
    const { doc, minScore } = await documentFrom(c.req.raw, opts);
    return c.json(await analyzeDocument(extractor, doc, { minScore }));
  });

  app.all(
    "/api/*",
    (c) => c.json({ error: `No such endpoint: ${c.req.method} ${c.req.path}` }, 404),
  );
  app.use("/*", serveStatic({ root: opts.webRoot }));

  app.onError((err, c) => {
    if (err instanceof HttpError) {
      return c.json({ error: err.message }, err.status as 400);
    }
    if (err instanceof IngestError) {
      return c.json({ error: err.message, code: err.code }, err.status as 400);
    }
    console.error(`internal error on ${c.req.method} ${c.req.path}:`, err);
    return c.json({ error: "Internal error while analysing; the server log has details." }, 500);
  });
  return app;
}
