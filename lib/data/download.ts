import { dirname, join } from "node:path";
import { pathExists } from "./paths.ts";
import { readLimited } from "../runtime/stream.ts";

/** The ATT&CK release the project is built and tested against. */
export const ATTACK_VERSION = "18.1";

const ATTACK_BASE = "https://raw.githubusercontent.com/mitre-attack/attack-stix-data/master";
const TRAM_API =
  "https://api.github.com/repos/center-for-threat-informed-defense/tram/contents/data/training/tram2_data/mjson_files";
const ANNOCTR_RAW =
  "https://raw.githubusercontent.com/boschresearch/anno-ctr-lrec-coling-2024/main/AnnoCTR";

/** Where each corpus is fetched from (the public upstreams by default; tests use a local server). */
export interface Upstreams {
  attackBase: string;
  tramApi: string;
  annoctrRaw: string;
}

/** The public upstream locations. */
export const UPSTREAMS: Upstreams = {
  attackBase: ATTACK_BASE,
  tramApi: TRAM_API,
  annoctrRaw: ANNOCTR_RAW,
};

/** Upstream URL of an ATT&CK domain bundle at a release. */
export function attackBundleUrl(
  domain: string,
  version = ATTACK_VERSION,
  base = ATTACK_BASE,
): string {
  return `${base}/${domain}/${domain}-${version}.json`;
}

/** One downloaded file, as recorded in the manifest. */
export interface ManifestEntry {
  path: string;
  url: string;
  sha256: string;
  bytes: number;
}

/** What was downloaded, from where, with checksums; written to <dir>/manifest.json. */
export interface Manifest {
  attackVersion: string;
  downloadedAt: string;
  files: ManifestEntry[];
}

/** Progress callback: a line for a human, on stderr. */
export type Progress = (message: string) => void;

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function fetchBytes(url: string, progress: Progress): Promise<Uint8Array> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(120_000) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const total = Number(res.headers.get("content-length") ?? 0);
      let lastShown = 0;
      return await readLimited(res.body!, Infinity, (got) => {
        if (got - lastShown < 4_000_000) return;
        lastShown = got;
        const pct = total ? ` (${Math.round((100 * got) / total)}%)` : "";
        progress(`  ${url.split("/").pop()}: ${(got / 1e6).toFixed(1)} MB${pct}`);
      });
    } catch (e) {
      lastError = e;
      progress(`  retry ${attempt}/3 for ${url}: ${(e as Error).message}`);
      await new Promise((r) => setTimeout(r, 1000 * attempt));
    }
  }
  throw new Error(
    `Could not download ${url}: ${(lastError as Error)?.message}. ` +
      `Check the network, or set TTP_DATA_MIRROR to a local copy in the same layout.`,
  );
}

async function save(
  dir: string,
  path: string,
  url: string,
  progress: Progress,
): Promise<ManifestEntry> {
  const bytes = await fetchBytes(url, progress);
  const full = join(dir, path);
  await Deno.mkdir(dirname(full), { recursive: true });
  await Deno.writeFile(full, bytes);
  return { path, url, sha256: await sha256Hex(bytes), bytes: bytes.length };
}

/**
 * Download ATT&CK, the TRAM reports and AnnoCTR into `dir` in the shared-data layout, skipping
 * what is already there, and record URLs and SHA-256 checksums in manifest.json.
 */
export async function downloadCorpora(
  dir: string,
  progress: Progress,
  upstreams: Upstreams = UPSTREAMS,
): Promise<Manifest> {
  const files: ManifestEntry[] = [];
  const want = async (path: string, url: string) => {
    if (pathExists(join(dir, path))) return;
    progress(`downloading ${url}`);
    files.push(await save(dir, path, url, progress));
  };
  for (const domain of ["enterprise-attack", "mobile-attack", "ics-attack"]) {
    await want(
      `attack/${domain}.json`,
      attackBundleUrl(domain, ATTACK_VERSION, upstreams.attackBase),
    );
  }
  if (!pathExists(join(dir, "tram", "reports"))) {
    progress(`listing ${upstreams.tramApi}`);
    const listing = JSON.parse(
      new TextDecoder().decode(await fetchBytes(upstreams.tramApi, progress)),
    ) as {
      name: string;
      download_url: string;
    }[];
    const mjson = listing.filter((f) => f.name.endsWith(".mjson"));
    for (const [i, f] of mjson.entries()) {
      progress(`TRAM report ${i + 1}/${mjson.length}: ${f.name}`);
      const safe = f.name.replace(/\s+/g, "-").replace(/[^A-Za-z0-9._-]/g, "");
      files.push(await save(dir, `tram/reports/${safe}`, f.download_url, progress));
    }
  }
  if (!pathExists(join(dir, "annoctr", "splits.tsv"))) {
    const splits: string[] = [];
    for (const split of ["train", "dev"]) {
      const url = `${upstreams.annoctrRaw}/linking_mitre_only/${split}.jsonl`;
      progress(`downloading ${url}`);
      const text = new TextDecoder().decode(await fetchBytes(url, progress));
      const byDoc = new Map<string, string[]>();
      for (const line of text.split("\n").filter((l) => l.trim())) {
        const doc = (JSON.parse(line) as { document: string }).document;
        byDoc.set(doc, [...(byDoc.get(doc) ?? []), line]);
      }
      for (const [doc, lines] of byDoc) {
        const linking = join(dir, "annoctr", "linking", `${doc}.jsonl`);
        await Deno.mkdir(dirname(linking), { recursive: true });
        await Deno.writeTextFile(linking, lines.join("\n") + "\n");
        files.push(
          await save(
            dir,
            `annoctr/text/${doc}.txt`,
            `${upstreams.annoctrRaw}/all/text/${doc}.txt`,
            progress,
          ),
        );
        splits.push(`${doc}\t${split}`);
      }
    }
    await Deno.writeTextFile(join(dir, "annoctr", "splits.tsv"), splits.join("\n") + "\n");
  }
  const manifest: Manifest = {
    attackVersion: ATTACK_VERSION,
    downloadedAt: new Date().toISOString(),
    files,
  };
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(join(dir, "manifest.json"), JSON.stringify(manifest, null, 2));
  return manifest;
}
