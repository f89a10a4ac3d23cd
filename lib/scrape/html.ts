import * as cheerio from "cheerio";

/** A procedure example as the technique page's table shows it. */
export interface PageProcedure {
  /** Group, software or campaign ID, e.g. "G0007". */
  sourceId: string;
  sourceName: string;
  /** Description text with the numbered citation markers ("[3]") still in it. */
  text: string;
}

/** What an ATT&CK technique page says. */
export interface TechniquePage {
  id: string;
  name: string;
  /** Tactic names from the page's card. */
  tactics: string[];
  description: string;
  procedures: PageProcedure[];
}

const collapse = (s: string) => s.replace(/\s+/g, " ").trim();

/**
 * Parse an attack.mitre.org technique page: ID and tactics from the card, the description, and
 * the Procedure Examples table (ID, Name, Description columns).
 *
 * @example
 * const page = parseTechniquePage(await (await fetch(url)).text());
 * page.procedures[0]; // { sourceId: "C0028", sourceName: "2015 Ukraine …", text: "During … [2]" }
 */
export function parseTechniquePage(html: string): TechniquePage {
  const $ = cheerio.load(html);
  const card = (title: string) =>
    $(".card-data").filter((_, el) => $(el).find(".card-title").text().includes(title)).first();
  const idCard = $("#card-id").length ? $("#card-id") : card("ID:");
  const id = collapse(idCard.text()).replace(/^ID:\s*/, "");
  const h1 = $("h1").first().clone();
  const parent = collapse(h1.find("#subtechnique-parent-name").text()).replace(/:$/, "");
  h1.find("#subtechnique-parent-name").remove();
  const own = collapse(h1.text());
  const name = parent ? `${parent}: ${own}` : own;
  const tactics = $("#card-tactics a").map((_, a) => collapse($(a).text())).get();
  const description = $(".description-body").first().find("p").map((_, p) => collapse($(p).text()))
    .get().join("\n\n");
  const heading = $("h2#examples").first();
  const table = heading.nextAll().find("table").addBack("table").first();
  const procedures: PageProcedure[] = [];
  table.find("tbody tr").each((_, tr) => {
    const cells = $(tr).children("td");
    if (cells.length < 3) return;
    const sourceId = collapse($(cells[0]).text());
    if (!/^[GSC]\d{4}$/.test(sourceId)) return;
    procedures.push({
      sourceId,
      sourceName: collapse($(cells[1]).text()),
      text: collapse($(cells[2]).text()),
    });
  });
  if (!/^T\d{4}(\.\d{3})?$/.test(id)) throw new Error("not an ATT&CK technique page: no ID card");
  return { id, name, tactics, description, procedures };
}

/** The readable text of a report page. */
export interface ReportPage {
  title: string;
  text: string;
}

const BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, pre, blockquote, td, th, figcaption";
const NOISE = "script, style, noscript, template, svg, nav, header, footer, aside, form, " +
  "iframe, button, [role=navigation], [aria-hidden=true], .sidebar, .share, .related, .comments";

/**
 * Extract the article text of a report page (a vendor blog post or advisory): the title, then
 * headings, paragraphs, list items and table cells of the main content, one block per paragraph.
 *
 * @example
 * const { title, text } = parseReportPage(html);
 */
export function parseReportPage(html: string): ReportPage {
  const $ = cheerio.load(html);
  const title = collapse($("meta[property='og:title']").attr("content") ?? "") ||
    collapse($("h1").first().text()) || collapse($("title").first().text());
  $(NOISE).remove();
  // The main content: <article>/<main> when present, else the element holding the most <p> text.
  let root = $("article").first();
  if (!root.length) root = $("main, [role=main]").first();
  if (!root.length) {
    let best = $("body");
    let bestLen = 0;
    $("div, section").each((_, el) => {
      const len = $(el).children("p").text().length;
      if (len > bestLen) {
        bestLen = len;
        best = $(el);
      }
    });
    root = best;
  }
  const blocks: string[] = [];
  root.find(BLOCKS).each((_, el) => {
    // Leaf blocks only, so nested <li><p> is not read twice.
    if ($(el).find(BLOCKS).length) return;
    const text = collapse($(el).text());
    if (text) blocks.push(text);
  });
  const text = blocks.length ? blocks.join("\n\n") : collapse(root.text());
  return { title, text };
}

/** Links on a page whose href matches a pattern, resolved against the page URL. */
export function pageLinks(html: string, baseUrl: string, pattern: RegExp): string[] {
  const $ = cheerio.load(html);
  const out = new Set<string>();
  $("a[href]").each((_, a) => {
    try {
      const url = new URL($(a).attr("href")!, baseUrl).href;
      if (pattern.test(url)) out.add(url);
    } catch { /* not a URL */ }
  });
  return [...out];
}
