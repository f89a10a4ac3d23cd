import assert from "node:assert/strict";
import { guessTitle, normalizeText, oneLine } from "./normalize.ts";

Deno.test("normalizeText fixes ligatures, odd spaces, invisible characters and newlines", () => {
  const raw =
    "  E\uFB03cient \uFB01le\u00A0trans\u00ADfer\u200B\r\nnext\u2003line \t \n\n\n\nnew\fpara\u0007 ";
  assert.equal(normalizeText(raw), "Efficient file transfer\nnext line\n\nnew\npara");
});

Deno.test("oneLine collapses whitespace and truncates long values", () => {
  assert.equal(oneLine(" A \n title\t here "), "A title here");
  assert.equal(oneLine("x".repeat(300), 10), "xxxxxxxxx…");
});

Deno.test("guessTitle skips markings and single words near the top", () => {
  assert.equal(
    guessTitle(
      "TLP:WHITE\n.\nJOINT\nADVISORY\nRansomware Activity Targeting the Healthcare Sector\nBody",
    ),
    "Ransomware Activity Targeting the Healthcare Sector",
  );
  assert.equal(guessTitle("\n\nAPT29\n"), "APT29");
  assert.equal(guessTitle(""), "");
});
