/// <reference lib="deno.worker" />
/** Worker side of IsolatedIngester: runs ingestBytes and posts back the document or the error. */
import { IngestError } from "./errors.ts";
import { type BytesOptions, ingestBytes } from "./ingest.ts";

self.onmessage = async (
  e: MessageEvent<{ id: number; bytes: Uint8Array; name: string; options: BytesOptions }>,
) => {
  const { id, bytes, name, options } = e.data;
  try {
    const doc = await ingestBytes(bytes, name, options);
    self.postMessage({ id, ok: true, doc });
  } catch (err) {
    self.postMessage({
      id,
      ok: false,
      code: err instanceof IngestError ? err.code : undefined,
      message: err instanceof Error ? err.message : String(err),
    });
  }
};
