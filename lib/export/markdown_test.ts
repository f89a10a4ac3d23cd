import assert from "node:assert/strict";
import { toMarkdown } from "./markdown.ts";
import { RESULT } from "./testdata/result.ts";

Deno.test("Markdown export: report text is escaped, never raw HTML, and pipes stay inside cells", () => {
  const hostile = structuredClone(RESULT);
  hostile.source.title = "<script>alert(1)</script> Report";
  hostile.techniques[0].evidence[0].text = 'They ran <img src=x onerror="alert(2)"> | a & b';
  const md = toMarkdown(hostile);
  assert.doesNotMatch(md, /<script>|<img/);
  assert.match(md, /^# &lt;script&gt;alert\(1\)&lt;\/script&gt; Report$/m);
  const row = md.split("\n").find((l) => l.startsWith("| T1053 "))!;
  assert.match(row, /They ran &lt;img src=x onerror="alert\(2\)"&gt; \\\| a &amp; b \|$/);
  assert.equal(row.split(/(?<!\\)\|/).length, 7, "five cells");
});
