/** DOCX: convert with mammoth to HTML, then reuse the HTML text path for lists and tables. */
import { Buffer } from "node:buffer";
import mammoth from "mammoth";
import mammothPromises from "mammoth/lib/promises.js";
import { IngestError } from "./errors.ts";
import { htmlToText } from "./html.ts";
import type { Extracted } from "./types.ts";
import { inflationOverrun, zipBombReason, zipEntries } from "./zip_limits.ts";

// mammoth wraps results by assigning `__proto__`, which Deno disables; without this patch
// every call fails with "ExternalPromise.resolve is not a function". Native promises suffice.
mammothPromises.toExternalPromise = <T>(promise: Promise<T>): Promise<T> =>
  Promise.resolve(promise);

// Images would come back as huge data: URIs; the text path ignores them anyway.
const NO_IMAGES = mammoth.images.imgElement(() => Promise.resolve({ src: "" }));

/** Extract text and title from DOCX bytes. */
export async function docxToText(bytes: Uint8Array, name: string): Promise<Extracted> {
  const entries = zipEntries(bytes);
  const bomb = entries &&
    (zipBombReason(entries, { maxTotal: 200 * 1048576, maxRatio: 200 }) ??
      inflationOverrun(bytes, entries));
  if (bomb) {
    throw new IngestError(
      "too_large",
      `"${name}" was refused: ${bomb}, far more than any report. ` +
        "If it is a genuine document, save it again from Word or export it to PDF.",
    );
  }
  let html: string;
  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    html = (await mammoth.convertToHtml({ buffer }, { convertImage: NO_IMAGES })).value;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new IngestError(
      "corrupt",
      `"${name}" could not be read as a Word document (${detail}). ` +
        "The file may be damaged or incomplete: open it in Word and save it again as .docx, " +
        "or export it to PDF.",
      { cause: error },
    );
  }
  return htmlToText(html);
}
