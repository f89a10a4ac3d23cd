/** Decide what kind of document a byte buffer holds. */
import type { SourceType } from "./types.ts";

const ascii = new TextDecoder("latin1");

/** Read the first `n` bytes as Latin-1 so byte patterns can be matched with regexes. */
function head(bytes: Uint8Array, n: number): string {
  return ascii.decode(bytes.subarray(0, Math.min(n, bytes.length)));
}

function startsWith(bytes: Uint8Array, sig: readonly number[], offset = 0): boolean {
  return sig.every((b, i) => bytes[offset + i] === b);
}

/** Byte offset of `needle` (ASCII) in `bytes`, or -1. */
export function indexOfAscii(bytes: Uint8Array, needle: string, from = 0): number {
  const first = needle.charCodeAt(0);
  outer: for (let i = bytes.indexOf(first, from); i !== -1; i = bytes.indexOf(first, i + 1)) {
    if (i + needle.length > bytes.length) return -1;
    for (let j = 1; j < needle.length; j++) {
      if (bytes[i + j] !== needle.charCodeAt(j)) continue outer;
    }
    return i;
  }
  return -1;
}

/** True for a ZIP container (including an empty one). */
export function isZip(bytes: Uint8Array): boolean {
  return startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06]);
}

/** True when a ZIP holds a Word main document part (file names are stored uncompressed). */
function isDocx(bytes: Uint8Array): boolean {
  return isZip(bytes) && indexOfAscii(bytes, "word/document.xml") !== -1;
}

/** True when the PDF signature appears in the first KiB (readers tolerate leading junk). */
function isPdf(bytes: Uint8Array): boolean {
  return head(bytes, 1024).includes("%PDF-");
}

const BINARY_SIGNATURES: ReadonlyArray<[string, readonly number[]]> = [
  ["a PNG image", [0x89, 0x50, 0x4e, 0x47]],
  ["a JPEG image", [0xff, 0xd8, 0xff]],
  ["a GIF image", [0x47, 0x49, 0x46, 0x38]],
  ["a TIFF image", [0x49, 0x49, 0x2a, 0x00]],
  ["a TIFF image", [0x4d, 0x4d, 0x00, 0x2a]],
  ["a Windows executable", [0x4d, 0x5a]],
  ["an ELF executable", [0x7f, 0x45, 0x4c, 0x46]],
  ["a legacy Office (.doc/.xls/.ppt) file", [0xd0, 0xcf, 0x11, 0xe0]],
  ["a gzip archive", [0x1f, 0x8b]],
  ["a 7-Zip archive", [0x37, 0x7a, 0xbc, 0xaf]],
  ["a RAR archive", [0x52, 0x61, 0x72, 0x21]],
  ["an RTF document", [0x7b, 0x5c, 0x72, 0x74, 0x66]],
];

/**
 * Name a binary format we recognise but cannot read ("a PNG image"), for error messages;
 * undefined when the bytes match no known signature.
 */
export function describeUnsupported(bytes: Uint8Array): string | undefined {
  if (isZip(bytes) && !isDocx(bytes)) {
    if (indexOfAscii(bytes, "xl/") !== -1) return "an Excel workbook (.xlsx)";
    if (indexOfAscii(bytes, "ppt/") !== -1) return "a PowerPoint deck (.pptx)";
    return "a ZIP archive that is not a Word document";
  }
  for (const [label, sig] of BINARY_SIGNATURES) if (startsWith(bytes, sig)) return label;
  if (head(bytes, 12).slice(8) === "WEBP") return "a WebP image";
  return undefined;
}

// Strong markers decide HTML even for a .txt name; weak ones only when the name does not say text.
const STRONG_HTML = /^(?:<!doctype\s+html|<html[\s>])/i;
const WEAK_HTML =
  /^(?:<(?:head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|article|main|section|meta)[\s>/]|<!--)/i;

/** Text after skipping a UTF-8 BOM, leading whitespace and an XML prolog. */
function markupHead(bytes: Uint8Array): string {
  return head(bytes, 2048)
    .replace(/^\xEF\xBB\xBF/, "")
    .trimStart()
    .replace(/^<\?xml[^>]*>\s*/i, "");
}

function extensionOf(name: string): string {
  const base = name.split(/[?#]/)[0].split(/[\\/]/).pop() ?? "";
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
}

const BY_EXTENSION: Readonly<Record<string, SourceType>> = {
  pdf: "pdf",
  html: "html",
  htm: "html",
  xhtml: "html",
  docx: "docx",
  txt: "txt",
  text: "txt",
  log: "txt",
  md: "md",
  markdown: "md",
};

/** Map a MIME type (parameters allowed) to a source type. */
export function typeFromContentType(contentType: string | undefined): SourceType | undefined {
  const mime = contentType?.split(";")[0].trim().toLowerCase();
  switch (mime) {
    case "application/pdf":
    case "application/x-pdf":
      return "pdf";
    case "text/html":
    case "application/xhtml+xml":
      return "html";
    case "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
      return "docx";
    case "text/markdown":
    case "text/x-markdown":
      return "md";
    case "text/plain":
      return "txt";
    default:
      return undefined;
  }
}

/**
 * True when bytes look like text: a UTF-16 BOM, or no NUL bytes and under 1% control characters
 * in the first 64 KiB.
 */
export function looksLikeText(bytes: Uint8Array): boolean {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return true;
  const sample = bytes.subarray(0, 65536);
  let control = 0;
  for (const b of sample) {
    if (b === 0) return false;
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) || b === 0x7f) control++;
  }
  return control <= sample.length * 0.01;
}

/**
 * Work out the document type: magic bytes first (%PDF, ZIP with word/document.xml, HTML
 * sniffing), then the file extension, then the content type, then "txt" for anything that
 * decodes as text. Undefined means unsupported.
 */
export function detectType(
  bytes: Uint8Array,
  name: string,
  contentType?: string,
): SourceType | undefined {
  if (isPdf(bytes)) return "pdf";
  if (isDocx(bytes)) return "docx";
  if (describeUnsupported(bytes) !== undefined) return undefined;
  const markup = markupHead(bytes);
  const fromName = BY_EXTENSION[extensionOf(name)];
  if (STRONG_HTML.test(markup)) return "html";
  if (fromName !== "txt" && fromName !== "md" && WEAK_HTML.test(markup)) return "html";
  // A .pdf or .docx name on bytes without the signature is a damaged or mislabelled file;
  // the PDF/DOCX reader will say so.
  if (fromName) return fromName;
  const fromMime = typeFromContentType(contentType);
  if (fromMime) return fromMime;
  return looksLikeText(bytes) ? "txt" : undefined;
}
