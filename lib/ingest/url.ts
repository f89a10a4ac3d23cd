/** Fetch a report from the web without letting the server be used to reach internal hosts. */
import { blockedAddressReason, isIpLiteral } from "./address.ts";
import { IngestError, maxInputBytes, tooLarge } from "./errors.ts";
import { ingestBytes } from "./ingest.ts";
import type { IngestedDocument, UrlOptions } from "./types.ts";
import { readLimited, StreamTooLarge } from "../runtime/stream.ts";
import { pinnedFetch } from "./pinned_fetch.ts";
import { envVar } from "../runtime/env.ts";

const DEFAULT_TIMEOUT_MS = 20_000;
const DEFAULT_MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const HEADERS = {
  "user-agent": "Mozilla/5.0 (compatible; ttp-mapper report ingestion)",
  accept: "text/html,application/xhtml+xml,application/pdf," +
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain;q=0.9,*/*;q=0.5",
};
const ADVICE = "Download the report in a browser and upload the file instead.";

/** Whether TTP_ALLOW_PRIVATE_URLS=1 is set (false when env access is not permitted). */
function envAllowsPrivate(): boolean {
  return envVar("TTP_ALLOW_PRIVATE_URLS") === "1";
}

/** Whether a proxy is configured for fetch (which then resolves names itself). */
function proxyConfigured(): boolean {
  return ["HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY"].some((v) =>
    envVar(v) || envVar(v.toLowerCase())
  );
}

/**
 * A and AAAA records for a host name via Deno.resolveDns; empty when the name does not exist.
 * Other failures (no permission, no resolver) are thrown rather than read as "no such host".
 */
async function resolveHost(hostname: string, signal?: AbortSignal): Promise<string[]> {
  const answers = await Promise.allSettled([
    Deno.resolveDns(hostname, "A", { signal }),
    Deno.resolveDns(hostname, "AAAA", { signal }),
  ]);
  const addresses = answers.flatMap((a) => (a.status === "fulfilled" ? a.value : []));
  const failure = answers.find((a): a is PromiseRejectedResult =>
    a.status === "rejected" && !(a.reason instanceof Deno.errors.NotFound)
  );
  if (addresses.length === 0 && failure) throw failure.reason;
  return addresses;
}

/** Parse and accept only http(s) URLs; `original` is what the user asked for, for messages. */
function parseHttpUrl(text: string, original: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new IngestError(
      "url_refused",
      `"${original}" is not a valid web address. Give a full URL starting with https://.`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new IngestError(
      "url_refused",
      `"${original}" uses ${url.protocol.replace(/:$/, "")}: only http:// and https:// addresses ` +
        "can be fetched. To analyse a local file, upload it instead.",
    );
  }
  return url;
}

function refused(original: string, target: string, reason: string): IngestError {
  const via = target === URL.parse(original.trim())?.href ? "" : ` (via ${target})`;
  return new IngestError(
    "url_refused",
    `"${original}"${via} points to an internal address (${reason}); fetching those is refused ` +
      `to protect the network this server runs in. ${ADVICE} ` +
      "On a trusted single-user install, set TTP_ALLOW_PRIVATE_URLS=1 to allow it.",
  );
}

/** Settle with `promise`, or reject once `signal` aborts (for resolvers that ignore signals). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
  });
  return Promise.race([promise, aborted]).finally(() =>
    signal.removeEventListener("abort", onAbort)
  );
}

/** Throw unless the URL's host (and every address it resolves to) is public. */
async function assertPublic(
  url: URL,
  original: string,
  lookup: (hostname: string) => Promise<string[]>,
  signal: AbortSignal,
): Promise<void> {
  // WHATWG URL parsing already turned 2130706433, 0x7f.1 and 017700000001 into 127.0.0.1.
  const host = url.hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost")) {
    throw refused(original, url.href, "loopback");
  }
  if (isIpLiteral(host)) {
    const reason = blockedAddressReason(host);
    if (reason) throw refused(original, url.href, reason);
    return;
  }
  const addresses = await untilAborted(lookup(host), signal);
  if (addresses.length === 0) {
    throw new IngestError(
      "fetch_failed",
      `"${original}": the host name ${host} could not be resolved. Check the address for typos.`,
    );
  }
  refuseInternal(addresses, original, url);
}

