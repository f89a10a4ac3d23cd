import assert from "node:assert/strict";
import { join } from "node:path";
import { SHARED_DATA_DIR } from "../data/paths.ts";
import { IngestError } from "./errors.ts";
import { ingestBytes, ingestText } from "./ingest.ts";
import { deflateRawSync } from "node:zlib";
import { makeDocx, makeZip, wPara } from "./test_util.ts";
import { inflationOverrun, zipBombReason, zipEntries } from "./zip_limits.ts";

Deno.test("a real DOCX passes the inflation check", async () => {
  const bytes = await Deno.readFile(join(SHARED_DATA_DIR, "reports", "AA20-302A.docx"));
  const entries = zipEntries(bytes)!;
  assert.ok(entries.some((e) => e.name === "word/document.xml"));
  assert.equal(zipBombReason(entries, { maxTotal: 200 * 1048576, maxRatio: 200 }), undefined);
  assert.equal(inflationOverrun(bytes, entries), undefined);
});

Deno.test("a DOCX whose directory lies about its sizes is refused without inflating it all", async () => {
  // 64 MB of spaces deflate to ~64 KB; the directory claims 1:1, so only inflating shows it.
  const deflated = new Uint8Array(deflateRawSync(new Uint8Array(64 * 1048576).fill(32)));
  const bytes = makeZip({
    "[Content_Types].xml": "<Types/>",
    "word/document.xml": { deflated, declaredSize: deflated.length },
  });
  const entries = zipEntries(bytes)!;
  assert.equal(zipBombReason(entries, { maxTotal: 200 * 1048576, maxRatio: 200 }), undefined);
  assert.match(inflationOverrun(bytes, entries)!, /word\/document\.xml inflates beyond/);
  await assert.rejects(
    () => ingestBytes(bytes, "liar.docx"),
    (e) => e instanceof IngestError && e.code === "too_large" && /liar\.docx/.test(e.message),
  );
});

Deno.test("a DOCX zip bomb is refused before inflating", async () => {
  // A stored-size header claiming 1 GB of document.xml from a few bytes.
  const bomb = zipBombReason(
    [{ name: "word/document.xml", compressedSize: 1_000_000, uncompressedSize: 1_000_000_000 }],
    { maxTotal: 200 * 1048576, maxRatio: 200 },
  );
  assert.match(bomb!, /inflates 1000-fold/);
  // A Word file whose directory declares 1 GB for document.xml, as a deflate bomb would.
  const bytes = makeDocx(wPara("hi"));
  const view = new DataView(bytes.buffer);
  for (let at = bytes.length - 22; at > 0; at--) {
    if (view.getUint32(at, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(at + 28, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    if (name === "word/document.xml") view.setUint32(at + 24, 1_000_000_000, true);
  }
  await assert.rejects(
    () => ingestBytes(bytes, "bomb.docx"),
    (e) => e instanceof IngestError && e.code === "too_large" && /bomb\.docx/.test(e.message),
  );
});

Deno.test("extracted text beyond the limit is refused with the fix", () => {
  assert.throws(
    () => ingestText("word ".repeat(300_000), "long.txt"),
    (e) =>
      e instanceof IngestError && e.code === "too_large" && /TTP_MAX_TEXT_CHARS/.test(e.message),
  );
});
