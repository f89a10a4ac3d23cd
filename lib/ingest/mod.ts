/**
 * Ingestion: turn a threat-intelligence report (PDF, HTML, DOCX, text, Markdown, a URL, or
 * pasted text) into plain text with a title and a content hash, or fail with an
 * {@link IngestError} that tells the analyst what to do.
 *
 * @example
 * import { IngestError, ingestBytes, ingestUrl } from "./lib/ingest/mod.ts";
 * const doc = await ingestBytes(await Deno.readFile("AA20-302A.pdf"), "AA20-302A.pdf");
 * console.log(doc.title, doc.text.length);
 * try {
 *   await ingestUrl("http://169.254.169.254/latest/meta-data/");
 * } catch (e) {
 *   if (e instanceof IngestError) console.error(e.status, e.code, e.message); // 400 url_refused
 * }
 */
export type { IngestedDocument, IngestOptions, SourceType, UrlOptions } from "./types.ts";
export { IngestError, type IngestErrorCode, maxInputBytes } from "./errors.ts";
export { type BytesOptions, ingestBytes, ingestText } from "./ingest.ts";
export { ingestUrl } from "./url.ts";
export { detectType } from "./detect.ts";
export { IsolatedIngester } from "./isolated.ts";
