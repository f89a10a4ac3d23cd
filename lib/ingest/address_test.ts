import assert from "node:assert/strict";
import { blockedAddressReason, isIpLiteral, parseIPv6 } from "./address.ts";

Deno.test("blockedAddressReason flags every internal IPv4 range", () => {
  const blocked: Record<string, string> = {
    "0.0.0.0": "unspecified",
    "10.0.0.1": "private",
    "100.64.0.1": "shared (carrier-grade NAT)",
    "127.0.0.1": "loopback",
    "127.255.255.254": "loopback",
    "169.254.169.254": "link-local",
    "172.16.0.1": "private",
    "172.31.255.255": "private",
    "192.168.1.1": "private",
    "224.0.0.251": "multicast",
    "255.255.255.255": "reserved",
  };
  for (const [ip, reason] of Object.entries(blocked)) {
    assert.equal(blockedAddressReason(ip), reason, ip);
  }
  for (const ip of ["8.8.8.8", "172.32.0.1", "93.184.216.34", "100.128.0.1"]) {
    assert.equal(blockedAddressReason(ip), undefined, ip);
  }
});

Deno.test("blockedAddressReason flags internal IPv6, including embedded IPv4", () => {
  const blocked: Record<string, string> = {
    "::": "unspecified",
    "::1": "loopback",
    "[::1]": "loopback",
    "::ffff:127.0.0.1": "loopback",
    "::ffff:7f00:1": "loopback",
    "::ffff:a9fe:a9fe": "link-local",
    "64:ff9b::10.0.0.1": "private",
    "2002:c0a8:0101::1": "private",
    "fd00::1": "unique-local",
    "fc12:3456::1": "unique-local",
    "fe80::1%eth0": "link-local",
    "ff02::1": "multicast",
  };
  for (const [ip, reason] of Object.entries(blocked)) {
    assert.equal(blockedAddressReason(ip), reason, ip);
  }
  for (const ip of ["2606:4700:4700::1111", "2a00:1450:4001:80b::200e", "::ffff:8.8.8.8"]) {
    assert.equal(blockedAddressReason(ip), undefined, ip);
  }
});

Deno.test("parseIPv6 expands compressed forms and rejects malformed ones", () => {
  assert.deepEqual(parseIPv6("2001:db8::1"), [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]);
  assert.deepEqual(parseIPv6("1:2:3:4:5:6:7:8"), [1, 2, 3, 4, 5, 6, 7, 8]);
  for (const bad of ["1::2::3", "1:2:3", "12345::", "1:2:3:4:5:6:7:8:9", "::g"]) {
    assert.equal(parseIPv6(bad), undefined, bad);
  }
  assert.equal(isIpLiteral("example.com"), false);
  assert.equal(blockedAddressReason("example.com"), "not a valid IP address");
});
