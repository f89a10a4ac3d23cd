/** Entry points for bytes and pasted text: limits, type dispatch, hashing. */
import { createHash } from "node:crypto";
import { describeUnsupported, detectType } from "./detect.ts";
import { docxToText } from "./docx.ts";
import {
  IngestError,
  maxInputBytes,
  maxTextChars,
  SUPPORTED_FORMATS,
  textTooLong,
  tooLarge,
} from "./errors.ts";
import { decodeHtml, htmlToText } from "./html.ts";
import { pdfToText } from "./pdf.ts";
import { plainToText, textToExtracted } from "./plain.ts";
import type { Extracted, IngestedDocument, IngestOptions, SourceType } from "./types.ts";

/** Hex SHA-256 of some bytes (synchronous, so pasted text needs no await). */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function unsupported(bytes: Uint8Array, name: string): IngestError {
  const what = describeUnsupported(bytes);
  const seems = what ? `is ${what}` : "is not a format we can read (it looks like binary data)";
  return new IngestError(
    "unsupported_type",
    `"${name}" ${seems}. Supported: ${SUPPORTED_FORMATS}. Convert the report to one of these and try again.`,
  );
}

function extract(
  type: SourceType,
  bytes: Uint8Array,
  name: string,
  contentType?: string,
): Promise<Extracted> | Extracted {
  switch (type) {
    case "pdf":
      return pdfToText(bytes, name);
    case "docx":
      return docxToText(bytes, name);
    case "html":
      return htmlToText(decodeHtml(bytes, name, contentType), name);
    case "md":
    case "txt":
      return plainToText(
        bytes,
        name,
        type,
        contentType?.match(/charset\s*=\s*["']?([\w.:-]+)/i)?.[1],
      );
    default:
      throw unsupported(bytes, name);
  }
}

/** Options for {@link ingestBytes}. */
export interface BytesOptions extends IngestOptions {
  /** MIME type reported by the sender, used when bytes and name do not settle the type. */
  contentType?: string;
  /** Name whose extension hints the type when `name` is not a path (e.g. a URL's final path). */
  typeHintName?: string;
}

/** Turn a report's bytes (PDF, HTML, DOCX, text, Markdown) into plain text. */
export async function ingestBytes(
  bytes: Uint8Array,
  name: string,
  options: BytesOptions = {},
): Promise<IngestedDocument> {
  const maxBytes = options.maxBytes ?? maxInputBytes();
  if (bytes.length === 0) {
    throw new IngestError(
      "empty",
      `"${name}" is empty (0 bytes). Check that the right file was chosen.`,
    );
  }
  if (bytes.length > maxBytes) throw tooLarge(name, bytes.length, maxBytes);
  const type = detectType(bytes, options.typeHintName ?? name, options.contentType);
  if (!type) throw unsupported(bytes, name);
  const { title, text } = await extract(type, bytes, name, options.contentType);
  if (text.length > maxTextChars()) throw textTooLong(name, text.length, maxTextChars());
  if (text.length === 0) {
    throw new IngestError(
      "no_text",
      `"${name}" contains no readable text. Check that it is the report itself and not an empty page or an image.`,
    );
  }
  return { name, type, title, text, sha256: sha256Hex(bytes), bytes: bytes.length };
}

/** Turn pasted text into a document; the hash is of its UTF-8 encoding. */
export function ingestText(
  text: string,
  name = "pasted text",
  options: IngestOptions = {},
): IngestedDocument {
  const maxBytes = options.maxBytes ?? maxInputBytes();
  const bytes = new TextEncoder().encode(text);
  if (text.trim().length === 0) {
    throw new IngestError("empty", `"${name}" is empty. Paste the report text and try again.`);
  }
  if (bytes.length > maxBytes) throw tooLarge(name, bytes.length, maxBytes);
  if (text.length > maxTextChars()) throw textTooLong(name, text.length, maxTextChars());
  const extracted = textToExtracted(text);
  return { name, type: "text", ...extracted, sha256: sha256Hex(bytes), bytes: bytes.length };
}
