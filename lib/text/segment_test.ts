import assert from "node:assert/strict";
import { splitSentences } from "./segment.ts";
import type { Sentence } from "./types.ts";

/** Sentence texts, after checking the offset invariant that every caller relies on. */
function texts(source: string, options?: Parameters<typeof splitSentences>[1]): string[] {
  const sentences = splitSentences(source, options);
  assertInvariants(source, sentences);
  return sentences.map((s) => s.text);
}

function assertInvariants(source: string, sentences: Sentence[]): void {
  let previousEnd = 0;
  for (const s of sentences) {
    assert.equal(source.slice(s.start, s.end), s.text);
    assert.ok(s.start >= previousEnd, `overlap at ${s.start}`);
    assert.equal(s.text, s.text.trim());
    previousEnd = s.end;
  }
}

Deno.test("splits at . ! ? before a capital, digit or quote", () => {
  assert.deepEqual(
    texts('The actor logged in. It ran whoami! Why? 3 hosts were hit. "Done," they said.'),
    ["The actor logged in.", "It ran whoami!", "Why?", "3 hosts were hit.", '"Done," they said.'],
  );
});

Deno.test("does not split before a lowercase word", () => {
  assert.deepEqual(texts("It uses the ver. command and the No. field."), [
    "It uses the ver. command and the No. field.",
  ]);
});

Deno.test("keeps e.g. and i.e. inside the sentence", () => {
  assert.deepEqual(
    texts("It abuses LOLBins (e.g. Rundll32, Regsvr32). It also uses i.e. PowerShell to load it."),
    [
      "It abuses LOLBins (e.g. Rundll32, Regsvr32).",
      "It also uses i.e. PowerShell to load it.",
    ],
  );
});

Deno.test("etc. ends a sentence before a capital but not before a lowercase word", () => {
  // In the AnnoCTR/TRAM corpora every "etc." followed by a capital ends the sentence.
  assert.deepEqual(texts("It steals cookies, passwords, etc. The data is zipped."), [
    "It steals cookies, passwords, etc.",
    "The data is zipped.",
  ]);
  assert.deepEqual(texts("It steals cookies, etc. from browsers."), [
    "It steals cookies, etc. from browsers.",
  ]);
});

Deno.test("keeps U.S., U.K., a.m. and initials inside the sentence", () => {
  assert.deepEqual(
    texts("The U.S. Cyber Command and the U.K. NCSC met at 5 p.m. GMT with Michael T. Flynn."),
    ["The U.S. Cyber Command and the U.K. NCSC met at 5 p.m. GMT with Michael T. Flynn."],
  );
});

Deno.test("keeps company suffixes, titles, et al., approx. and vs. inside the sentence", () => {
  const s = "Acme Inc. Security and Foo Ltd. Labs, Bar Corp. Research, Mr. Smith, Dr. Jones, " +
    "Smith et al. Wrote approx. 5 reports on APT28 vs. APT29.";
  assert.deepEqual(texts(s), [s]);
});

Deno.test("Fig., No. and month abbreviations stay open before a number", () => {
  assert.deepEqual(texts("See Fig. 3 and command No. 7, first seen Jan. 26, 2021 and Sept. 4."), [
    "See Fig. 3 and command No. 7, first seen Jan. 26, 2021 and Sept. 4.",
  ]);
  assert.deepEqual(texts("The campaign peaked in Nov. The group then went quiet."), [
    "The campaign peaked in Nov.",
    "The group then went quiet.",
  ]);
});

Deno.test("version numbers and decimals do not split; a version at the end does", () => {
  assert.deepEqual(
    texts("Version v1.2.3 replaced 2.0 and took 3.5 seconds. It was released in v4.1. Then"),
    [
      "Version v1.2.3 replaced 2.0 and took 3.5 seconds.",
      "It was released in v4.1.",
      "Then",
    ],
  );
});

Deno.test("IP addresses do not split", () => {
  assert.deepEqual(
    texts("It beacons to 192.168.0.1 on port 443. The fallback is 10.0.0.5. It rotates."),
    [
      "It beacons to 192.168.0.1 on port 443.",
      "The fallback is 10.0.0.5.",
      "It rotates.",
    ],
  );
});

Deno.test("file names and domains do not split", () => {
  assert.deepEqual(
    texts(
      "It runs cmd.exe and rundll32.exe to reach evil[.]com, www.example.com and " +
        "update.microsoft.com. It then deletes Invoice.docx. Done.",
    ),
    [
      "It runs cmd.exe and rundll32.exe to reach evil[.]com, www.example.com and update.microsoft.com.",
      "It then deletes Invoice.docx.",
      "Done.",
    ],
  );
});

