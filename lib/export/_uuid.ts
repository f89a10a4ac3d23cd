import { createHash } from "node:crypto";

/** RFC 4122 version-5 UUID (SHA-1 of namespace + name), so exports get stable ids. */
export function uuidV5(name: string, namespace: string): string {
  const ns = Uint8Array.from(namespace.replace(/-/g, "").match(/../g)!.map((h) => parseInt(h, 16)));
  const hash = createHash("sha1").update(ns).update(new TextEncoder().encode(name)).digest();
  const b = Uint8Array.from(hash.subarray(0, 16));
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${
    hex.slice(20)
  }`;
}
