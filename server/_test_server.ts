/** Test helper: the app on a random local port with a throwaway database. */
import { join } from "node:path";
import { defaultExtractor, REPO_ROOT } from "../lib/testing.ts";
import { AnalysisStore } from "../lib/store/mod.ts";
import { createApp, type ServerOptions } from "./app.ts";

/** Run `fn` against a live server (127.0.0.1, port 0) backed by a temp SQLite file. */
export async function withServer(
  options: ServerOptions & { noStore?: boolean },
  fn: (base: string, store?: AnalysisStore) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "ttp-test-" });
  const store = options.noStore ? undefined : AnalysisStore.open(join(dir, "ttp.sqlite"));
  const app = createApp(await defaultExtractor(), {
    webRoot: join(REPO_ROOT, "web"),
    ...options,
    store,
  });
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, app.fetch);
  try {
    await fn(`http://127.0.0.1:${server.addr.port}`, store);
  } finally {
    await server.shutdown();
    store?.close();
    await Deno.remove(dir, { recursive: true });
  }
}

/** fetch + JSON body + status, for terse assertions. */
export async function call(
  url: string,
  init: RequestInit & { json?: unknown } = {},
): Promise<
  { status: number; body: Record<string, unknown> & { error?: string }; headers: Headers }
> {
  const { json, ...rest } = init;
  const res = await fetch(url, {
    ...rest,
    ...(json === undefined ? {} : {
      body: JSON.stringify(json),
      headers: { "content-type": "application/json", ...rest.headers },
    }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {}, headers: res.headers };
}
