import assert from "node:assert/strict";
import { describeUnsupported, detectType, looksLikeText } from "./detect.ts";
import { makeDocx, makeZip } from "./test_util.ts";

const enc = (s: string) => new TextEncoder().encode(s);

Deno.test("detectType trusts magic bytes over names", () => {
  assert.equal(detectType(enc("%PDF-1.7\n..."), "report.txt"), "pdf");
  assert.equal(detectType(enc("junk\n%PDF-1.4\n"), "x"), "pdf");
  assert.equal(detectType(makeDocx("<w:p/>"), "report.bin"), "docx");
  assert.equal(detectType(enc("<!DOCTYPE html><p>x</p>"), "report.pdf"), "html");
  assert.equal(detectType(enc("\uFEFF  <html lang=en>"), "noext"), "html");
  assert.equal(detectType(enc('<?xml version="1.0"?><html xmlns="x">'), "a.xml"), "html");
});

Deno.test("detectType lets a .md or .txt name win over weak HTML hints", () => {
  assert.equal(detectType(enc('<div align="center">Logo</div>\n# Title'), "README.md"), "md");
  assert.equal(detectType(enc("<p>not really html</p>"), "notes.txt"), "txt");
  assert.equal(detectType(enc("<p>a fragment</p>"), "fragment"), "html");
});

Deno.test("detectType falls back to extension, then content type, then text sniffing", () => {
  assert.equal(detectType(enc("# Heading"), "notes.markdown"), "md");
  assert.equal(detectType(enc("plain words"), "x.htm"), "html");
  assert.equal(detectType(enc("plain words"), "blob", "text/markdown; charset=utf-8"), "md");
  assert.equal(detectType(enc("plain words"), "blob", "text/html"), "html");
  assert.equal(detectType(enc("plain words"), "https://x.test/r?id=1", undefined), "txt");
  assert.equal(detectType(enc("plain words"), "data.json", "application/json"), "txt");
});

Deno.test("detectType rejects images, executables, non-Word ZIPs and random bytes", () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  assert.equal(detectType(png, "report.txt"), undefined);
  assert.equal(detectType(enc("MZ\x90\x00\x03"), "setup.exe"), undefined);
  assert.equal(detectType(makeZip({ "a.txt": "hello" }), "report.docx"), undefined);
  assert.equal(detectType(makeZip({ "xl/workbook.xml": "<x/>" }), "book.xlsx"), undefined);
  const random = new Uint8Array(4096);
  crypto.getRandomValues(random);
  random[0] = 0; // guarantees the NUL byte that marks binary, whatever the draw
  assert.equal(detectType(random, "blob"), undefined);
});

Deno.test("describeUnsupported names the format for the error message", () => {
  assert.equal(describeUnsupported(new Uint8Array([0x89, 0x50, 0x4e, 0x47])), "a PNG image");
  assert.equal(describeUnsupported(makeZip({ "ppt/x.xml": "" })), "a PowerPoint deck (.pptx)");
  assert.equal(
    describeUnsupported(makeZip({ "a": "" })),
    "a ZIP archive that is not a Word document",
  );
  assert.equal(describeUnsupported(enc("{\\rtf1")), "an RTF document");
  assert.equal(describeUnsupported(enc("hello")), undefined);
});

Deno.test("looksLikeText accepts text and UTF-16 BOMs, rejects NULs and control soup", () => {
  assert.equal(looksLikeText(enc("Hello\tworld\r\n")), true);
  assert.equal(looksLikeText(new Uint8Array([0xff, 0xfe, 0x48, 0x00])), true);
  assert.equal(looksLikeText(new Uint8Array([0x48, 0x00, 0x49])), false);
  assert.equal(looksLikeText(new Uint8Array(Array.from({ length: 100 }, (_, i) => i % 32))), false);
});
