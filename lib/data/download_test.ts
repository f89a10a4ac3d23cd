import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { downloadCorpora } from "./download.ts";
import { loadAnnoCtrReports, loadKnowledgeBase, loadTramReports } from "./load.ts";
import { SHARED_DATA_DIR } from "./paths.ts";

const TRAM = ["AA21076A-TrickBot-Malware.mjson", "Fat-Cats.mjson"];
const DOCS = {
  train: ["zscaler_2021-07-14_targeted-attack-government-organizations-delivers"],
  dev: ["lab52_2020-01-15_apt-c-36-recent-activity"],
};

/** A loopback server laid out like the upstreams (raw files, GitHub contents API, AnnoCTR). */
function mirror(): { server: Deno.HttpServer<Deno.NetAddr>; base: string; hits: string[] } {
  const hits: string[] = [];
  let port = 0;
  const shared = (p: string) => Deno.readFile(join(SHARED_DATA_DIR, p));
  const server: Deno.HttpServer<Deno.NetAddr> = Deno.serve({
    port: 0,
    hostname: "127.0.0.1",
    onListen: () => {},
  }, async (req): Promise<Response> => {
    const path = decodeURIComponent(new URL(req.url).pathname);
    hits.push(path);
    let m = path.match(/^\/attack\/([a-z-]+)\/\1-18\.1\.json$/);
    if (m) return new Response(await shared(`attack/${m[1]}.json`));
    if (path === "/tram-api") {
      const base = `http://127.0.0.1:${port}`;
      return Response.json([
        ...TRAM.map((name) => ({ name, download_url: `${base}/tram/${name}` })),
        { name: ".DS_Store", download_url: `${base}/nothing` },
      ]);
    }
    if ((m = path.match(/^\/tram\/(.+)$/))) {
      return new Response(await shared(`tram/reports/${m[1]}`));
    }
    if ((m = path.match(/^\/annoctr\/linking_mitre_only\/(train|dev)\.jsonl$/))) {
      const docs = DOCS[m[1] as "train" | "dev"];
      const parts = await Promise.all(
        docs.map((d) =>
          Deno.readTextFile(join(SHARED_DATA_DIR, "annoctr", "linking", `${d}.jsonl`))
        ),
      );
      return new Response(parts.join(""));
    }
    if ((m = path.match(/^\/annoctr\/all\/text\/(.+)$/))) {
      return new Response(await shared(`annoctr/text/${m[1]}`));
    }
    return new Response("not found", { status: 404 });
  });
  port = server.addr.port;
  return { server, base: `http://127.0.0.1:${port}`, hits };
}

Deno.test("download: corpora from upstream-shaped URLs, with checksums, then loadable", async () => {
  const { server, base, hits } = mirror();
  const dir = await Deno.makeTempDir();
  try {
    const lines: string[] = [];
    const upstreams = {
      attackBase: `${base}/attack`,
      tramApi: `${base}/tram-api`,
      annoctrRaw: `${base}/annoctr`,
    };
    const manifest = await downloadCorpora(dir, (l) => lines.push(l), upstreams);
    assert.equal(manifest.attackVersion, "18.1");
    assert.ok(lines.some((l) => l.includes("TRAM report 2/2")));
    for (const f of manifest.files) {
      const bytes = await Deno.readFile(join(dir, f.path));
      assert.equal(createHash("sha256").update(bytes).digest("hex"), f.sha256, f.path);
      assert.equal(bytes.length, f.bytes);
    }
    const kb = await loadKnowledgeBase("enterprise-attack", dir);
    assert.equal(kb.version, "18.1");
    assert.ok(kb.techniques.length > 600);
    const tram = await loadTramReports(dir);
    assert.equal(tram.length, 2);
    assert.ok(tram[0].spans.length > 0);
    const anno = await loadAnnoCtrReports(dir);
    assert.deepEqual(anno.map((r) => r.split), ["dev", "train"]);
    assert.ok(anno.every((r) => r.spans.length > 0));
    // A second run finds everything in place and downloads nothing.
    const before = hits.length;
    const again = await downloadCorpora(dir, () => {}, upstreams);
    assert.equal(again.files.length, 0);
    assert.equal(hits.length, before);
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("download: a failing upstream gives an error naming the URL and the fix", async () => {
  const { server, base } = mirror();
  const dir = await Deno.makeTempDir();
  try {
    await assert.rejects(
      () =>
        downloadCorpora(dir, () => {}, {
          attackBase: `${base}/missing`,
          tramApi: `${base}/tram-api`,
          annoctrRaw: `${base}/annoctr`,
        }),
      /Could not download http:\/\/127\.0\.0\.1:\d+\/missing\/.*TTP_DATA_MIRROR/,
    );
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});
