/**
 * Structural checks of exported files against their specifications' required fields, so a
 * layer or bundle that another tool would refuse is caught here first.
 */

/** ATT&CK lookups the checks need (satisfied by the KnowledgeBase). */
export interface AttackLookup {
  techniqueById(id: string): { id: string; stixId: string; tactics: string[] } | undefined;
}

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;
const TECHNIQUE_ID = /^T\d{4}(\.\d{3})?$/;
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
const STIX_ID = new RegExp(`^([a-z0-9][a-z0-9-]*[a-z0-9])--${UUID}$`);
// RFC 3339 in UTC, as STIX requires ("Z" and optional fractional seconds).
const STIX_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const CUSTOM_PROPERTY = /^x_[a-z0-9_]{1,248}$/;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => !!v && typeof v === "object" && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === "string";

function versionAtLeast(v: string, min: string): boolean {
  const a = v.split(".").map(Number), b = min.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

function metadataProblems(list: unknown, where: string): string[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) return [`${where}.metadata must be an array`];
  return list.flatMap((m, i) =>
    isObject(m) && (m.divider === true || (isString(m.name) && isString(m.value)))
      ? []
      : [`${where}.metadata[${i}] needs string name and value (or divider: true)`]
  );
}

/**
 * Problems of an ATT&CK Navigator layer (format 4.5): required fields, types, and techniques and
 * tactics that exist in ATT&CK. An empty list means valid.
 */
export function navigatorLayerProblems(layer: unknown, attack?: AttackLookup): string[] {
  const p: string[] = [];
  if (!isObject(layer)) return ["a layer must be a JSON object"];
  if (!isString(layer.name) || !layer.name) p.push("name (string) is required");
  if (!["enterprise-attack", "mobile-attack", "ics-attack"].includes(layer.domain as string)) {
    p.push(`domain must be enterprise-attack, mobile-attack or ics-attack, not ${layer.domain}`);
  }
  const v = layer.versions;
  if (!isObject(v)) p.push("versions is required for format 4.5");
  else {
    if (v.layer !== "4.5") p.push(`versions.layer must be "4.5", not ${v.layer}`);
    if (!isString(v.navigator) || !versionAtLeast(v.navigator, "4.9.0")) {
      p.push(`versions.navigator must be at least "4.9.0", not ${v.navigator}`);
    }
    if (v.attack !== undefined && (!isString(v.attack) || !/^\d+(\.\d+)?$/.test(v.attack))) {
      p.push(`versions.attack must be a version string like "18", not ${v.attack}`);
    }
  }
  if (layer.description !== undefined && !isString(layer.description)) {
    p.push("description must be a string");
  }
  if (layer.sorting !== undefined && ![0, 1, 2, 3].includes(layer.sorting as number)) {
    p.push("sorting must be 0, 1, 2 or 3");
  }
  const g = layer.gradient;
  if (g !== undefined) {
    if (
      !isObject(g) || !Array.isArray(g.colors) || g.colors.length < 2 ||
      !g.colors.every((c) => isString(c) && HEX_COLOR.test(c))
    ) p.push("gradient.colors needs at least two #rrggbb colours");
    else if (!(typeof g.minValue === "number" && typeof g.maxValue === "number")) {
      p.push("gradient.minValue and maxValue must be numbers");
    } else if (g.maxValue <= g.minValue) p.push("gradient.maxValue must exceed minValue");
  }
  p.push(...metadataProblems(layer.metadata, "layer"));
  if (layer.techniques !== undefined && !Array.isArray(layer.techniques)) {
    p.push("techniques must be an array");
  }
  for (const [i, t] of ((layer.techniques as unknown[]) ?? []).entries()) {
    const where = `techniques[${i}]`;
    if (!isObject(t)) {
      p.push(`${where} must be an object`);
      continue;
    }
    if (!isString(t.techniqueID) || !TECHNIQUE_ID.test(t.techniqueID)) {
      p.push(`${where}.techniqueID must look like T1234 or T1234.001`);
      continue;
    }
    const known = attack?.techniqueById(t.techniqueID);
    if (attack && known?.id !== t.techniqueID) {
      p.push(`${where}.techniqueID ${t.techniqueID} is not a current ATT&CK technique`);
    }
    if (t.tactic !== undefined) {
      if (!isString(t.tactic)) p.push(`${where}.tactic must be a string`);
      else if (known && !known.tactics.includes(t.tactic)) {
        p.push(`${where}.tactic ${t.tactic} is not a tactic of ${t.techniqueID}`);
      }
    }
    if (t.score !== undefined && (typeof t.score !== "number" || !Number.isFinite(t.score))) {
      p.push(`${where}.score must be a number`);
    }
    if (t.comment !== undefined && !isString(t.comment)) {
      p.push(`${where}.comment must be a string`);
    }
    if (t.enabled !== undefined && typeof t.enabled !== "boolean") {
      p.push(`${where}.enabled must be a boolean`);
    }
    if (
      t.color !== undefined && t.color !== "" && !(isString(t.color) && HEX_COLOR.test(t.color))
    ) {
      p.push(`${where}.color must be #rrggbb`);
    }
    p.push(...metadataProblems(t.metadata, where));
    for (const [j, l] of ((t.links as unknown[]) ?? []).entries()) {
      if (!isObject(l) || !isString(l.label) || !isString(l.url) || !/^https?:\/\//.test(l.url)) {
        p.push(`${where}.links[${j}] needs a label and a URL with a protocol`);
      }
    }
  }
  return p;
}

