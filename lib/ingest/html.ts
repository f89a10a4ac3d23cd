/** HTML: find the article, drop page furniture, and serialise blocks as paragraphs and lines. */
import { type CheerioAPI, load } from "cheerio";
import { type AnyNode, type Element, hasChildren, isTag, isText } from "domhandler";
import { IngestError } from "./errors.ts";
import { guessTitle, normalizeText, oneLine } from "./normalize.ts";
import { decodeText } from "./plain.ts";
import type { Extracted } from "./types.ts";

/** Never text: removed everywhere before anything else. */
const NEVER_TEXT =
  "script, style, noscript, template, svg, math, iframe, object, embed, canvas, video, audio, " +
  "select, button, input, textarea, link, [hidden], [aria-hidden=true]";

/** Page furniture by tag or ARIA role, removed inside the chosen article. */
const FURNITURE =
  "nav, aside, footer, form, dialog, [role=navigation], [role=banner], [role=contentinfo], " +
  "[role=complementary], [role=search], [role=dialog], [role=alert]";

/** class/id words that mark navigation, sharing, comments, cookie banners and the like. */
const FURNITURE_WORD =
  /^(?:nav|navbar|navigation|menu|menubar|submenu|footer|sidebar|cookies?|consent|gdpr|share|sharing|sharebar|social|socials|comments?|disqus|breadcrumbs?|related|subscribe|subscription|newsletter|signup|advert|advertisement|ads?|promo|popup|modal|skip|pagination|pager|toolbar|tags|widget|masthead|banner)$/i;

/** Elements that end a paragraph; their text stands apart by a blank line. */
const PARAGRAPH = new Set([
  "p",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "blockquote",
  "pre",
  "table",
  "ul",
  "ol",
  "dl",
  "figure",
  "section",
  "article",
  "main",
  "header",
  "footer",
  "aside",
  "nav",
  "address",
  "details",
  "hr",
  "body",
]);

/** Elements that end a line. */
const LINE = new Set(["div", "dt", "dd", "caption", "figcaption", "summary", "tr", "li", "br"]);

/** Text length with whitespace collapsed, for comparing candidate containers. */
function textLength($: CheerioAPI, el: AnyNode): number {
  return $(el).text().replace(/\s+/g, " ").trim().length;
}

function isFurnitureByName(el: Element): boolean {
  const words = `${el.attribs.class ?? ""} ${el.attribs.id ?? ""}`.split(/[\s_-]+/);
  return words.some((w) => FURNITURE_WORD.test(w));
}

/** The element holding the article: <article>/<main>/[role=main], else the densest paragraphs. */
function pickRoot($: CheerioAPI): AnyNode {
  const body: AnyNode = $("body").get(0) ?? $.root().get(0)!;
  const bodyLength = textLength($, body);
  const scored = $("article, main, [role=main], [itemprop=articleBody]").toArray()
    .map((el) => ({ el, len: textLength($, el) }))
    .sort((a, b) => b.len - a.len);
  let best = scored[0];
  if (best) {
    // Prefer the innermost candidate that still holds most of the text (article inside main).
    for (const c of scored) {
      if (c.len >= best.len * 0.6 && c.el !== best.el && $(best.el).find(c.el).length > 0) best = c;
    }
    if (best.len >= bodyLength * 0.25) return best.el;
  }
  const score = new Map<Element, number>();
  $("p, pre").each((_, p) => {
    const len = textLength($, p);
    const parent = p.parent;
    if (parent && isTag(parent)) {
      score.set(parent, (score.get(parent) ?? 0) + len);
      const grand = parent.parent;
      if (grand && isTag(grand)) score.set(grand, (score.get(grand) ?? 0) + len / 2);
    }
  });
  let dense: Element | undefined;
  let top = 0;
  for (const [el, s] of score) if (s > top) [dense, top] = [el, s];
  if (dense && textLength($, dense) >= bodyLength * 0.25) return dense;
  return body;
}

