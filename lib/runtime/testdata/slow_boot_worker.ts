// Test worker that takes 1.5 s to start (like one loading a PDF parser on a busy machine), then
// serves the same jobs as sleep_worker.ts.
const ready = Date.now() + 1_500;
while (Date.now() < ready) { /* loading */ }
await import("./sleep_worker.ts");
