import assert from "node:assert/strict";
import { decodeHtml, htmlToText, roughNestingDepth } from "./html.ts";
import { IngestError } from "./errors.ts";
import { ingestBytes } from "./ingest.ts";
import { readReport } from "./test_util.ts";

const PAGE = `<!doctype html><html><head>
<title>Fallback Title</title>
<meta property="og:title" content="APT Report &amp; Analysis">
<style>.x { color: red }</style><script>var tracking = "SCRIPT_TEXT";</script>
</head><body>
<header class="site-header"><nav><a href="/">Home</a> <a>NAV_TEXT</a></nav></header>
<div id="cookie-banner">We use cookies. COOKIE_TEXT</div>
<main>
  <article>
    <header><h1>Operation Example</h1><div class="share-buttons">SHARE_TEXT</div></header>
    <p>The actor used <b>spear&shy;phishing</b> &amp; PowerShell&nbsp;scripts.</p>
    <p>Line one<br>Line two</p>
    <ul>
      <li>First item</li>
      <li>Second <ul><li><p>Nested item</p></li></ul></li>
    </ul>
    <table>
      <tr><th>Hash</th><th>Type</th><td></td></tr>
      <tr><td>abc123</td><td><p>dropper</p><p>stage 1</p></td></tr>
    </table>
    <pre>cmd.exe /c whoami
net user</pre>
    <aside class="related-posts">RELATED_TEXT</aside>
    <section id="comments">COMMENT_TEXT</section>
    <form action="/subscribe">SUBSCRIBE_FORM</form>
  </article>
</main>
<footer>FOOTER_TEXT</footer>
<noscript>NOSCRIPT_TEXT</noscript><svg><text>SVG_TEXT</text></svg>
</body></html>`;

Deno.test("htmlToText keeps the article and lays out blocks, lists, tables and pre", () => {
  const { title, text } = htmlToText(PAGE);
  assert.equal(title, "APT Report & Analysis");
  assert.equal(
    text,
    "Operation Example\n\n" +
      "The actor used spearphishing & PowerShell scripts.\n\n" +
      "Line one\nLine two\n\n" +
      "- First item\n- Second\n- Nested item\n\n" +
      "Hash | Type\nabc123 | dropper stage 1\n\n" +
      "cmd.exe /c whoami\nnet user",
  );
});

Deno.test("htmlToText drops scripts, navigation, banners, sharing, comments and footers", () => {
  const { text } = htmlToText(PAGE);
  for (
    const junk of [
      "SCRIPT",
      "NAV",
      "COOKIE",
      "SHARE",
      "RELATED",
      "COMMENT",
      "SUBSCRIBE",
      "FOOTER",
      "NOSCRIPT",
      "SVG",
      "color: red",
    ]
  ) {
    assert.ok(!text.includes(junk), `${junk} leaked into: ${text}`);
  }
});

Deno.test("htmlToText finds the densest paragraphs when there is no <article> or <main>", () => {
  const para = "Threat actors exfiltrated data over DNS tunnelling to evade detection. ".repeat(4);
  const html = `<html><head><title>Blog &mdash; Post</title></head><body>
    <div class="menu"><a>Products</a><a>Pricing</a><a>About us and our long story of links</a></div>
    <div class="content"><h2>Findings</h2><p>${para}</p><p>${para}</p></div>
    <div class="sidebar"><p>Popular posts</p></div></body></html>`;
  const { title, text } = htmlToText(html);
  assert.equal(title, "Blog — Post");
  assert.ok(text.startsWith("Findings\n\nThreat actors exfiltrated"), text);
  assert.ok(!text.includes("Pricing") && !text.includes("Popular posts"), text);
});

Deno.test("htmlToText titles by <title>, then <h1>, then the first line", () => {
  assert.equal(htmlToText("<title> A \n B </title><p>x</p>").title, "A B");
  assert.equal(htmlToText("<h1>Heading One</h1><p>x</p>").title, "Heading One");
  assert.equal(htmlToText("<p>The first paragraph line</p>").title, "The first paragraph line");
});