/** Throw `url_refused` if any address a host resolved to is internal. */
function refuseInternal(addresses: string[], original: string, url: URL): void {
  for (const address of addresses) {
    const reason = blockedAddressReason(address);
    if (reason) throw refused(original, `${url.href} → ${address}`, reason);
  }
}

/** Read a body into memory, stopping as soon as it passes `maxBytes`. */
async function readCapped(response: Response, maxBytes: number, name: string): Promise<Uint8Array> {
  const declared = Number(response.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge(name, declared, maxBytes);
  }
  if (!response.body) return new Uint8Array(0);
  try {
    return await readLimited(response.body, maxBytes);
  } catch (e) {
    if (e instanceof StreamTooLarge) throw tooLarge(name, undefined, maxBytes);
    throw e;
  }
}

/** Download a report over http(s) and turn it into text; `url` is the final URL after redirects. */
export async function ingestUrl(url: string, options: UrlOptions = {}): Promise<IngestedDocument> {
  const maxBytes = options.maxBytes ?? maxInputBytes();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const allowPrivate = options.allowPrivate ?? envAllowsPrivate();
  let current = parseHttpUrl(url.trim(), url);

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const lookup = options.lookup ?? ((host: string) => resolveHost(host, controller.signal));
  // The addresses are checked again where the connection is made, so a name that resolves to a
  // public address for the check and an internal one a moment later (DNS rebinding) is refused.
  // Behind a proxy the proxy resolves names, and fetch is the only way through it.
  const pinned = !allowPrivate && !proxyConfigured();
  const doFetch = options.fetch ??
    (pinned ? pinnedFetch(lookup, (addresses) => refuseInternal(addresses, url, current)) : fetch);
  try {
    for (let hop = 0;; hop++) {
      if (!allowPrivate) await assertPublic(current, url, lookup, controller.signal);
      const response = await doFetch(current, {
        redirect: "manual",
        signal: controller.signal,
        headers: HEADERS,
      });
      if (REDIRECTS.has(response.status)) {
        await response.body?.cancel();
        const location = response.headers.get("location");
        if (!location) {
          throw new IngestError(
            "fetch_failed",
            `"${url}": the server answered ${response.status} (redirect) without saying where to. ${ADVICE}`,
          );
        }
        if (hop >= maxRedirects) {
          throw new IngestError(
            "fetch_failed",
            `"${url}" redirected more than ${maxRedirects} times (last to ${location}). ${ADVICE}`,
          );
        }
        // Every hop is checked again: a public URL may redirect to an internal one.
        current = parseHttpUrl(new URL(location, current).href, url);
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new IngestError(
          "fetch_failed",
          `"${url}": the server answered ${response.status} ${response.statusText}`.trimEnd() +
            `. Check the address; if it opens in a browser, ${ADVICE[0].toLowerCase()}${
              ADVICE.slice(1)
            }`,
        );
      }
      const bytes = await readCapped(response, maxBytes, url);
      // The transfer is done: parsing has its own limits and must not be reported as a slow
      // download.
      clearTimeout(timer);
      const doc = await (options.parse ?? ingestBytes)(bytes, url, {
        maxBytes,
        contentType: response.headers.get("content-type") ?? undefined,
        typeHintName: current.pathname,
      });
      return { ...doc, name: url, url: current.href };
    }
  } catch (error) {
    // Only failures of the transfer itself become timeouts; a verdict on the content stands.
    if (controller.signal.aborted && !(error instanceof IngestError)) {
      throw new IngestError(
        "timeout",
        `"${url}" did not finish downloading within ${
          timeoutMs / 1000
        } s. The server may be slow ` +
          `or blocking automated downloads. ${ADVICE}`,
        { cause: error },
      );
    }
    if (error instanceof IngestError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new IngestError(
      "fetch_failed",
      `"${url}" could not be downloaded (${detail}). Check the address and the network. ${ADVICE}`,
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
  }
}
