/**
 * Declared sizes of the entries of a ZIP archive, read from its central directory without
 * inflating anything, so a DOCX "zip bomb" (a small file that inflates to gigabytes) can be
 * refused before a parser tries to inflate it; and a bounded inflation that catches archives
 * whose directory lies about those sizes.
 */
import { inflateRawSync } from "node:zlib";

/** One entry of the central directory. */
export interface ZipEntry {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  /** Compression method (0 stored, 8 deflate). */
  method: number;
  /** Offset of the entry's local header. */
  localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;

/** Entries of a ZIP archive, or undefined when the central directory cannot be read. */
export function zipEntries(bytes: Uint8Array): ZipEntry[] | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record sits in the last 22 + 65535 (comment) bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return undefined;
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder();
  for (let k = 0; k < count; k++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL) return undefined;
    const method = view.getUint16(at + 10, true);
    const compressedSize = view.getUint32(at + 20, true);
    const uncompressedSize = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extra = view.getUint16(at + 30, true);
    const comment = view.getUint16(at + 32, true);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    const localOffset = view.getUint32(at + 42, true);
    entries.push({ name, compressedSize, uncompressedSize, method, localOffset });
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

/** Why an archive must not be inflated, or undefined when it looks safe. */
export function zipBombReason(
  entries: Pick<ZipEntry, "name" | "compressedSize" | "uncompressedSize">[],
  limits: { maxTotal: number; maxRatio: number },
): string | undefined {
  let total = 0;
  for (const e of entries) {
    // 0xFFFFFFFF means the real size is in a ZIP64 field: far beyond any report.
    if (e.uncompressedSize === 0xffffffff) return `${e.name} declares a ZIP64 size`;
    total += e.uncompressedSize;
    if (e.compressedSize > 0 && e.uncompressedSize / e.compressedSize > limits.maxRatio) {
      return `${e.name} inflates ${Math.round(e.uncompressedSize / e.compressedSize)}-fold`;
    }
  }
  if (total > limits.maxTotal) return `its parts inflate to ${Math.round(total / 1048576)} MB`;
  return undefined;
}

const LOCAL = 0x04034b50;

/**
 * Inflate each deflated entry with its declared size as a hard cap, and say which one inflates
 * beyond it. A parser trusts the data, not the directory: an archive that declares 1:1 sizes but
 * holds gigabytes of deflated zeros passes `zipBombReason` and would be inflated in full.
 */
export function inflationOverrun(bytes: Uint8Array, entries: ZipEntry[]): string | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const e of entries) {
    if (e.method !== 8) continue;
    const at = e.localOffset;
    if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL) continue;
    const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    const data = bytes.subarray(start, Math.min(bytes.length, start + e.compressedSize));
    try {
      inflateRawSync(data, { maxOutputLength: Math.max(1, e.uncompressedSize) });
    } catch (error) {
      // Only an overrun matters here; damaged data is the parser's to report.
      if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
        return `${e.name} inflates beyond the ${e.uncompressedSize} bytes it declares`;
      }
    }
  }
  return undefined;
}