/** Remove navigation, sharing, comment and cookie blocks inside the root, sparing big wrappers. */
function dropFurniture($: CheerioAPI, root: AnyNode): void {
  const rootLength = Math.max(1, textLength($, root));
  const r = $(root);
  const doomed = [
    ...r.find(FURNITURE).toArray(),
    ...r.find("header").toArray().filter((h) => $(h).find("h1").length === 0),
    // A class like "hero-banner" may wrap the headline, which is content.
    ...r.find("[class], [id]").toArray()
      .filter((el) => isFurnitureByName(el) && $(el).find("h1").length === 0),
  ];
  for (const el of doomed) {
    // A mislabelled wrapper ("page sidebar-layout") can hold the article itself.
    if (textLength($, el) < rootLength * 0.5) $(el).remove();
  }
}

/**
 * The page headline when the chosen article does not contain it (CMS pages often put the <h1>
 * above the article body): the first <h1> and an <h2> subtitle right after it.
 */
function headlineOutside($: CheerioAPI, root: AnyNode): Element[] {
  if ($(root).find("h1").length > 0) return [];
  const h1 = $("body h1").first();
  if (h1.length === 0 || h1.text().trim() === "") return [];
  const subtitle = h1.next("h2");
  return [...h1.toArray(), ...subtitle.toArray()];
}

/** Accumulates text and the strongest pending break between blocks. */
class TextSink {
  #parts: string[] = [];
  #pending = 0;
  #bulletOpen = false;

