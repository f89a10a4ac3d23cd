import assert from "node:assert/strict";
import {
  cleanPdfPages,
  normalizeBullets,
  reflowPage,
  removeRunningHeaders,
  repairHyphenation,
  repairLigatureGlyphs,
  tableCells,
} from "./pdf_text.ts";

Deno.test("repairHyphenation joins a word split across lines", () => {
  assert.equal(
    repairHyphenation("gain persis-\ntence on the host"),
    "gain persistence on the host",
  );
  assert.equal(repairHyphenation("ex-\nfiltration over C2"), "exfiltration over C2");
});

Deno.test("repairHyphenation keeps the hyphen of a compound split at its hyphen", () => {
  assert.equal(
    repairHyphenation("uses a command-and-\ncontrol server"),
    "uses a command-and-control server",
  );
});

Deno.test("repairHyphenation follows the document's own spelling", () => {
  // "point-of-sale" elsewhere, never "pointof": keep the hyphen.
  assert.equal(
    repairHyphenation("point-of-sale data and more point-\nof-sale devices"),
    "point-of-sale data and more point-of-sale devices",
  );
  // "high-profile" elsewhere and never "highprofile": keep it.
  assert.equal(
    repairHyphenation("high-profile victims; other high-\nprofile targets"),
    "high-profile victims; other high-profile targets",
  );
  // "Windows-based" elsewhere; without that evidence the simple rule would join it.
  assert.equal(
    repairHyphenation("Windows-based; also Windows-\nbased"),
    "Windows-based; also Windows-based",
  );
  assert.equal(repairHyphenation("Windows-\nbased"), "Windowsbased");
  // "email" elsewhere wins over a hyphenated spelling.
  assert.equal(repairHyphenation("send e-\nmail; email again"), "send email; email again");
});

Deno.test("repairHyphenation leaves uppercase, digits and bare dashes alone", () => {
  const cases = ["mid-\nJanuary", "a 12-\ncharacter name", "list -\nitem", "T1059-\n001"];
  for (const text of cases) assert.equal(repairHyphenation(text), text);
});

Deno.test("repairLigatureGlyphs restores fi and fl lost to U+FFFD", () => {
  assert.equal(
    repairLigatureGlyphs("con\uFFFDguration \uFFFDle speci\uFFFDed \uFFFDag traf\uFFFDc \uFFFDow"),
    "configuration file specified flag traffic flow",
  );
  // A replacement character not inside a word stays: it is not a ligature.
  assert.equal(repairLigatureGlyphs("value \uFFFD 3"), "value \uFFFD 3");
});

Deno.test("normalizeBullets turns bullet glyphs and Word sub-bullets into '- '", () => {
  assert.equal(normalizeBullets("•\tCISA, FBI"), "- CISA, FBI");
  assert.equal(normalizeBullets("\uF0B7 item"), "- item");
  assert.equal(normalizeBullets("o \tdinj"), "- dinj");
  assert.equal(normalizeBullets("once upon"), "once upon");
});

Deno.test("tableCells marks rows with two or more wide gaps", () => {
  assert.equal(tableCells("MD5 \tCompile Time \tC2 Server"), "MD5 | Compile Time | C2 Server");
  assert.equal(tableCells("field office at \tor the FBI"), "field office at \tor the FBI");
});

Deno.test("removeRunningHeaders drops repeated headers, footers and page numbers only", () => {
  const words = ["alpha", "bravo", "charlie", "delta"];
  const pages = words.map((w, i) => [
    "TLP:WHITE",
    `Page ${i + 1} of 4 | Product ID: AA20-302A`,
    `Body text about ${w}.`,
    "Characterization: File Hash Watchlist",
    "Characterization: File Hash Watchlist",
    "Characterization: File Hash Watchlist",
    `More about ${w}.`,
    String(i + 1),
    "TLP:WHITE",
  ]);
  const cleaned = removeRunningHeaders(pages);
  for (const [i, lines] of cleaned.entries()) {
    assert.deepEqual(lines, [
      `Body text about ${words[i]}.`,
      "Characterization: File Hash Watchlist",
      "Characterization: File Hash Watchlist",
      "Characterization: File Hash Watchlist",
      `More about ${words[i]}.`,
    ]);
  }
});

Deno.test("reflowPage joins wrapped lines and keeps headings, lists and short lines apart", () => {
  const lines = [
    "Threat Details",
    "The cybercriminal enterprise behind TrickBot, which is likely also the creator of BazarLoader",
    "malware, has continued to develop new functionality and tools.",
    "The malware places the file in one of the following directories:",
    "- C:\\Windows\\",
    "- C:\\Users\\[Username]\\AppData\\Roaming\\",
    "kostunivo[.]com",
    "chishir[.]com",
  ];
  assert.equal(
    reflowPage(lines, 95),
    "Threat Details\n\n" +
      "The cybercriminal enterprise behind TrickBot, which is likely also the creator of BazarLoader " +
      "malware, has continued to develop new functionality and tools.\n\n" +
      "The malware places the file in one of the following directories:\n" +
      "- C:\\Windows\\\n- C:\\Users\\[Username]\\AppData\\Roaming\\\n" +
      "kostunivo[.]com\nchishir[.]com",
  );
});

Deno.test("cleanPdfPages separates pages by a blank line and normalises characters", () => {
  const text = cleanPdfPages(["Tactic: De\uFB01ne\u00A0the\u200B goal.", "Second page."]);
  assert.equal(text, "Tactic: Define the goal.\n\nSecond page.");
});
