import assert from "node:assert/strict";
import { STOP_WORDS } from "./stop_words.ts";

Deno.test("stop words cover function words", () => {
  for (const w of ["the", "a", "of", "and", "is", "was", "it", "their", "which", "with"]) {
    assert.ok(STOP_WORDS.has(w), w);
  }
});

Deno.test("stop words keep words that carry technique meaning", () => {
  for (
    const w of [
      "not",
      "no",
      "via",
      "using",
      "from",
      "into",
      "remote",
      "off",
      "out",
      "over",
      "through",
    ]
  ) {
    assert.ok(!STOP_WORDS.has(w), w);
  }
});

Deno.test("stop words are lowercase tokens", () => {
  for (const w of STOP_WORDS) assert.equal(w, w.toLowerCase().trim());
});
