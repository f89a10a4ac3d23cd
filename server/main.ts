/** `deno task serve`: the analysis server on 127.0.0.1 (PORT and HOST to change, TTP_DB for the database). */
import { join } from "node:path";
import { REPO_ROOT } from "../lib/data/paths.ts";
import { Extractor } from "../lib/extract/mod.ts";
import { AnalysisStore } from "../lib/store/mod.ts";
import { createApp } from "./app.ts";

const port = Number(Deno.env.get("PORT") ?? 8000);
const hostname = Deno.env.get("HOST") ?? "127.0.0.1";
const started = performance.now();
const extractor = await Extractor.load();
console.error(
  `model ${extractor.meta.name} ${extractor.meta.version}, ATT&CK ${extractor.kb.version} loaded in ` +
    `${((performance.now() - started) / 1000).toFixed(2)} s`,
);
const store = AnalysisStore.open();
console.error(`analyses and reviews are kept in ${store.path}`);
const app = createApp(extractor, { webRoot: join(REPO_ROOT, "web"), store });
const server = Deno.serve({
  port,
  hostname,
  onListen: ({ hostname, port }) => console.error(`listening on http://${hostname}:${port}/`),
}, app.fetch);

// Close the database cleanly so the WAL is checkpointed into the main file.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, async () => {
    await server.shutdown();
    store.close();
    Deno.exit(0);
  });
}
