/** `deno task serve`: the analysis server on 127.0.0.1 (PORT and HOST to change, TTP_DB for the database). */
import { join } from "node:path";
import { REPO_ROOT } from "../lib/data/paths.ts";
import { Extractor, IsolatedAnalyzer } from "../lib/extract/mod.ts";
import { IsolatedIngester } from "../lib/ingest/mod.ts";
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
// Uploads are parsed in a worker so a hostile or huge file cannot freeze the server.
const ingester = new IsolatedIngester({
  timeoutMs: Number(Deno.env.get("TTP_PARSE_TIMEOUT_S") ?? 60) * 1000,
});
// Analyses run in a worker too, so one huge text cannot stall everyone else's requests.
const analyzer = new IsolatedAnalyzer({
  timeoutMs: Number(Deno.env.get("TTP_ANALYZE_TIMEOUT_S") ?? 120) * 1000,
});
const app = createApp(extractor, {
  analyze: (doc, options) => analyzer.analyze(doc, options),
  webRoot: join(REPO_ROOT, "web"),
  store,
  ingestBytes: (bytes, name, options) => ingester.ingest(bytes, name, options),
});
const server = Deno.serve({
  port,
  hostname,
  onListen: ({ hostname, port }) => console.error(`listening on http://${hostname}:${port}/`),
}, app.fetch);

// Close the database cleanly so the WAL is checkpointed into the main file.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, async () => {
    await server.shutdown();
    ingester.close();
    analyzer.close();
    store.close();
    Deno.exit(0);
  });
}
