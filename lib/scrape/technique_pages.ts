import { type FetchEvent, HttpError, PoliteFetcher } from "./fetcher.ts";
import { parseTechniquePage } from "./html.ts";
import type { ScrapedProcedure } from "./stix.ts";

/** The attack.mitre.org page of a technique ID (T1566.001 -> /techniques/T1566/001/). */
export function techniqueUrl(id: string, baseUrl = "https://attack.mitre.org"): string {
  return `${baseUrl.replace(/\/$/, "")}/techniques/${id.replace(".", "/")}/`;
}

/** Options of `scrapeTechniquePages`. */
export interface TechniquePagesOptions {
  fetcher: PoliteFetcher;
  /** Site root; tests point it at a loopback server. Default https://attack.mitre.org. */
  baseUrl?: string;
  /** Called after each page: pages done, total, the technique ID. */
  onProgress?: (done: number, total: number, id: string) => void;
}

/** Result of scraping technique pages: procedures, plus the pages that failed and why. */
export interface TechniquePagesResult {
  procedures: ScrapedProcedure[];
  failed: { id: string; error: string }[];
  fromCache: number;
}

/**
 * Scrape the Procedure Examples tables of technique pages, one polite request at a time. A page
 * that fails (404, parse error) is reported, not fatal.
 *
 * @example
 * const f = new PoliteFetcher({ cacheDir: "data/cache/attack-pages" });
 * const { procedures } = await scrapeTechniquePages(["T1566.001"], { fetcher: f });
 */
export async function scrapeTechniquePages(
  ids: string[],
  options: TechniquePagesOptions,
): Promise<TechniquePagesResult> {
  const out: TechniquePagesResult = { procedures: [], failed: [], fromCache: 0 };
  let done = 0;
  for (const id of ids) {
    try {
      const page = await options.fetcher.get(techniqueUrl(id, options.baseUrl));
      if (page.fromCache) out.fromCache++;
      const parsed = parseTechniquePage(page.text);
      for (const p of parsed.procedures) {
        out.procedures.push({ techniqueId: id, ...p, origin: "html" });
      }
    } catch (e) {
      out.failed.push({ id, error: e instanceof HttpError ? `HTTP ${e.status}` : String(e) });
    }
    options.onProgress?.(++done, ids.length, id);
  }
  return out;
}

export type { FetchEvent };
