/**
 * Worker entry for UseEncoder: TF.js runs USE on one thread, so large embedding jobs are split
 * over one model per core. Protocol: {id, texts} in, {id, data (flat Float32Array)} or {id, error} out.
 */
import { UseEncoder } from "./encoder.ts";

const encoder = UseEncoder.load({ workers: 1 });

// Typed locally: a `deno.worker` lib reference would change `self` for the whole type check.
interface WorkerScope {
  onmessage: ((e: MessageEvent<{ id: number; texts: string[]; batchSize: number }>) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;

scope.onmessage = async (e: MessageEvent<{ id: number; texts: string[]; batchSize: number }>) => {
  const { id, texts } = e.data;
  try {
    const vectors = await (await encoder).embedLocal(texts, e.data.batchSize);
    const data = new Float32Array(texts.length * 512);
    vectors.forEach((v, i) => data.set(v, i * 512));
    scope.postMessage({ id, data }, [data.buffer]);
  } catch (err) {
    scope.postMessage({ id, error: (err as Error).message });
  }
};
