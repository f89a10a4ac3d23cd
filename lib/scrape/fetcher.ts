import { join } from "node:path";

/** Options of a `PoliteFetcher`. */
export interface FetcherOptions {
  /** Folder of cached responses (one file per URL); none = no cache. */
  cacheDir?: string;
  /** Minimum time between two requests to the same host, in ms. Default 1000. */
  minIntervalMs?: number;
  /** Retries after a network error, 429 or 5xx. Default 3. */
  retries?: number;
  /** First retry delay in ms, doubled each time (a Retry-After header wins). Default 500. */
  backoffMs?: number;
  /** Per-request timeout in ms. Default 20000. */
  timeoutMs?: number;
  /** Only read the cache; a miss is an error (offline runs). Default false. */
  offline?: boolean;
  userAgent?: string;
  /** Called after every URL with how it went. */
  onFetch?: (event: FetchEvent) => void;
  /** The fetch to use (tests inject one). Default globalThis.fetch. */
  fetch?: typeof fetch;
}

/** What happened to one URL. */
export interface FetchEvent {
  url: string;
  status: number;
  fromCache: boolean;
  attempts: number;
}

/** A fetched page. */
export interface FetchedPage {
  url: string;
  status: number;
  text: string;
  fromCache: boolean;
}

/** An HTTP error that retrying will not fix (404, 403, …). */
export class HttpError extends Error {
  constructor(readonly url: string, readonly status: number) {
    super(`${url}: HTTP ${status}`);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function sha256(text: string): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * A polite HTTP client for scraping: one request at a time per host with a minimum interval,
 * retries with exponential backoff (honouring Retry-After), and a disk cache so reruns and
 * offline runs cost nothing.
 *
 * @example
 * const f = new PoliteFetcher({ cacheDir: "data/cache/html", minIntervalMs: 1000 });
 * const page = await f.get("https://attack.mitre.org/techniques/T1566/001/");
 */
export class PoliteFetcher {
  #o: FetcherOptions;
  #lastByHost = new Map<string, Promise<number>>();

  constructor(options: FetcherOptions = {}) {
    this.#o = options;
  }

  /** Path of the cache file for a URL (undefined without a cache). */
  async cachePath(url: string): Promise<string | undefined> {
    return this.#o.cacheDir ? join(this.#o.cacheDir, `${await sha256(url)}.html`) : undefined;
  }

  /** Whether a URL is already in the cache. */
  async cached(url: string): Promise<boolean> {
    const path = await this.cachePath(url);
    if (!path) return false;
    try {
      return (await Deno.stat(path)).isFile;
    } catch {
      return false;
    }
  }

  // Wait for this host's turn; returns when the request may start.
  async #turn(host: string): Promise<void> {
    const interval = this.#o.minIntervalMs ?? 1000;
    const previous = this.#lastByHost.get(host) ?? Promise.resolve(0);
    const mine = previous.then(async (last) => {
      const wait = last + interval - Date.now();
      if (wait > 0) await sleep(wait);
      return Date.now();
    });
    this.#lastByHost.set(host, mine);
    await mine;
  }

  /** GET a URL as text: from the cache when there, else politely from the network. */
  async get(url: string): Promise<FetchedPage> {
    const path = await this.cachePath(url);
    if (path && await this.cached(url)) {
      const text = await Deno.readTextFile(path);
      this.#o.onFetch?.({ url, status: 200, fromCache: true, attempts: 0 });
      return { url, status: 200, text, fromCache: true };
    }
    if (this.#o.offline) throw new Error(`${url}: not in the cache and running offline`);
    const doFetch = this.#o.fetch ?? fetch;
    const retries = this.#o.retries ?? 3;
    let delay = this.#o.backoffMs ?? 500;
    const host = new URL(url).host;
    for (let attempt = 1;; attempt++) {
      await this.#turn(host);
      let status = 0;
      let retryAfter = 0;
      try {
        const res = await doFetch(url, {
          headers: { "user-agent": this.#o.userAgent ?? "ttp-mapper/1 (research; polite)" },
          signal: AbortSignal.timeout(this.#o.timeoutMs ?? 20_000),
        });
        status = res.status;
        if (res.ok) {
          const text = await res.text();
          if (path) {
            await Deno.mkdir(this.#o.cacheDir!, { recursive: true });
            await Deno.writeTextFile(path, text);
          }
          this.#o.onFetch?.({ url, status, fromCache: false, attempts: attempt });
          return { url, status, text, fromCache: false };
        }
        retryAfter = Number(res.headers.get("retry-after")) * 1000 || 0;
        await res.body?.cancel();
        if (status !== 429 && status < 500) {
          this.#o.onFetch?.({ url, status, fromCache: false, attempts: attempt });
          throw new HttpError(url, status);
        }
      } catch (e) {
        if (e instanceof HttpError) throw e;
        if (attempt > retries) throw new Error(`${url}: ${(e as Error).message}`);
      }
      if (attempt > retries) {
        this.#o.onFetch?.({ url, status, fromCache: false, attempts: attempt });
        throw new HttpError(url, status);
      }
      await sleep(Math.max(delay, retryAfter));
      delay *= 2;
    }
  }
}
