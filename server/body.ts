import { readLimited, StreamTooLarge } from "../lib/runtime/stream.ts";

/** The request body was larger than allowed. */
export class BodyTooLarge extends Error {}

/** Read a request body into memory, refusing (early) anything over `maxBytes`. */
export async function readBodyLimited(req: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) throw new BodyTooLarge();
  if (!req.body) return new Uint8Array();
  try {
    return await readLimited(req.body, maxBytes);
  } catch (e) {
    throw e instanceof StreamTooLarge ? new BodyTooLarge() : e;
  }
}
