/** Reading the report out of a `POST /api/analyze` request: multipart file, JSON text or URL. */
import { createHash } from "node:crypto";
import { ingestBytes, type IngestedDocument, ingestText, ingestUrl } from "../lib/ingest/mod.ts";
import { readBody } from "./body.ts";
import { HttpError } from "./errors.ts";

/** Limits that apply to every way in. */
export interface DocumentLimits {
  maxUploadBytes: number;
  allowPrivateUrls: boolean;
  /** How uploaded bytes become a document (the server runs this in a time-limited worker). */
  ingestBytes?: typeof ingestBytes;
}

/** A request for an analysis, with the document still to be read (parsing a PDF takes time). */
export interface AnalyzeRequest {
  /** SHA-256 of the content when it is known before ingestion (files and pasted text). */
  sha256?: string;
  /** Ingest the document (PDF parsing, URL fetching, …). */
  load: () => Promise<IngestedDocument>;
  minScore?: number;
  /** Analyse again even when the same content was analysed before. */
  reanalyze: boolean;
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** A score in [0, 1] from a form or JSON field, or undefined when absent. */
export function scoreParam(v: unknown, name = "minScore"): number | undefined {
  if (v === null || v === undefined || v === "") return undefined;
  // A number, or a form/query string holding one: `true`, `[0.5]` and the like are mistakes.
  const n = typeof v === "number" ? v : typeof v === "string" ? Number(v) : NaN;
  if (!(n >= 0 && n <= 1)) throw new HttpError(400, `${name} must be a number between 0 and 1.`);
  return n;
}

function flag(v: unknown): boolean {
  return v === true || v === "1" || v === "true";
}

// Control and bidirectional-override characters would let a name display as something else
// ("report\u202Etxt.exe" shows as "reportexe.txt").
const INVISIBLE = /[\p{Cc}\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/gu;
const MAX_NAME = 200;

/** A user-supplied file name made safe to show: no control or bidi characters, at most 200 long. */
export function displayName(raw: unknown, fallback: string): string {
  const name = typeof raw === "string" ? raw.replace(INVISIBLE, "").trim() : "";
  if (!name) return fallback;
  // Keep the end too: the extension tells the parser the format.
  return name.length <= MAX_NAME ? name : `${name.slice(0, MAX_NAME - 41)}…${name.slice(-40)}`;
}

/** Parse the request body into an {@link AnalyzeRequest}, answering bad requests with 4xx. */
export async function analyzeRequestFrom(
  req: Request,
  limits: DocumentLimits,
): Promise<AnalyzeRequest> {
  // Media types are case-insensitive (RFC 9110); only the boundary parameter is not, and the
  // multipart parser reads that from the original header.
  const type = (req.headers.get("content-type") ?? "").toLowerCase();
  const reanalyzeQuery = flag(new URL(req.url).searchParams.get("reanalyze"));
  const body = await readBody(
    req,
    limits.maxUploadBytes + 64 * 1024,
    `Upload too large: the limit is ${
      Math.round(limits.maxUploadBytes / 1048576)
    } MB (TTP_MAX_UPLOAD_MB).`,
  );
  if (type.startsWith("multipart/form-data")) {
    let form: FormData;
    try {
      form = await new Request("http://local/", {
        method: "POST",
        headers: req.headers,
        body: body as Uint8Array<ArrayBuffer>,
      }).formData();
    } catch {
      throw new HttpError(
        400,
        "Malformed multipart body: send the report in a field named 'file'.",
      );
    }
    const file = form.get("file");
    const minScore = scoreParam(form.get("minScore"));
    const reanalyze = reanalyzeQuery || flag(form.get("reanalyze"));
    if (file instanceof File) {
      const bytes = new Uint8Array(await file.arrayBuffer());
      return {
        sha256: bytes.length ? sha256Hex(bytes) : undefined,
        load: () =>
          (limits.ingestBytes ?? ingestBytes)(bytes, displayName(file.name, "upload"), {
            maxBytes: limits.maxUploadBytes,
            contentType: file.type,
          }),
        minScore,
        reanalyze,
      };
    }
    const text = form.get("text");
    if (typeof text === "string") {
      return {
        load: () => Promise.resolve(ingestText(text, "pasted text")),
        minScore,
        reanalyze,
      };
    }
    throw new HttpError(400, "No report in the upload: send it in a multipart field named 'file'.");
  }
  if (type.startsWith("application/json")) {
    let json: {
      text?: unknown;
      url?: unknown;
      name?: unknown;
      minScore?: unknown;
      reanalyze?: unknown;
    };
    try {
      json = JSON.parse(new TextDecoder().decode(body));
    } catch {
      throw new HttpError(400, 'Malformed JSON body: send {"text": "…"} or {"url": "…"}.');
    }
    const minScore = scoreParam(json?.minScore);
    const reanalyze = reanalyzeQuery || flag(json?.reanalyze);
    if (typeof json?.text === "string" && typeof json?.url === "string") {
      // Guessing which one was meant would analyse the wrong document without a word.
      throw new HttpError(400, 'JSON body has both "text" and "url": send one of them.');
    }
    if (typeof json?.text === "string") {
      const text = json.text;
      const name = displayName(json.name, "pasted text");
      return { load: () => Promise.resolve(ingestText(text, name)), minScore, reanalyze };
    }
    if (typeof json?.url === "string") {
      const url = json.url;
      return {
        load: () =>
          ingestUrl(url, {
            maxBytes: limits.maxUploadBytes,
            allowPrivate: limits.allowPrivateUrls,
            parse: limits.ingestBytes,
          }),
        minScore,
        reanalyze,
      };
    }
    throw new HttpError(400, 'JSON body must have a "text" or a "url" string.');
  }
  throw new HttpError(
    415,
    'Send multipart/form-data with a \'file\' field, or JSON {"text": …} / {"url": …}.',
  );
}
