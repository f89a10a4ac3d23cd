import assert from "node:assert/strict";
import { normalizeForFeatures } from "./normalize.ts";
import { BASE64_TOKEN, HASH_TOKEN, tokenize, wordCount } from "./tokenize.ts";

const tokens = (s: string) => tokenize(normalizeForFeatures(s));

Deno.test("splits plain prose into words, dropping punctuation and possessive 's", () => {
  assert.deepEqual(tokens("The actor's loader, once run, exits!"), [
    "the",
    "actor",
    "loader",
    "once",
    "run",
    "exits",
  ]);
});

Deno.test("keeps file names, technique IDs, IPs, domains and e-mail addresses intact", () => {
  assert.deepEqual(
    tokens("cmd.exe and T1059.001 hit 192.168.1.1:8080, 10.0.0.0/8, evil[.]com and a[at]b[.]ru."),
    [
      "cmd.exe",
      "and",
      "t1059.001",
      "hit",
      "192.168.1.1:8080",
      "10.0.0.0/8",
      "evil.com",
      "and",
      "a@b.ru",
    ],
  );
});

Deno.test("keeps URLs intact without trailing punctuation", () => {
  assert.deepEqual(tokens("Get hxxp://evil[.]com/a.php?x=1&y=2."), [
    "get",
    "http://evil.com/a.php?x=1&y=2",
  ]);
});

Deno.test("keeps registry keys and Windows, UNC, environment and Unix paths intact", () => {
  assert.deepEqual(
    tokens(
      "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run, C:\\Windows\\System32\\rundll32.exe, " +
        "\\\\host\\C$\\x.exe %APPDATA%\\Roaming\\a.dll /etc/passwd ~/Library/LaunchAgents/x.plist",
    ),
    [
      "hklm\\software\\microsoft\\windows\\currentversion\\run",
      "c:\\windows\\system32\\rundll32.exe",
      "\\\\host\\c$\\x.exe",
      "%appdata%\\roaming\\a.dll",
      "/etc/passwd",
      "~/library/launchagents/x.plist",
    ],
  );
});

Deno.test("keeps command-line switches and hyphenated words", () => {
  assert.deepEqual(tokens("powershell -EncodedCommand --no-sandbox cmd /c multi-stage"), [
    "powershell",
    "-encodedcommand",
    "--no-sandbox",
    "cmd",
    "/c",
    "multi-stage",
  ]);
});

Deno.test("collapses base64 blobs and hex digests to placeholders", () => {
  assert.deepEqual(
    tokens(
      "Run JABzAD0ATgBlAHcALQBPAGIAagBlAGMAdAAgAFMAeQBz= then 5d1bb0aef5545138feb825d5b0669ccc.",
    ),
    ["run", BASE64_TOKEN, "then", HASH_TOKEN],
  );
  assert.deepEqual(
    tokens("SHA256 5d1bb0aef5545138feb825d5b0669ccc4a68abb4323362f2fe188e86c62aeed0"),
    [
      "sha256",
      HASH_TOKEN,
    ],
  );
});

Deno.test("long words and relative paths are not mistaken for base64", () => {
  assert.deepEqual(tokens("internationalization windows/system32/drivers/etc/hosts"), [
    "internationalization",
    "windows/system32/drivers/etc/hosts",
  ]);
});

Deno.test("empty input gives no tokens", () => {
  assert.deepEqual(tokenize(""), []);
  assert.deepEqual(tokenize(" ,.;!? "), []);
});

Deno.test("wordCount counts runs of two or more letters, not IDs, numbers or single letters", () => {
  assert.equal(wordCount("The actor ran cmd.exe /c whoami at 10:42."), 7);
  assert.equal(wordCount('"proxy": {'), 1);
  assert.equal(wordCount("T1059 192.168.1.1 a b"), 0);
});
