/** The raw ATT&CK STIX objects an export embeds (attack-patterns, MITRE identity and marking). */
import { join } from "node:path";
import { rawDataDir } from "../data/paths.ts";
import type { StixObject } from "./stix.ts";

const KEEP = new Set(["attack-pattern", "identity", "marking-definition"]);

/**
 * Attack-patterns, identities and marking definitions of an ATT&CK bundle by STIX id (default:
 * the Enterprise bundle in the raw data folder).
 */
export async function loadAttackObjects(
  path: string = join(rawDataDir(), "attack", "enterprise-attack.json"),
): Promise<Map<string, StixObject>> {
  const bundle = JSON.parse(await Deno.readTextFile(path)) as { objects?: StixObject[] };
  const out = new Map<string, StixObject>();
  for (const o of bundle.objects ?? []) if (KEEP.has(o.type)) out.set(o.id, o);
  return out;
}