// Required properties of the STIX 2.1 objects this tool writes or embeds (spec sections 4-7).
const REQUIRED: Record<string, string[]> = {
  "attack-pattern": ["name"],
  identity: ["name"],
  "marking-definition": [],
  note: ["content", "object_refs"],
  report: ["name", "published", "object_refs"],
};

/**
 * Problems of a STIX 2.1 bundle: bundle shape, per-object common properties (id form, type,
 * spec_version, timestamps), type-specific required properties, custom property names, and that
 * every `*_ref` / `*_refs` resolves inside the bundle. An empty list means valid.
 */
export function stixBundleProblems(bundle: unknown): string[] {
  const p: string[] = [];
  if (!isObject(bundle)) return ["a bundle must be a JSON object"];
  if (bundle.type !== "bundle") p.push('bundle.type must be "bundle"');
  if (!isString(bundle.id) || !STIX_ID.test(bundle.id) || !bundle.id.startsWith("bundle--")) {
    p.push("bundle.id must be bundle--<uuid>");
  }
  if ("spec_version" in bundle) p.push("a STIX 2.1 bundle has no spec_version");
  if (!Array.isArray(bundle.objects) || bundle.objects.length === 0) {
    return [...p, "bundle.objects must be a non-empty array"];
  }
  const ids = new Set<string>();
  for (const o of bundle.objects as unknown[]) {
    if (isObject(o) && isString(o.id)) {
      if (ids.has(o.id)) p.push(`duplicate id ${o.id}`);
      ids.add(o.id);
    }
  }
  for (const [i, o] of (bundle.objects as unknown[]).entries()) {
    if (!isObject(o)) {
      p.push(`objects[${i}] must be an object`);
      continue;
    }
    const where = `${o.type ?? "?"} ${o.id ?? `#${i}`}`;
    if (!isString(o.type)) p.push(`${where}: type is required`);
    if (!isString(o.id) || !STIX_ID.test(o.id) || o.id.split("--")[0] !== o.type) {
      p.push(`${where}: id must be ${o.type}--<uuid>`);
    }
    if (o.spec_version !== "2.1") p.push(`${where}: spec_version must be "2.1"`);
    for (const key of ["created", "modified"]) {
      if (o.type === "marking-definition" && key === "modified") continue;
      if (!isString(o[key]) || !STIX_TIME.test(o[key] as string)) {
        p.push(`${where}: ${key} must be an RFC 3339 UTC timestamp`);
      }
    }
    if (isString(o.created) && isString(o.modified) && o.modified < o.created) {
      p.push(`${where}: modified is before created`);
    }
    for (const key of REQUIRED[o.type as string] ?? []) {
      if (o[key] === undefined || o[key] === "") p.push(`${where}: ${key} is required`);
    }
    if (o.type === "report" || o.type === "note") {
      if (!Array.isArray(o.object_refs) || o.object_refs.length === 0) {
        p.push(`${where}: object_refs must list at least one object`);
      }
    }
    if (o.type === "report" && isString(o.published) && !STIX_TIME.test(o.published)) {
      p.push(`${where}: published must be an RFC 3339 UTC timestamp`);
    }
    if (o.type === "marking-definition" && !isObject(o.definition) && !isString(o.name)) {
      p.push(`${where}: a marking-definition needs a definition or a name`);
    }
    for (const [key, value] of Object.entries(o)) {
      if (key.startsWith("x_") && !key.startsWith("x_mitre_") && !CUSTOM_PROPERTY.test(key)) {
        p.push(`${where}: custom property ${key} must match x_[a-z0-9_]+`);
      }
      const refs = key.endsWith("_ref") ? [value] : key.endsWith("_refs") ? value : undefined;
      if (refs === undefined) continue;
      for (const r of Array.isArray(refs) ? refs : [refs]) {
        if (!isString(r) || !STIX_ID.test(r)) p.push(`${where}: ${key} holds a malformed id`);
        else if (!ids.has(r)) p.push(`${where}: ${key} ${r} is not in the bundle`);
      }
    }
  }
  return p;
}
