import assert from "node:assert/strict";
import {
  HttpError,
  parseReportPage,
  parseTechniquePage,
  PoliteFetcher,
  scrapedRows,
  scrapeStix,
  scrapeTechniquePages,
  techniqueUrl,
} from "./mod.ts";
import { cleanRows } from "../data/clean.ts";

const testdata = new URL("./testdata/", import.meta.url);
const techniqueHtml = await Deno.readTextFile(new URL("technique_T1566_001.html", testdata));
const reportHtml = await Deno.readTextFile(new URL("report_page.html", testdata));

/** A loopback site that follows attack.mitre.org's paths, with a flaky and a missing page. */
function startSite() {
  const hits: { path: string; at: number }[] = [];
  let flaky = 0;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    const path = new URL(req.url).pathname;
    hits.push({ path, at: Date.now() });
    if (path === "/techniques/T1566/001/") {
      return new Response(techniqueHtml, { headers: { "content-type": "text/html" } });
    }
    if (path === "/techniques/T1059/") {
      // Fails twice (503, then 429 with Retry-After), then serves a page.
      if (flaky++ < 2) {
        return new Response("busy", {
          status: flaky === 1 ? 503 : 429,
          headers: flaky === 2 ? { "retry-after": "0" } : {},
        });
      }
      return new Response(techniqueHtml.replaceAll("T1566.001", "T1059"));
    }
    if (path === "/blog/darkhydrus") return new Response(reportHtml);
    return new Response("not found", { status: 404 });
  });
  const base = `http://127.0.0.1:${(server.addr as Deno.NetAddr).port}`;
  return { server, base, hits };
}

Deno.test("parseTechniquePage reads the ID card, tactics, description and procedure table", () => {
  const page = parseTechniquePage(techniqueHtml);
  assert.equal(page.id, "T1566.001");
  assert.equal(page.name, "Phishing: Spearphishing Attachment");
  assert.deepEqual(page.tactics, ["Initial Access"]);
  assert.match(page.description, /^Adversaries may send spearphishing emails/);
  assert.deepEqual(page.procedures.map((p) => p.sourceId), ["C0028", "G0018", "S0331"]);
  assert.equal(page.procedures[1].sourceName, "admin@338");
  assert.equal(
    page.procedures[1].text,
    "admin@338 has sent emails with malicious Microsoft Office documents attached.[3]",
  );
  assert.throws(() => parseTechniquePage("<html><body>nothing</body></html>"));
});

Deno.test("parseReportPage keeps the article and drops navigation, scripts and footers", () => {
  const { title, text } = parseReportPage(reportHtml);
  assert.equal(title, "New Threat Actor Group DarkHydrus Targets Middle East Government");
  assert.match(text, /password-protected RAR archive attached/);
  assert.match(text, /RogueRobin used DNS tunneling for command and control\./);
  for (const noise of ["Contact us", "Popular posts", "tracking", "Copyright", "Share on"]) {
    assert.ok(!text.includes(noise), noise);
  }
});

