import { readLimited, StreamTooLarge } from "../lib/runtime/stream.ts";
import { HttpError } from "./errors.ts";

/** Seconds a client gets to send its whole request body (TTP_BODY_TIMEOUT_S, default 60). */
export function bodyTimeoutMs(): number {
  const s = Number(Deno.env.get("TTP_BODY_TIMEOUT_S") ?? 60);
  return (s > 0 ? s : 60) * 1000;
}

/**
 * Read a request body into memory, refusing anything over `maxBytes` (413, early when the
 * declared length says so) and any client that trickles it slower than the deadline allows (408),
 * so a slow or endless upload cannot hold a connection and its memory forever.
 */
export async function readBody(
  req: Request,
  maxBytes: number,
  tooLarge: string,
  timeoutMs = bodyTimeoutMs(),
): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) throw new HttpError(413, tooLarge);
  if (!req.body) return new Uint8Array();
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    return await readLimited(req.body, maxBytes, undefined, signal);
  } catch (e) {
    if (e instanceof StreamTooLarge) throw new HttpError(413, tooLarge);
    if (signal.aborted) {
      throw new HttpError(
        408,
        `The request body did not arrive within ${timeoutMs / 1000} s (TTP_BODY_TIMEOUT_S).`,
      );
    }
    throw e;
  }
}
