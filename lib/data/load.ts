import { basename, join } from "node:path";
import { KnowledgeBase, type StixBundle } from "../attack/knowledge_base.ts";
import type { AttackDomain } from "../attack/types.ts";
import { type AnnoCtrMention, parseAnnoCtrReport, parseJsonLines } from "./annoctr.ts";
import { ATTACK_VERSION } from "./download.ts";
import { pathExists, rawDataDir } from "./paths.ts";
import { parseTramReport } from "./tram.ts";
import type { AnnotatedReport } from "./types.ts";

function need(path: string): string {
  if (!pathExists(path)) {
    throw new Error(
      `Missing ${path}. Run \`deno task setup\` to download the data, ` +
        `or set TTP_DATA_MIRROR to a folder in the shared-data layout.`,
    );
  }
  return path;
}

/** Load an ATT&CK knowledge base from the raw data folder (Enterprise by default). */
export async function loadKnowledgeBase(
  domain: AttackDomain = "enterprise-attack",
  dir = rawDataDir(),
): Promise<KnowledgeBase> {
  const path = need(join(dir, "attack", `${domain}.json`));
  const bundle = JSON.parse(await Deno.readTextFile(path)) as StixBundle;
  return KnowledgeBase.fromBundle(bundle, { version: ATTACK_VERSION });
}

/** Options for the corpus loaders. */
export interface LoadOptions {
  /** Map annotations made with older ATT&CK releases to this knowledge base (revoked IDs). */
  kb?: KnowledgeBase;
}

/** Load the annotated TRAM reports (MAT JSON), sorted by ID. */
export async function loadTramReports(
  dir = rawDataDir(),
  options: LoadOptions = {},
): Promise<AnnotatedReport[]> {
  const folder = need(join(dir, "tram", "reports"));
  const names = [...Deno.readDirSync(folder)].map((e) => e.name).filter((n) => n.endsWith(".mjson"))
    .sort();
  const reports = await Promise.all(
    names.map(async (n) =>
      parseTramReport(await Deno.readTextFile(join(folder, n)), basename(n, ".mjson"))
    ),
  );
  return options.kb ? remapRevoked(reports, options.kb) : reports;
}

/** Load the AnnoCTR documents with their technique links and train/dev split, sorted by ID. */
export async function loadAnnoCtrReports(
  dir = rawDataDir(),
  options: LoadOptions = {},
): Promise<AnnotatedReport[]> {
  const root = need(join(dir, "annoctr"));
  const splits = new Map(
    (await Deno.readTextFile(need(join(root, "splits.tsv")))).split("\n").filter((l) => l.trim())
      .map((l) => l.split("\t") as [string, string]),
  );
  const reports: AnnotatedReport[] = [];
  for (const doc of [...splits.keys()].sort()) {
    const text = await Deno.readTextFile(need(join(root, "text", `${doc}.txt`)));
    const linkPath = join(root, "linking", `${doc}.jsonl`);
    const rows = pathExists(linkPath)
      ? parseJsonLines<AnnoCtrMention>(await Deno.readTextFile(linkPath), linkPath)
      : [];
    reports.push(parseAnnoCtrReport(doc, text, rows, splits.get(doc)));
  }
  return options.kb ? remapRevoked(reports, options.kb) : reports;
}

/**
 * Annotations use the ATT&CK release of their day: map revoked technique IDs to their
 * replacements (TRAM's T1574.002 is T1574.001 in v18) so gold and predictions speak the same
 * release. IDs unknown to this matrix (e.g. Mobile techniques in AnnoCTR) stay as they are.
 */
export function remapRevoked(reports: AnnotatedReport[], kb: KnowledgeBase): AnnotatedReport[] {
  return reports.map((r) => ({
    ...r,
    spans: r.spans.map((s) => ({
      ...s,
      techniqueId: kb.resolveId(s.techniqueId) ?? s.techniqueId,
    })),
  }));
}
