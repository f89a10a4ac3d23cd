/** Fixtures for the ingest tests: where the real reports live, and tiny generated files. */

/** Real reports shared by the project (read-only; never copied into the repo). */
export const REPORTS_DIR = new URL("../../../shared/data/reports/", import.meta.url);

/** Read one real report by path relative to the reports folder. */
export function readReport(path: string): Promise<Uint8Array<ArrayBuffer>> {
  return Deno.readFile(new URL(path, REPORTS_DIR));
}

const encoder = new TextEncoder();

/** Assemble a PDF from object bodies (object i+1 is objects[i]) with a correct xref table. */
function assemblePdf(objects: string[], trailerExtra = ""): Uint8Array<ArrayBuffer> {
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("");
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\n`;
  out += `startxref\n${xref}\n%%EOF\n`;
  // PDF strings are bytes: write each char code as one byte (Latin-1), not UTF-8.
  return Uint8Array.from(out, (c) => c.charCodeAt(0) & 0xff);
}

/**
 * A PDF with one page per entry, each line drawn in Helvetica 11pt, 14pt apart. Text is in the
 * font's StandardEncoding, where "\xAE" is the fi ligature glyph.
 */
export function makeTextPdf(pages: string[][], title?: string): Uint8Array<ArrayBuffer> {
  const escape = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "", // page tree, filled in below
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  const kids: string[] = [];
  for (const lines of pages) {
    const ops = lines.map((l, i) => `${i === 0 ? "" : "0 -14 Td "}(${escape(l)}) Tj`).join("\n");
    const stream = `BT /F1 11 Tf 72 760 Td\n${ops}\nET`;
    objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${objects.length} 0 R ` +
        "/Resources << /Font << /F1 3 0 R >> >> >>",
    );
    kids.push(`${objects.length} 0 R`);
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.join(" ")}] /Count ${kids.length} >>`;
  if (title === undefined) return assemblePdf(objects);
  objects.push(`<< /Title (${escape(title)}) >>`);
  return assemblePdf(objects, `/Info ${objects.length} 0 R `);
}

/**
 * A PDF that needs a user password: a standard-security /Encrypt dictionary whose /U entry
 * matches no password we know, so readers must ask for one.
 */
export function makeEncryptedPdf(): Uint8Array<ArrayBuffer> {
  return assemblePdf(
    [
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
      `<< /Filter /Standard /V 1 /R 2 /O <${"11".repeat(32)}> /U <${"22".repeat(32)}> /P -4 >>`,
    ],
    `/Encrypt 4 0 R /ID [<${"ab".repeat(16)}> <${"ab".repeat(16)}>] `,
  );
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of data) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A raw-deflated entry whose directory declares `declaredSize` (a lying size for bomb tests). */
export interface DeflatedEntry {
  deflated: Uint8Array;
  declaredSize: number;
}

/** A ZIP archive with the given text files (stored uncompressed) or deflated entries. */
export function makeZip(files: Record<string, string | DeflatedEntry>): Uint8Array<ArrayBuffer> {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const nameBytes = encoder.encode(name);
    const deflated = typeof content === "string" ? undefined : content;
    const data = deflated ? deflated.deflated : encoder.encode(content as string);
    const size = deflated ? deflated.declaredSize : data.length;
    const method = deflated ? 8 : 0;
    const crc = deflated ? 0 : crc32(data);
    const local = new Uint8Array(30 + nameBytes.length + data.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, method, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, data.length, true);
    lv.setUint32(22, size, true);
    lv.setUint16(26, nameBytes.length, true);
    local.set(nameBytes, 30);
    local.set(data, 30 + nameBytes.length);
    const central = new Uint8Array(46 + nameBytes.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, method, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, data.length, true);
    cv.setUint32(24, size, true);
    cv.setUint16(28, nameBytes.length, true);
    cv.setUint32(42, offset, true);
    central.set(nameBytes, 46);
    locals.push(local);
    centrals.push(central);
    offset += local.length;
  }
  const centralSize = centrals.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, centrals.length, true);
  ev.setUint16(10, centrals.length, true);
  ev.setUint32(12, centralSize, true);
  ev.setUint32(16, offset, true);
  const parts = [...locals, ...centrals, end];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A minimal Word document whose body is the given WordprocessingML (w:p, w:tbl...). */
export function makeDocx(bodyXml: string): Uint8Array<ArrayBuffer> {
  const w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
  return makeZip({
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?>' +
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
      "</Types>",
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?>' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
      "</Relationships>",
    "word/document.xml": `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${w}">` +
      `<w:body>${bodyXml}</w:body></w:document>`,
  });
}

/** A Word paragraph, optionally with a paragraph style such as "Heading1". */
export function wPara(text: string, style?: string): string {
  const props = style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : "";
  return `<w:p>${props}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
}