Deno.test("scraping over loopback: rate limit, retries, 404s, progress and disk cache", async () => {
  const { server, base, hits } = startSite();
  const cacheDir = await Deno.makeTempDir();
  try {
    const progress: string[] = [];
    // Request starts as the client sends them: arrival times at the server also carry the
    // loaded machine's scheduling jitter, which is not the fetcher's to control.
    const starts: number[] = [];
    const fetcher = new PoliteFetcher({
      cacheDir,
      minIntervalMs: 150,
      backoffMs: 20,
      fetch: (input, init) => {
        starts.push(Date.now());
        return fetch(input, init);
      },
    });
    const result = await scrapeTechniquePages(["T1566.001", "T1059", "T9999"], {
      fetcher,
      baseUrl: base,
      onProgress: (done, total, id) => progress.push(`${done}/${total} ${id}`),
    });
    assert.deepEqual(progress, ["1/3 T1566.001", "2/3 T1059", "3/3 T9999"]);
    assert.equal(result.procedures.filter((p) => p.techniqueId === "T1566.001").length, 3);
    assert.equal(result.procedures.filter((p) => p.techniqueId === "T1059").length, 3);
    assert.deepEqual(result.failed, [{ id: "T9999", error: "HTTP 404" }]);
    assert.equal(hits.filter((h) => h.path === "/techniques/T1059/").length, 3);
    assert.equal(starts.length, hits.length);
    for (let i = 1; i < starts.length; i++) {
      // Retries wait out their backoff; every request waits for the host's interval.
      assert.ok(starts[i] - starts[i - 1] >= 140, `requests ${i - 1} and ${i} too close`);
    }
    // Second run: everything that succeeded comes from the cache, nothing hits the server.
    const before = hits.length;
    const again = await scrapeTechniquePages(["T1566.001", "T1059"], { fetcher, baseUrl: base });
    assert.equal(again.fromCache, 2);
    assert.equal(hits.length, before);
    // Offline: cache hits work, misses fail clearly.
    const offline = new PoliteFetcher({ cacheDir, offline: true });
    assert.equal((await offline.get(techniqueUrl("T1566.001", base))).fromCache, true);
    await assert.rejects(offline.get(`${base}/blog/darkhydrus`), /offline/);
    // A cited report page through the same fetcher.
    const report = await fetcher.get(`${base}/blog/darkhydrus`);
    assert.match(parseReportPage(report.text).text, /RogueRobin/);
    await assert.rejects(fetcher.get(`${base}/missing`), HttpError);
  } finally {
    await server.shutdown();
    await Deno.remove(cacheDir, { recursive: true });
  }
});

Deno.test("scrapeStix keeps raw procedure text; scrapedRows + cleanRows strip citations", () => {
  const ref = (id: string) => [{ source_name: "mitre-attack", external_id: id, url: `u/${id}` }];
  const bundle = {
    objects: [
      { type: "x-mitre-collection", id: "x", x_mitre_version: "18.1" },
      {
        type: "x-mitre-tactic",
        id: "ta",
        name: "Initial Access",
        x_mitre_shortname: "initial-access",
        external_references: ref("TA0001"),
      },
      {
        type: "attack-pattern",
        id: "ap1",
        name: "Spearphishing Attachment",
        external_references: ref("T1566.001"),
        kill_chain_phases: [{ phase_name: "initial-access" }],
        description:
          "Adversaries may send spearphishing emails with a malicious attachment.(Citation: Unit 42 DarkHydrus July 2018) They rely on [User Execution](https://attack.mitre.org/techniques/T1204) to run.",
      },
      {
        type: "attack-pattern",
        id: "ap2",
        name: "Old",
        revoked: true,
        external_references: ref("T1193"),
      },
      { type: "intrusion-set", id: "g1", name: "admin@338", external_references: ref("G0018") },
      {
        type: "relationship",
        id: "r1",
        relationship_type: "uses",
        source_ref: "g1",
        target_ref: "ap1",
        description:
          "[admin@338](https://attack.mitre.org/groups/G0018) has sent emails with malicious Microsoft Office documents attached.(Citation: FireEye admin@338)",
      },
      {
        type: "relationship",
        id: "r2",
        relationship_type: "uses",
        source_ref: "g1",
        target_ref: "ap2",
        description: "revoked target",
      },
    ],
  };
  const s = scrapeStix(bundle);
  assert.equal(s.version, "18.1");
  assert.deepEqual(s.techniques.map((t) => t.id), ["T1566.001"]);
  assert.deepEqual(s.tactics.map((t) => t.id), ["TA0001"]);
  assert.equal(s.procedures.length, 1);
  assert.match(s.procedures[0].text, /\(Citation: FireEye admin@338\)$/);
  const { rows } = cleanRows(scrapedRows(s.techniques, s.procedures), { stripMarkup: true });
  assert.deepEqual(rows.map((r) => r.text), [
    "admin@338 has sent emails with malicious Microsoft Office documents attached.",
    "Adversaries may send spearphishing emails with a malicious attachment.",
    "They rely on User Execution to run.",
  ]);
  assert.ok(rows.every((r) => r.labels[0] === "T1566.001"));
});

Deno.test("techniqueUrl follows the site's paths", () => {
  assert.equal(techniqueUrl("T1566.001"), "https://attack.mitre.org/techniques/T1566/001/");
  assert.equal(techniqueUrl("T1059", "http://x/"), "http://x/techniques/T1059/");
});