Deno.test("htmlToText keeps a data table inside a huge layout table readable", () => {
  const long = "Campaign narrative sentence that goes on. ".repeat(15);
  const html = `<table><tr><td>nav</td><td><p>${long}</p></td></tr></table>`;
  const { text } = htmlToText(html);
  assert.ok(!text.includes(" | "), "layout table must not be flattened into one row");
  assert.ok(text.includes("Campaign narrative"));
});

Deno.test("decodeHtml honours the HTTP charset and <meta charset>", () => {
  const latin1 = new Uint8Array([0x3c, 0x70, 0x3e, 0x63, 0x61, 0x66, 0xe9]); // <p>café
  assert.equal(decodeHtml(latin1, "a.html", "text/html; charset=ISO-8859-1"), "<p>café");
  const meta = new TextEncoder().encode('<meta charset="windows-1251"><p>');
  const cyr = new Uint8Array([...meta, 0xcf, 0xf0, 0xe8]); // "При"
  assert.equal(decodeHtml(cyr, "b.html").endsWith("<p>При"), true);
});

Deno.test("real CISA page AA20-302A.html: article text without page furniture", async () => {
  const bytes = await readReport("AA20-302A.html");
  const { title, text } = htmlToText(decodeHtml(bytes, "AA20-302A.html"));
  assert.equal(
    title,
    "Ransomware Activity Targeting the Healthcare and Public Health Sector | CISA",
  );
  assert.ok(text.length > 10_000, `only ${text.length} chars`);
  assert.ok(text.includes("anchor_dns uses a single-byte XOR cipher"));
  assert.ok(text.includes("- C:\\Windows\\SysWOW64\\"), "list items keep their bullet");
  for (
    const junk of [
      "NREUM",
      "function(",
      "Toggle navigation",
      "CertMain Menu",
      "Enter Search Terms",
      "Official websites use .gov",
      "Subscribe to Alerts",
      "Download PGP/GPG keys",
    ]
  ) {
    assert.ok(!text.includes(junk), `page furniture leaked: ${junk}`);
  }
});

Deno.test("HTML nested thousands of levels deep is refused clearly, not with a stack overflow", async () => {
  const n = 5000;
  const page = `<html><body>${"<div>".repeat(n)}x${"</div>".repeat(n)}</body></html>`;
  await assert.rejects(
    () => ingestBytes(new TextEncoder().encode(page), "deep.html"),
    (e) => e instanceof IngestError && e.code === "corrupt" && /"deep\.html" nests/.test(e.message),
  );
  // Ordinary nesting (a few hundred levels at most in real pages) still reads.
  const ok = `<html><body>${"<div>".repeat(200)}The actor used PowerShell.${
    "</div>".repeat(200)
  }</body></html>`;
  assert.match(htmlToText(ok).text, /The actor used PowerShell\./);
});

Deno.test("HTML nested 100,000 levels deep is refused before parsing (the parser would take a minute)", () => {
  const n = 100_000;
  const page = `<html><body>${"<div>".repeat(n)}x${"</div>".repeat(n)}</body></html>`;
  const started = performance.now();
  assert.throws(() => htmlToText(page, "deeper.html"), /"deeper\.html" nests/);
  // Generous bound: parsing this page first takes 40-70 s on this machine.
  assert.ok(performance.now() - started < 10_000);
});

Deno.test("roughNestingDepth: void elements, optional end tags, comments and script text add no depth", () => {
  const sloppy = "<ul>" + "<li><p>item <br> <img src=x>".repeat(5000) + "</ul>" +
    "<!-- <div><div><div> -->" + "<script>for (i=0;i<9;i++) '<div>'.repeat(9)</script>" +
    "<div><span>ok</span></div>";
  assert.equal(roughNestingDepth(sloppy, 2000), 2);
  assert.equal(roughNestingDepth("<div>".repeat(3000), 2000), 2001);
});
