import type { PoliteFetcher } from "./fetcher.ts";
import type { StixObject as StixObj, StixRef as Ref } from "../attack/knowledge_base.ts";

/** A technique (or sub-technique) as scraped, description still carrying its markup. */
export interface ScrapedTechnique {
  id: string;
  name: string;
  /** Tactic shortnames, e.g. "initial-access". */
  tactics: string[];
  description: string;
  url: string;
}

/** A procedure example: who used a technique and how, in ATT&CK's words (citations kept). */
export interface ScrapedProcedure {
  techniqueId: string;
  sourceId: string;
  sourceName: string;
  text: string;
  /** "stix" or "html" (an attack.mitre.org page). */
  origin: string;
}

/** Techniques, tactics and procedure examples from one source. */
export interface ScrapedAttack {
  /** The ATT&CK release when the bundle says it. */
  version?: string;
  techniques: ScrapedTechnique[];
  tactics: { id: string; shortname: string; name: string }[];
  procedures: ScrapedProcedure[];
}

const USERS = new Set(["intrusion-set", "malware", "tool", "campaign"]);

function mitreRef(o: StixObj): Ref | undefined {
  return o.external_references?.find((r) => r.source_name.startsWith("mitre-"));
}

/**
 * Load a STIX 2.1 bundle from a file path or an http(s) URL (through the polite fetcher, so it is
 * cached), e.g. the official enterprise-attack.json from github.com/mitre/cti.
 */
export async function loadStixBundle(
  source: string,
  fetcher?: PoliteFetcher,
): Promise<{ objects: StixObj[] }> {
  let text: string;
  if (/^https?:/.test(source)) {
    if (!fetcher) throw new Error("a URL source needs a fetcher");
    text = (await fetcher.get(source)).text;
  } else text = await Deno.readTextFile(source);
  const bundle = JSON.parse(text);
  if (bundle?.type !== "bundle" || !Array.isArray(bundle.objects)) {
    throw new Error(`${source}: not a STIX bundle`);
  }
  return bundle;
}

/**
 * Techniques, tactics and procedure examples of a STIX bundle, as raw as the bundle has them
 * (markdown links and `(Citation: …)` markers kept for the cleaning stage). Revoked and
 * deprecated objects are skipped.
 *
 * @example
 * const scraped = scrapeStix(await loadStixBundle("enterprise-attack.json"));
 */
export function scrapeStix(bundle: { objects: StixObj[] }): ScrapedAttack {
  const active = (o: StixObj) => !o.revoked && !o.x_mitre_deprecated;
  const byStix = new Map<string, StixObj>();
  for (const o of bundle.objects) byStix.set(o.id, o);
  const techniques: ScrapedTechnique[] = [];
  const tactics: ScrapedAttack["tactics"] = [];
  let version: string | undefined;
  for (const o of bundle.objects) {
    if (o.type === "x-mitre-collection") version = o.x_mitre_version;
    if (!active(o)) continue;
    const ref = mitreRef(o);
    if (o.type === "attack-pattern" && ref?.external_id) {
      techniques.push({
        id: ref.external_id,
        name: o.name ?? ref.external_id,
        tactics: (o.kill_chain_phases ?? []).map((p) => p.phase_name),
        description: o.description ?? "",
        url: ref.url ?? "",
      });
    } else if (o.type === "x-mitre-tactic" && ref?.external_id) {
      tactics.push({
        id: ref.external_id,
        shortname: o.x_mitre_shortname ?? "",
        name: o.name ?? "",
      });
    }
  }
  const procedures: ScrapedProcedure[] = [];
  for (const r of bundle.objects) {
    if (r.type !== "relationship" || r.relationship_type !== "uses" || !active(r)) continue;
    const source = byStix.get(r.source_ref ?? "");
    const target = byStix.get(r.target_ref ?? "");
    if (!source || !target || !USERS.has(source.type) || target.type !== "attack-pattern") continue;
    if (!active(source) || !active(target) || !r.description) continue;
    const sourceId = mitreRef(source)?.external_id;
    const techniqueId = mitreRef(target)?.external_id;
    if (!sourceId || !techniqueId) continue;
    procedures.push({
      techniqueId,
      sourceId,
      sourceName: source.name ?? sourceId,
      text: r.description,
      origin: "stix",
    });
  }
  techniques.sort((a, b) => a.id.localeCompare(b.id));
  procedures.sort((a, b) =>
    a.techniqueId.localeCompare(b.techniqueId) || a.sourceId.localeCompare(b.sourceId)
  );
  return { version, techniques, tactics, procedures };
}