Deno.test("technique IDs do not split, including a leading 'T1112.' label", () => {
  assert.deepEqual(texts("The actor used T1059.001 and T1105. It persisted."), [
    "The actor used T1059.001 and T1105.",
    "It persisted.",
  ]);
  assert.deepEqual(
    texts("T1112. Modify Registry\nBlack Basta makes modifications to the Registry."),
    [
      "T1112. Modify Registry",
      "Black Basta makes modifications to the Registry.",
    ],
  );
});

Deno.test("URLs with dots and query strings do not split", () => {
  assert.deepEqual(
    texts("It downloads hxxp://evil[.]com/a.php?x=1&y=2.Z from there. Next it runs."),
    [
      "It downloads hxxp://evil[.]com/a.php?x=1&y=2.Z from there.",
      "Next it runs.",
    ],
  );
});

Deno.test("ellipses, also inside quotes, do not split", () => {
  assert.deepEqual(
    texts('The note read "Pay now... Or lose your files" in red. JABzAD0A [...] Done'),
    [
      'The note read "Pay now... Or lose your files" in red.',
      "JABzAD0A [...] Done",
    ],
  );
});

Deno.test("closing quotes and brackets stay with their sentence", () => {
  assert.deepEqual(texts('He wrote "Stop." Then he left (see below.) The end.'), [
    'He wrote "Stop."',
    "Then he left (see below.)",
    "The end.",
  ]);
});

Deno.test("blank lines break paragraphs even without punctuation", () => {
  assert.deepEqual(texts("Initial access via phishing\n\nthe attachment drops a loader"), [
    "Initial access via phishing",
    "the attachment drops a loader",
  ]);
});

Deno.test("a line continuing in lowercase joins the previous line", () => {
  assert.deepEqual(texts("The actor used\npowershell to download the payload.\nIt then ran it."), [
    "The actor used\npowershell to download the payload.",
    "It then ran it.",
  ]);
});

Deno.test("headings stand alone", () => {
  assert.deepEqual(
    texts("Threat Detail\nIn early 2019, Mandiant responded.\n## Persistence\nA Run key is added."),
    ["Threat Detail", "In early 2019, Mandiant responded.", "Persistence", "A Run key is added."],
  );
  assert.deepEqual(texts("Background\n----------\nThe following write-up is ours."), [
    "Background",
    "The following write-up is ours.",
  ]);
});

Deno.test("bullets are units of their own, without their markers", () => {
  const source = [
    "The malware collects:",
    "• the host name",
    "- the user name",
    "* installed AV products",
    "1. running processes",
    "a) the keyboard layout",
    "(ii) network adapters",
    "-EncodedCommand is not a bullet",
  ].join("\n");
  assert.deepEqual(texts(source), [
    "The malware collects:",
    "the host name",
    "the user name",
    "installed AV products",
    "running processes",
    "the keyboard layout",
    "network adapters",
    "-EncodedCommand is not a bullet",
  ]);
});

Deno.test("a wrapped bullet continues on the next lowercase line", () => {
  assert.deepEqual(
    texts("• The loader decrypts the payload and\n  injects it into explorer.exe\n• It exits."),
    [
      "The loader decrypts the payload and\n  injects it into explorer.exe",
      "It exits.",
    ],
  );
});

Deno.test("table rows are units of their own", () => {
  assert.deepEqual(
    texts("| Filename | invoice.xlsm |\n| SHA256 | 5d1bb0ae |\nName\tValue\nthe next row\tx"),
    ["| Filename | invoice.xlsm |", "| SHA256 | 5d1bb0ae |", "Name\tValue", "the next row\tx"],
  );
});

Deno.test("figure captions stand alone and are not split after the figure number", () => {
  assert.deepEqual(
    texts("Figure 3. The infected process that contains IoCs\nThe sample then sleeps."),
    ["Figure 3. The infected process that contains IoCs", "The sample then sleeps."],
  );
});

Deno.test("a hyphenated PDF line break does not crash and keeps offsets", () => {
  assert.deepEqual(texts("It achieves persis-\ntence through a Run key."), [
    "It achieves persis-\ntence through a Run key.",
  ]);
});

Deno.test("CRLF and CR line endings", () => {
  assert.deepEqual(texts("Summary\r\nThe actor used\r\npowershell.\r\rNext paragraph."), [
    "Summary",
    "The actor used\r\npowershell.",
    "Next paragraph.",
  ]);
});

Deno.test("a line ending with a colon does not absorb the command after it", () => {
  assert.deepEqual(
    texts("They ran the following commands:\nwhoami /groups\nnet user admin\nnet view"),
    [
      "They ran the following commands:",
      "whoami /groups",
      "net user admin",
      "net view",
    ],
  );
});

