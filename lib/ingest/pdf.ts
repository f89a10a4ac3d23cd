/** PDF: text layer via pdf-parse (pdf.js), then layout clean-up. */
import { PDFParse, VerbosityLevel } from "pdf-parse";
import { IngestError } from "./errors.ts";
import { guessTitle, oneLine } from "./normalize.ts";
import { cleanPdfPages } from "./pdf_text.ts";
import type { Extracted } from "./types.ts";

/** Fewer letters and digits than this per page means the pages are images, not text. */
const MIN_CHARS_PER_PAGE = 16;

/** The document-info title, unless it is a placeholder or a file name. */
function metadataTitle(info: unknown): string {
  const raw = (info as { Title?: unknown } | undefined)?.Title;
  if (typeof raw !== "string") return "";
  const title = oneLine(raw.replace(/^Microsoft (?:Word|PowerPoint) - /i, ""));
  if (/^(?:untitled|document\d*|slide \d+)$/i.test(title)) return "";
  if (/\.(?:docx?|pdf|indd|pptx?|rtf|odt|txt)$/i.test(title)) return "";
  return title.length >= 3 ? title : "";
}

function pdfError(name: string, error: unknown): IngestError {
  const errorName = error instanceof Error ? error.name : "";
  const detail = error instanceof Error ? error.message : String(error);
  if (errorName === "PasswordException") {
    return new IngestError(
      "encrypted",
      `"${name}" is password-protected. Open it with the password and save or print an ` +
        "unprotected copy (for example `qpdf --decrypt --password=… in.pdf out.pdf`), then upload that.",
      { cause: error },
    );
  }
  return new IngestError(
    "corrupt",
    `"${name}" is not a readable PDF (${detail}). The file may be truncated or damaged: ` +
      "download it again, or re-save it from a PDF viewer.",
    { cause: error },
  );
}

/** Extract text and title from PDF bytes; pages are separated by blank lines. */
export async function pdfToText(bytes: Uint8Array, name: string): Promise<Extracted> {
  // pdf.js takes ownership of the buffer it is given, so hand it a copy; ERRORS verbosity keeps
  // its warnings off stdout, which the CLI reserves for JSON.
  const parser = new PDFParse({
    data: bytes.slice(),
    verbosity: VerbosityLevel.ERRORS,
    isEvalSupported: false,
  });
  let pages: string[];
  let info: unknown;
  try {
    info = (await parser.getInfo()).info;
    pages = (await parser.getText()).pages.map((page) => page.text);
  } catch (error) {
    throw pdfError(name, error);
  } finally {
    await parser.destroy();
  }
  const text = cleanPdfPages(pages);
  const letters = text.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
  if (letters < Math.max(1, pages.length) * MIN_CHARS_PER_PAGE) {
    throw new IngestError(
      "no_text",
      `"${name}" has no text layer: its ${pages.length} page(s) hold only ${letters} letters or ` +
        "digits, so it is probably scanned images. Run OCR on it first (for example " +
        "`ocrmypdf in.pdf out.pdf`) and upload the result.",
    );
  }
  return { title: metadataTitle(info) || guessTitle(text), text };
}