  text(s: string): void {
    // Whitespace between blocks is source formatting, not content.
    if (s.trim() === "" && (this.#pending > 0 || this.#parts.length === 0)) return;
    if (this.#pending > 0 && this.#parts.length > 0) {
      this.#parts.push(this.#pending === 2 ? "\n\n" : "\n");
    }
    this.#pending = 0;
    this.#parts.push(s);
    if (s.trim()) this.#bulletOpen = false;
  }

  brk(strength: 1 | 2): void {
    // A paragraph right inside a list item must not separate the bullet from its text.
    if (this.#bulletOpen) return;
    this.#pending = Math.max(this.#pending, strength);
  }

  bullet(): void {
    this.brk(1);
    this.text("- ");
    this.#bulletOpen = true;
  }

  toString(): string {
    return this.#parts.join("");
  }
}

function cellText(cell: Element, pre: boolean): string {
  const sink = new TextSink();
  for (const child of cell.children) walk(child, sink, pre, 0);
  return sink.toString().replace(/\s*\n\s*/g, " ").trim();
}

/** Serialise a table row as "a | b | c", or cell by cell when the table is really layout. */
function row(tr: Element, sink: TextSink, pre: boolean, depth: number): void {
  const cells = tr.children.filter(isTag).filter((c) => c.name === "td" || c.name === "th");
  const texts = cells.map((c) => cellText(c, pre));
  sink.brk(1);
  if (texts.some((t) => t.length > 400)) {
    for (const c of cells) {
      sink.brk(2);
      for (const child of c.children) walk(child, sink, pre, depth);
      sink.brk(2);
    }
    return;
  }
  const line = texts.filter((t) => t.length > 0).join(" | ");
  if (line) sink.text(line);
  sink.brk(1);
}

function walk(node: AnyNode, sink: TextSink, pre: boolean, listDepth: number): void {
  if (isText(node)) {
    sink.text(pre ? node.data : node.data.replace(/\s+/g, " "));
    return;
  }
  if (!isTag(node)) {
    if (node.type === "root") {
      for (const child of node.children) walk(child, sink, pre, listDepth);
    }
    return;
  }
  const name = node.name;
  if (name === "br") return sink.brk(1);
  if (name === "hr") return sink.brk(2);
  if (name === "img") return;
  if (name === "tr") return row(node, sink, pre, listDepth);
  const inPre = pre || name === "pre";
  const nested = (name === "ul" || name === "ol") && listDepth > 0;
  const strength = nested ? 1 : PARAGRAPH.has(name) ? 2 : LINE.has(name) ? 1 : 0;
  if (strength) sink.brk(strength);
  if (name === "li") sink.bullet();
  const depth = name === "li" ? listDepth + 1 : listDepth;
  for (const child of node.children) walk(child, sink, inPre, depth);
  if (strength) sink.brk(strength);
}

function metaContent($: CheerioAPI, selector: string): string {
  return oneLine($(selector).first().attr("content") ?? "");
}

/** Best title: og:title, then <title>, then the first <h1>. */
function pageTitle($: CheerioAPI): string {
  return metaContent($, 'meta[property="og:title"], meta[name="og:title"]') ||
    metaContent($, 'meta[name="twitter:title"]') ||
    oneLine($("title").first().text()) ||
    oneLine($("h1").first().text()) ||
    oneLine($("h2, h3").first().text());
}

// Real pages nest a few dozen elements deep. The text walk (and cheerio's own text helpers)
// recurse, so a page nested thousands deep would overflow the stack after minutes of work.
const MAX_NESTING = 500;
// The tag count before parsing overstates the depth of sloppy pages, so it may go further.
const ROUGH_LIMIT = 2_000;

/** Deepest element nesting under a node, counted without recursion (stops past the limit). */
function nestingDepth(root: AnyNode): number {
  let deepest = 0;
  const stack: [AnyNode, number][] = [[root, 0]];
  while (stack.length && deepest <= MAX_NESTING) {
    const [node, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    if (hasChildren(node)) { for (const child of node.children) stack.push([child, depth + 1]); }
  }
  return deepest;
}

// Elements that never hold children, or whose end tag pages often leave out (so counting their
// start tags would overstate how deep a sloppy page nests).
const NO_DEPTH = new Set(
  ("area base br col embed hr img input link meta param source track wbr " +
    "p li dt dd tr td th option optgroup thead tbody tfoot colgroup rb rt rp").split(" "),
);
const TAG = /<!--[\s\S]*?(?:-->|$)|<(\/?)([a-z][\w:-]*)[^>]*?(\/?)>/gi;
const RAW_TEXT = new Set(["script", "style", "textarea", "title", "xmp", "plaintext"]);

/**
 * Nesting depth read from the tags alone, without parsing, stopping past `limit`. The parser
 * takes time that grows with the square of the depth (a minute for 100,000 levels), so a page
 * built that way is refused before it is parsed.
 */
export function roughNestingDepth(html: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  const lower = html.toLowerCase();
  const tags = new RegExp(TAG);
  for (let m = tags.exec(html); m && deepest <= limit; m = tags.exec(html)) {
    const [, closing, tag, selfClosing] = m;
    if (!tag) continue; // a comment
    const name = tag.toLowerCase();
    if (NO_DEPTH.has(name) || selfClosing) continue;
    if (closing) {
      depth = Math.max(0, depth - 1);
    } else if (RAW_TEXT.has(name)) {
      // Their content is text, not tags: skip to the end tag.
      const end = lower.indexOf(`</${name}`, tags.lastIndex);
      tags.lastIndex = end < 0 ? html.length : end;
      deepest = Math.max(deepest, ++depth);
    } else deepest = Math.max(deepest, ++depth);
  }
  return deepest;
}

function tooDeep(name: string): IngestError {
  return new IngestError(
    "corrupt",
    `"${name}" nests its HTML elements more than ${MAX_NESTING} levels deep, which no real ` +
      "report does. Save the page's text (or print it to PDF) and upload that instead.",
  );
}

/** Extract the article text and title from an HTML string (`name` names it in errors). */
export function htmlToText(html: string, name = "the page"): Extracted {
  if (roughNestingDepth(html, ROUGH_LIMIT) > ROUGH_LIMIT) throw tooDeep(name);
  const $ = load(html);
  if (nestingDepth($.root()[0]) > MAX_NESTING) throw tooDeep(name);
  const title = pageTitle($);
  $(NEVER_TEXT).remove();
  const root = pickRoot($);
  dropFurniture($, root);
  const sink = new TextSink();
  for (const heading of headlineOutside($, root)) walk(heading, sink, false, 0);
  walk(root, sink, false, 0);
  const text = normalizeText(sink.toString());
  return { title: title || guessTitle(text), text };
}

/** Charset from a Content-Type header value, e.g. "text/html; charset=Shift_JIS". */
function charsetParam(contentType: string | undefined): string | undefined {
  return contentType?.match(/charset\s*=\s*["']?([\w.:-]+)/i)?.[1];
}

/** Charset from <meta charset> or <meta http-equiv> in the first 4 KiB. */
function metaCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 4096));
  return head.match(/<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i)?.[1];
}

/** Decode HTML bytes using the BOM, the HTTP charset, <meta charset>, else UTF-8/Windows-1252. */
export function decodeHtml(bytes: Uint8Array, name: string, contentType?: string): string {
  return decodeText(bytes, name, charsetParam(contentType) ?? metaCharset(bytes));
}
