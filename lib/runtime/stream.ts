/** Reading a byte stream into memory under a size limit. */

/** The stream carried more bytes than allowed. */
export class StreamTooLarge extends Error {}

/**
 * Read a stream fully, cancelling it as soon as more than `maxBytes` arrive: a declared
 * Content-Length can lie or be absent (chunked encoding), so what actually arrives is counted.
 */
export async function readLimited(
  stream: ReadableStream<Uint8Array>,
  maxBytes: number,
  onProgress?: (bytesSoFar: number) => void,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  const reader = stream.getReader();
  const stop = () => reader.cancel().catch(() => {});
  signal?.addEventListener("abort", stop, { once: true });
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      // A cancelled read ends like a finished one; the caller must not mistake it for the whole body.
      signal?.throwIfAborted();
      if (done) break;
      size += value.length;
      if (size > maxBytes) {
        await reader.cancel();
        throw new StreamTooLarge(`more than ${maxBytes} bytes`);
      }
      chunks.push(value);
      onProgress?.(size);
    }
  } finally {
    signal?.removeEventListener("abort", stop);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
