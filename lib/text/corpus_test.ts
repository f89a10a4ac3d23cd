// Checks splitSentences on the real reports in ../shared/data (AnnoCTR texts and TRAM MAT JSON).
// Skipped when that folder is absent.
import assert from "node:assert/strict";
import { isSpaceCode } from "./chars.ts";
import { splitSentences } from "./segment.ts";
import type { Sentence } from "./types.ts";

const DATA = new URL("../../../shared/data/", import.meta.url);
const ANNOCTR = new URL("annoctr/text/", DATA);
const TRAM = new URL("tram/reports/", DATA);
const TECHNIQUE_TYPE = /\(T\d{4}(?:\.\d{3})?\)\s*$/;
// Achieved 99.0% on the 100 TRAM reports; most misses are gold spans that cross a line break
// into a list or code block, or span two sentences.
const MIN_SPAN_CONTAINMENT = 0.97;

interface Doc {
  name: string;
  text: string;
  spans: Array<[number, number]>;
}

const hasData = exists(ANNOCTR) && exists(TRAM);

function exists(url: URL): boolean {
  try {
    return Deno.statSync(url).isDirectory;
  } catch {
    return false;
  }
}

function readDir(url: URL, suffix: string): string[] {
  return [...Deno.readDirSync(url)].map((e) => e.name).filter((n) => n.endsWith(suffix)).sort();
}

function loadAnnoCtr(): Doc[] {
  return readDir(ANNOCTR, ".txt").map((name) => ({
    name,
    text: Deno.readTextFileSync(new URL(name, ANNOCTR)),
    spans: [],
  }));
}

function loadTram(): Doc[] {
  return readDir(TRAM, ".mjson").map((name) => {
    const doc = JSON.parse(Deno.readTextFileSync(new URL(name, TRAM))) as {
      signal: string;
      asets: Array<{ type: string; annots: unknown[] }>;
    };
    const spans: Array<[number, number]> = [];
    for (const aset of doc.asets) {
      if (!TECHNIQUE_TYPE.test(aset.type)) continue;
      for (const annot of aset.annots) {
        if (Array.isArray(annot) && typeof annot[0] === "number" && typeof annot[1] === "number") {
          spans.push(trimSpan(doc.signal, annot[0], annot[1]));
        }
      }
    }
    return { name, text: doc.signal, spans: spans.filter(([s, e]) => e > s) };
  });
}

// Annotators often include the space or newline around a span; that is not part of the claim.
function trimSpan(text: string, start: number, end: number): [number, number] {
  while (start < end && isSpaceCode(text.charCodeAt(start))) start++;
  while (end > start && isSpaceCode(text.charCodeAt(end - 1))) end--;
  return [start, end];
}

function assertInvariants(doc: Doc, sentences: Sentence[], maxLength: number): void {
  let previousEnd = 0;
  for (const s of sentences) {
    const where = `${doc.name} @${s.start}`;
    assert.equal(doc.text.slice(s.start, s.end), s.text, where);
    assert.ok(s.start >= previousEnd, `${where}: out of order or overlapping`);
    assert.ok(s.end > s.start && s.end - s.start <= maxLength, `${where}: length ${s.text.length}`);
    assert.ok(!isSpaceCode(s.text.charCodeAt(0)), `${where}: leading whitespace`);
    assert.ok(!isSpaceCode(s.text.charCodeAt(s.text.length - 1)), `${where}: trailing whitespace`);
    previousEnd = s.end;
  }
}

Deno.test({
  name: "corpus: offsets are exact, ordered and non-overlapping on all real reports",
  ignore: !hasData,
  fn() {
    const docs = [...loadAnnoCtr(), ...loadTram()];
    assert.equal(docs.length, 186);
    for (const doc of docs) {
      assertInvariants(doc, splitSentences(doc.text), 600);
      assertInvariants(doc, splitSentences(doc.text, { maxLength: 80 }), 80);
    }
  },
});

Deno.test({
  name: "corpus: AnnoCTR segments well under a second",
  ignore: !hasData,
  fn() {
    const docs = loadAnnoCtr();
    splitSentences(docs[0].text); // warm up the regular expressions
    const t0 = performance.now();
    let count = 0;
    for (const doc of docs) count += splitSentences(doc.text).length;
    const ms = performance.now() - t0;
    console.log(`AnnoCTR: ${docs.length} docs, ${count} sentences in ${ms.toFixed(0)} ms`);
    // Generous bound: typically ~50 ms, but tests may share the CPU.
    assert.ok(ms < 1000, `${ms} ms`);
  },
});

Deno.test({
  name: "corpus: most TRAM gold technique spans lie within a single sentence",
  ignore: !hasData,
  fn() {
    let total = 0;
    let contained = 0;
    for (const doc of loadTram()) {
      const sentences = splitSentences(doc.text);
      for (const [start, end] of doc.spans) {
        total++;
        // Sentences are sorted: binary-search the last one starting at or before the span.
        let lo = 0, hi = sentences.length - 1, found = -1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          if (sentences[mid].start <= start) (found = mid), (lo = mid + 1);
          else hi = mid - 1;
        }
        if (found >= 0 && sentences[found].end >= end) contained++;
      }
    }
    const rate = contained / total;
    console.log(
      `TRAM: ${contained}/${total} gold spans within one sentence (${(rate * 100).toFixed(1)}%)`,
    );
    assert.ok(total > 3000, `only ${total} gold spans found`);
    assert.ok(rate >= MIN_SPAN_CONTAINMENT, `containment ${rate}`);
  },
});
