import assert from "node:assert/strict";
import { normalizeForFeatures } from "./normalize.ts";

Deno.test("defangs domains, URLs and e-mail addresses", () => {
  assert.equal(
    normalizeForFeatures(
      "Beacons to hxxps://evil[.]com/a.php and evil(.)net, evil{.}org, evil[dot]io",
    ),
    "beacons to https://evil.com/a.php and evil.net, evil.org, evil.io",
  );
  assert.equal(normalizeForFeatures("hXXp[:]//1.2.3[.]4/x"), "http://1.2.3.4/x");
  assert.equal(normalizeForFeatures("hxxp[://]a[.]b fxp://c[.]d"), "http://a.b ftp://c.d");
  assert.equal(
    normalizeForFeatures("admin[at]evil[.]com or admin(@)evil[.]com"),
    "admin@evil.com or admin@evil.com",
  );
  assert.equal(
    normalizeForFeatures("path[/]x and markdown \\[.\\] x\\_y"),
    "path/x and markdown . x_y",
  );
});

Deno.test("leaves ordinary words that merely contain 'hxxp' or 'at' alone", () => {
  assert.equal(
    normalizeForFeatures("The hxxp scheme at [at the time]"),
    "the hxxp scheme at [at the time]",
  );
});

Deno.test("unifies quotes and dashes", () => {
  assert.equal(
    normalizeForFeatures("“Invoice” ‘copy’ – supply‑chain — long−dash"),
    "\"invoice\" 'copy' - supply-chain - long-dash",
  );
});

Deno.test("collapses whitespace, drops invisible characters, lowercases, applies NFKC", () => {
  assert.equal(
    normalizeForFeatures("  The\u00a0Actor\n\tused\u200b PowerShell  ﬁles\r\n"),
    "the actor used powershell files",
  );
  assert.equal(normalizeForFeatures("Ｔ１０５９"), "t1059");
  assert.equal(normalizeForFeatures(""), "");
});
