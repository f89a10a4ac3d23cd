import { envVar } from "../runtime/env.ts";
/** What went wrong while turning a report into text. */
export type IngestErrorCode =
  | "empty"
  | "unsupported_type"
  | "no_text"
  | "encrypted"
  | "corrupt"
  | "too_large"
  | "url_refused"
  | "fetch_failed"
  | "timeout";

/** HTTP status a server should answer with for each error code. */
export const INGEST_ERROR_STATUS: Readonly<Record<IngestErrorCode, number>> = {
  empty: 400,
  url_refused: 400,
  too_large: 413,
  unsupported_type: 415,
  no_text: 422,
  encrypted: 422,
  corrupt: 422,
  fetch_failed: 502,
  timeout: 504,
};

/** Human list of the formats we accept, for error messages. */
export const SUPPORTED_FORMATS =
  "PDF (with a text layer), HTML, DOCX, plain text (.txt) or Markdown (.md)";

/** Error with a message an analyst can act on (what went wrong, with which file, and the fix). */
export class IngestError extends Error {
  /** Machine-readable reason. */
  readonly code: IngestErrorCode;
  /** HTTP status the server should answer. */
  readonly status: number;

  constructor(code: IngestErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "IngestError";
    this.code = code;
    this.status = INGEST_ERROR_STATUS[code];
  }
}

/** Upper bound on input size: TTP_MAX_UPLOAD_MB mebibytes, 25 by default. */
export function maxInputBytes(): number {
  const mb = Number(envVar("TTP_MAX_UPLOAD_MB") ?? 25);
  return (mb > 0 ? mb : 25) * 1024 * 1024;
}

/**
 * Longest extracted text analysed (about 300 pages): analysis time grows with the text, and a
 * small compressed file can hold far more text than its size suggests. TTP_MAX_TEXT_CHARS sets it.
 */
export function maxTextChars(): number {
  return Number(envVar("TTP_MAX_TEXT_CHARS") ?? 1_000_000);
}

/** The error for text beyond {@link maxTextChars}. */
export function textTooLong(name: string, chars: number, max: number): IngestError {
  return new IngestError(
    "too_large",
    `"${name}" holds ${chars.toLocaleString("en")} characters of text; the limit is ${
      max.toLocaleString("en")
    } (TTP_MAX_TEXT_CHARS). Split the report into parts and analyse them one by one.`,
  );
}

/** Format a byte count for messages ("3.2 MiB"). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}

/** The error for input over the size limit. */
export function tooLarge(name: string, size: number | undefined, maxBytes: number): IngestError {
  const got = size === undefined ? "more than that" : formatBytes(size);
  return new IngestError(
    "too_large",
    `"${name}" is too large: the limit is ${formatBytes(maxBytes)} and it is ${got}. ` +
      "Split the report, or raise the limit with TTP_MAX_UPLOAD_MB (in MiB).",
  );
}