Deno.test("lowercase command listings are not joined", () => {
  assert.deepEqual(
    texts("reg add HKLM\\Run /v x\nreg add HKCU\\Run /v y\ncmd /c whoami\nwmic os get caption"),
    [
      "reg add HKLM\\Run /v x",
      "reg add HKCU\\Run /v y",
      "cmd /c whoami",
      "wmic os get caption",
    ],
  );
});

Deno.test("sentences glued by HTML extraction are split, .NET names are not", () => {
  assert.deepEqual(
    texts("It indicates account compromise.These registrations use WScript.Shell objects."),
    [
      "It indicates account compromise.",
      "These registrations use WScript.Shell objects.",
    ],
  );
});

Deno.test("a camel-case name may start a sentence", () => {
  assert.deepEqual(texts("The app targets Android. iOS devices are spared."), [
    "The app targets Android.",
    "iOS devices are spared.",
  ]);
});

Deno.test("hard-wrapped PDF text joins lines that continue with a capital", () => {
  // Line 2 ends in "in" and line 3 starts with a capital: only the wrap-width rule joins them,
  // and it applies because the document shows many lowercase continuations (line 1 -> line 2).
  const para = "The operators made a consistent effort to delete these tools from every host\n" +
    "and remove any residual forensic artifacts from the compromised systems in\n" +
    "Middle East and Central Asia before leaving the network for several weeks.";
  const wrapped = texts(Array.from({ length: 9 }, () => para).join("\n"));
  assert.deepEqual(wrapped, Array.from({ length: 9 }, () => para));
  // A single such paragraph is not evidence of hard wrapping: the capitalised line stays apart.
  assert.deepEqual(texts(para), [
    para.slice(0, para.lastIndexOf("\n")),
    "Middle East and Central Asia before leaving the network for several weeks.",
  ]);
});

Deno.test("HTML text (one paragraph per line) does not join a capitalised next line", () => {
  const source = "This is a caption without a period that is fairly long indeed\n" +
    "The next paragraph starts here.";
  assert.deepEqual(texts(source), [
    "This is a caption without a period that is fairly long indeed",
    "The next paragraph starts here.",
  ]);
});

Deno.test("a line ending in a dangling word joins a capitalised next line", () => {
  assert.deepEqual(
    texts(
      "It calls RegCreateKeyTransacted(), RegOpenKeyTransacted(), and\nRegDeleteKeyTransacted().",
    ),
    [
      "It calls RegCreateKeyTransacted(), RegOpenKeyTransacted(), and\nRegDeleteKeyTransacted().",
    ],
  );
});

Deno.test("long units are split at ; then , then whitespace, within maxLength", () => {
  const semi = "alpha beta gamma; delta epsilon zeta, eta theta iota kappa";
  assert.deepEqual(texts(semi, { maxLength: 30 }), [
    "alpha beta gamma;",
    "delta epsilon zeta,",
    "eta theta iota kappa",
  ]);
  const blob = "x".repeat(25);
  assert.deepEqual(texts(blob, { maxLength: 10 }), ["xxxxxxxxxx", "xxxxxxxxxx", "xxxxx"]);
  const long = "word ".repeat(400).trim();
  for (const s of texts(long)) assert.ok(s.length <= 600);
});

Deno.test("units shorter than minLength or without letters are dropped", () => {
  assert.deepEqual(texts("a\n\n42\n\n---\n\n1.2.3.4\n\nOk\n\nYes."), ["Yes."]);
  assert.deepEqual(texts("Ok\n\nYes.", { minLength: 1 }), ["Ok", "Yes."]);
});

Deno.test("empty and whitespace-only input", () => {
  assert.deepEqual(texts(""), []);
  assert.deepEqual(texts(" \n\t\r\n\u00a0\u200b "), []);
});

Deno.test("offsets hold on random mixes of tricky pieces", () => {
  const pieces = [
    "The actor used",
    "powershell",
    "cmd.exe",
    "e.g.",
    "U.S.",
    "etc.",
    "T1059.001.",
    "192.168.0.1",
    "evil[.]com",
    "hxxp://a.b/c.php?x=1",
    "...",
    "…",
    "•",
    "- ",
    "1. ",
    "|",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    ". ",
    "! ",
    "? ",
    '"',
    "”",
    "(",
    ")",
    "A",
    "b",
    "Zeta.",
    " ",
    "  ",
    "\u00a0",
    "😀",
    "persis-\n",
  ];
  let seed = 42;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let round = 0; round < 300; round++) {
    let source = "";
    const n = Math.floor(random() * 60);
    for (let i = 0; i < n; i++) source += pieces[Math.floor(random() * pieces.length)];
    const maxLength = 5 + Math.floor(random() * 80);
    const sentences = splitSentences(source, { maxLength });
    assertInvariants(source, sentences);
    for (const s of sentences) {
      assert.ok(s.text.length <= maxLength);
      assert.ok(s.text.length >= 3);
    }
  }
});
