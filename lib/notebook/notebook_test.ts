import assert from "node:assert/strict";
import {
  figures,
  inKernel,
  type MediaBundle,
  Plot,
  plotBundle,
  plotHtml,
  plotlyBundle,
  setDisplaySink,
  table,
} from "./mod.ts";

Deno.test("outside the kernel, displays go to the stand-in sink", async () => {
  assert.equal(inKernel(), false);
  const seen: MediaBundle[] = [];
  setDisplaySink((b) => void seen.push(b));
  await table([{ technique: "T1059", examples: 12 }, { technique: "T1105", examples: 3.25 }], {
    caption: "Examples",
  });
  await figures({ rows: 10, f1: 0.4567 });
  assert.equal(seen.length, 2);
  const html = String(seen[0]["text/html"]);
  assert.match(html, /<caption>Examples<\/caption>/);
  assert.match(html, /<td style="text-align:left">T1105<\/td><td>3.250<\/td>/);
  assert.match(String(seen[1]["text/plain"]), /f1: 0.4567/);
});

Deno.test("Plot renders SVG server-side; plotly bundles carry an HTML fallback", () => {
  const svg = plotHtml({
    marks: [Plot.barY([{ x: "a", y: 3 }, { x: "b", y: 30 }], { x: "x", y: "y" })],
    y: { type: "log" },
  });
  assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(String(plotBundle({ marks: [Plot.dot([1, 2])] })["text/html"]), /<svg/);
  const b = plotlyBundle({ data: [{ type: "bar", x: ["a"], y: [1] }] }, svg);
  assert.deepEqual((b["application/vnd.plotly.v1+json"] as { data: unknown[] }).data.length, 1);
  assert.match(String(b["text/html"]), /<svg[\s\S]*plotly\.min\.js/);
});
