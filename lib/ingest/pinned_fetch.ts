/**
 * A fetch for one GET that resolves host names itself and checks the addresses it will connect
 * to, at connect time. Checking a name and then handing it to `fetch` leaves a gap: the name can
 * resolve to a public address for the check and to an internal one for the connection (DNS
 * rebinding). node:http takes a `lookup` function, so here the checked address is the one used.
 */
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { pipeline, Readable } from "node:stream";
import zlib from "node:zlib";

/** Resolves a host name to IP addresses (A and AAAA). */
export type Resolver = (hostname: string) => Promise<string[]>;

/** Throws (with a message for the user) when a host's addresses must not be connected to. */
export type AddressCheck = (addresses: string[]) => void;

// Statuses whose responses never carry a body (a Response with one cannot be built).
const NULL_BODY = new Set([101, 204, 205, 304]);

function familyOf(address: string): 4 | 6 {
  return address.includes(":") ? 6 : 4;
}

/** A node `lookup` that resolves with `resolve` and refuses through `check` before connecting. */
function checkedLookup(resolve: Resolver, check: AddressCheck): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then((addresses) => {
      if (addresses.length === 0) throw new Error(`${hostname} has no address`);
      check(addresses);
      if (options.all) {
        const all = addresses.map((address) => ({ address, family: familyOf(address) }));
        (callback as (e: null, a: typeof all) => void)(null, all);
      } else callback(null, addresses[0], familyOf(addresses[0]));
    }).catch((error) => callback(error as NodeJS.ErrnoException, "", 4));
  };
}

const DECODERS: Record<string, () => zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress> = {
  gzip: zlib.createGunzip,
  "x-gzip": zlib.createGunzip,
  deflate: zlib.createInflate,
  br: zlib.createBrotliDecompress,
};

/** The body as a web stream, decompressed when the server encoded it in a way we know. */
function bodyOf(res: http.IncomingMessage): { body: ReadableStream<Uint8Array>; decoded: boolean } {
  const encoding = String(res.headers["content-encoding"] ?? "").trim().toLowerCase();
  const decoder = DECODERS[encoding]?.();
  if (!decoder) return { body: Readable.toWeb(res) as ReadableStream<Uint8Array>, decoded: false };
  // pipeline destroys both ends on an error, so a corrupt stream ends the read instead of hanging.
  const body = Readable.toWeb(pipeline(res, decoder, () => {})) as ReadableStream<Uint8Array>;
  return { body, decoded: true };
}

/**
 * A `fetch` that only performs GET without following redirects, connecting only to addresses
 * `check` accepts. IP literals are connected to directly (check them before calling).
 */
export function pinnedFetch(resolve: Resolver, check: AddressCheck): typeof fetch {
  const lookup = checkedLookup(resolve, check);
  return (input, init = {}) =>
    new Promise<Response>((done, fail) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const signal = init.signal ?? undefined;
      const headers = Object.fromEntries(new Headers(init.headers));
      headers["accept-encoding"] ??= "gzip, deflate, br";
      const client = url.protocol === "https:" ? https : http;
      const req = client.request(url, { method: "GET", headers, lookup, signal }, (res) => {
        const out = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          for (const v of [value ?? []].flat()) out.append(name, v);
        }
        const status = res.statusCode ?? 502;
        const { body, decoded } = bodyOf(res);
        if (decoded) {
          // The body handed on is decoded: its encoded length no longer applies.
          out.delete("content-encoding");
          out.delete("content-length");
        }
        signal?.addEventListener("abort", () => res.destroy(signal.reason), { once: true });
        done(
          new Response(NULL_BODY.has(status) ? null : body, {
            status,
            statusText: res.statusMessage ?? "",
            headers: out,
          }),
        );
      });
      req.on("error", fail);
      req.end();
    });
}
