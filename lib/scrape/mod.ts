/**
 * Scraping ATT&CK and cited reports: the official STIX data (file or URL), attack.mitre.org
 * technique pages (Procedure Examples tables) and report pages parsed with cheerio, through a
 * polite fetcher (rate limit, retries, disk cache) with a progress display.
 *
 * @example
 * import { loadStixBundle, PoliteFetcher, scrapeStix, scrapeTechniquePages } from "./lib/scrape/mod.ts";
 * const attack = scrapeStix(await loadStixBundle("../shared/data/attack/enterprise-attack.json"));
 * const fetcher = new PoliteFetcher({ cacheDir: "data/cache/html", minIntervalMs: 1000 });
 * const { procedures } = await scrapeTechniquePages(["T1566.001"], { fetcher });
 */
export * from "./fetcher.ts";
export * from "./html.ts";
export * from "./stix.ts";
export * from "./technique_pages.ts";
export * from "./rows.ts";
export * from "./progress.ts";
