/** Which IP addresses a server-side fetch must never reach: loopback, private, link-local, ... */

/** Parse dotted-quad IPv4 into four bytes; undefined if not exactly that form. */
export function parseIPv4(text: string): number[] | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return undefined;
  const bytes = parts.map(Number);
  return bytes.every((b) => b <= 255) ? bytes : undefined;
}

/** Parse IPv6 (compressed, zone id, embedded IPv4 allowed) into eight 16-bit groups. */
export function parseIPv6(text: string): number[] | undefined {
  let s = text.replace(/^\[|\]$/g, "").replace(/%.*$/, "").toLowerCase();
  const tail = s.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (tail) {
    const v4 = parseIPv4(tail[1]);
    if (!v4) return undefined;
    const hex = (hi: number, lo: number) => ((hi << 8) | lo).toString(16);
    s = s.slice(0, -tail[1].length) + `${hex(v4[0], v4[1])}:${hex(v4[2], v4[3])}`;
  }
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const groups = (part: string) => (part === "" ? [] : part.split(":"));
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...Array(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  if (!all.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
  return all.map((g) => parseInt(g, 16));
}

/** Reason an IPv4 address is off limits, or undefined when it is public. */
function ipv4Block([a, b, c]: number[]): string | undefined {
  if (a === 0) return "unspecified";
  if (a === 10) return "private";
  if (a === 100 && b >= 64 && b <= 127) return "shared (carrier-grade NAT)";
  if (a === 127) return "loopback";
  if (a === 169 && b === 254) return "link-local";
  if (a === 172 && b >= 16 && b <= 31) return "private";
  if (a === 192 && b === 0 && (c === 0 || c === 2)) return "reserved";
  if (a === 192 && b === 168) return "private";
  if (a === 198 && (b === 18 || b === 19)) return "reserved";
  if (a === 198 && b === 51 && c === 100) return "reserved";
  if (a === 203 && b === 0 && c === 113) return "reserved";
  if (a >= 224 && a <= 239) return "multicast";
  if (a >= 240) return "reserved";
  return undefined;
}

/** Reason an IPv6 address is off limits (checking any IPv4 it embeds), or undefined. */
function ipv6Block(g: number[]): string | undefined {
  const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  const v4 = (hi: number, lo: number) => [hi >> 8, hi & 255, lo >> 8, lo & 255];
  if (zeroUpTo(8)) return "unspecified";
  if (zeroUpTo(7) && g[7] === 1) return "loopback";
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d).
  if (zeroUpTo(5) && g[5] === 0xffff) return ipv4Block(v4(g[6], g[7]));
  if (zeroUpTo(6)) return ipv4Block(v4(g[6], g[7]));
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) {
    return ipv4Block(v4(g[6], g[7]));
  }
  if (g[0] === 0x2002) return ipv4Block(v4(g[1], g[2])); // 6to4
  if ((g[0] & 0xfe00) === 0xfc00) return "unique-local";
  if ((g[0] & 0xffc0) === 0xfe80) return "link-local";
  if ((g[0] & 0xffc0) === 0xfec0) return "site-local";
  if ((g[0] & 0xff00) === 0xff00) return "multicast";
  if (g[0] === 0x2001 && g[1] === 0x0db8) return "reserved";
  if (g[0] === 0x0100 && zeroUpTo(4)) return "reserved";
  return undefined;
}

/**
 * Why an IP address must not be fetched ("loopback", "private", "link-local", ...), or
 * undefined for a public address. Input must be an IP literal (IPv6 brackets allowed).
 */
export function blockedAddressReason(ip: string): string | undefined {
  const v4 = parseIPv4(ip);
  if (v4) return ipv4Block(v4);
  const v6 = parseIPv6(ip);
  if (v6) return ipv6Block(v6);
  return "not a valid IP address";
}

/** True when the string is an IPv4 or IPv6 literal. */
export function isIpLiteral(host: string): boolean {
  return parseIPv4(host) !== undefined || parseIPv6(host) !== undefined;
}
