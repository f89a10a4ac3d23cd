import { stripAttackMarkup } from "./markup.ts";
import type { Actor, AttackDomain, ProcedureExample, Tactic, Technique } from "./types.ts";

/** An external reference of a STIX object (ATT&CK IDs live in the "mitre-*" one). */
export interface StixRef {
  source_name: string;
  external_id?: string;
  url?: string;
}

/** The fields of ATT&CK's STIX objects that the project reads. */
export interface StixObject {
  type: string;
  id: string;
  name?: string;
  description?: string;
  revoked?: boolean;
  x_mitre_deprecated?: boolean;
  x_mitre_is_subtechnique?: boolean;
  x_mitre_platforms?: string[];
  x_mitre_shortname?: string;
  x_mitre_version?: string;
  x_mitre_aliases?: string[];
  aliases?: string[];
  tactic_refs?: string[];
  kill_chain_phases?: { kill_chain_name?: string; phase_name: string }[];
  external_references?: StixRef[];
  relationship_type?: string;
  source_ref?: string;
  target_ref?: string;
  x_mitre_contents?: unknown[];
}

/** A STIX 2.1 bundle as parsed JSON. */
export interface StixBundle {
  type: "bundle";
  id: string;
  objects: StixObject[];
}

/** Options for building a knowledge base. */
export interface KnowledgeBaseOptions {
  /** ATT&CK release, e.g. "18.1", when the bundle does not carry it (assembled bundles don't). */
  version?: string;
}

const ACTOR_TYPES: Record<string, Actor["type"]> = {
  "intrusion-set": "group",
  malware: "software",
  tool: "software",
  campaign: "campaign",
};

function attackId(o: StixObject): string | undefined {
  return o.external_references?.find((r) => r.source_name.startsWith("mitre-"))?.external_id;
}

function attackUrl(o: StixObject): string {
  return o.external_references?.find((r) => r.source_name.startsWith("mitre-"))?.url ?? "";
}

/** Normalise a name or alias for lookup: lowercase, single spaces, no punctuation at the ends. */
export function nameKey(name: string): string {
  return name.toLowerCase().replace(/[\s_]+/g, " ").replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "");
}

/**
 * ATT&CK knowledge base built once from a STIX bundle: techniques, tactics, procedure examples,
 * groups/software/campaigns, with revoked and deprecated objects resolved at load.
 *
 * @example
 * const kb = KnowledgeBase.fromBundle(JSON.parse(await Deno.readTextFile(path)), { version: "18.1" });
 * kb.techniqueById("T1059.001")?.name; // "PowerShell"
 */
export class KnowledgeBase {
  /** Matrix this bundle describes. */
  readonly domain: AttackDomain;
  /** ATT&CK release, e.g. "18.1" ("unknown" when neither bundle nor caller says). */
  readonly version: string;
  /** Tactics in matrix order. */
  readonly tactics: readonly Tactic[];
  /** Active (not revoked, not deprecated) techniques and sub-techniques, sorted by ID. */
  readonly techniques: readonly Technique[];
  /** Active groups, software and campaigns. */
  readonly actors: readonly Actor[];
  /** Names of revoked techniques ("DLL Side-Loading") and the current ID each now means. */
  readonly formerNames: ReadonlyMap<string, string>;

  #byId = new Map<string, Technique>();
  #byName = new Map<string, Technique[]>();
  #redirects = new Map<string, string>();
  #retired = new Set<string>();
  #actorById = new Map<string, Actor>();
  #actorByName = new Map<string, Actor[]>();
  #tacticByShort = new Map<string, Tactic>();

  private constructor(
    domain: AttackDomain,
    version: string,
    tactics: Tactic[],
    techniques: Technique[],
    actors: Actor[],
    redirects: Map<string, string>,
    retired: Set<string>,
    formerNames: Map<string, string>,
  ) {
    this.formerNames = formerNames;
    this.domain = domain;
    this.version = version;
    this.tactics = tactics;
    this.techniques = techniques;
    this.actors = actors;
    this.#redirects = redirects;
    this.#retired = retired;
    for (const t of tactics) this.#tacticByShort.set(t.shortname, t);
    for (const t of techniques) {
      this.#byId.set(t.id, t);
      const key = nameKey(t.name);
      this.#byName.set(key, [...(this.#byName.get(key) ?? []), t]);
    }
    for (const a of actors) {
      this.#actorById.set(a.id, a);
      for (const n of [a.name, ...a.aliases]) {
        const key = nameKey(n);
        const list = this.#actorByName.get(key) ?? [];
        if (!list.includes(a)) list.push(a);
        this.#actorByName.set(key, list);
      }
    }
  }

  /** Build from a parsed STIX 2.1 bundle (Enterprise, Mobile or ICS). */
  static fromBundle(bundle: StixBundle, options: KnowledgeBaseOptions = {}): KnowledgeBase {
    if (bundle?.type !== "bundle" || !Array.isArray(bundle.objects)) {
      throw new Error("Not a STIX bundle: expected {type: 'bundle', objects: [...]}.");
    }
    const objects = bundle.objects;
    const byStix = new Map(objects.map((o) => [o.id, o]));
    const matrix = objects.find((o) =>
      o.type === "x-mitre-matrix" && !o.revoked && !o.x_mitre_deprecated
    );
    const domain = (matrix ? attackId(matrix) : undefined) as AttackDomain | undefined;
    const collection = objects.find((o) => o.type === "x-mitre-collection");
    const version = collection?.x_mitre_version ?? options.version ?? "unknown";

    // Tactic order comes from the matrix; fall back to bundle order.
    const tacticObjs = objects.filter((o) => o.type === "x-mitre-tactic" && !o.revoked);
    const order = matrix?.tactic_refs ?? tacticObjs.map((t) => t.id);
    const tactics: Tactic[] = order.map((ref) => byStix.get(ref)).filter((o): o is StixObject =>
      !!o
    ).map((o) => ({
      id: attackId(o) ?? "",
      shortname: o.x_mitre_shortname ?? "",
      name: o.name ?? "",
      description: stripAttackMarkup(o.description ?? ""),
      stixId: o.id,
    }));
    const tacticRank = new Map(tactics.map((t, i) => [t.shortname, i]));

    const active = (o: StixObject) => !o.revoked && !o.x_mitre_deprecated;
    const techniques = new Map<string, Technique>();
    const retired = new Set<string>();
    for (const o of objects) {
      if (o.type !== "attack-pattern") continue;
      const id = attackId(o);
      if (!id) continue;
      if (!active(o)) {
        retired.add(id);
        continue;
      }
      const tacticNames = (o.kill_chain_phases ?? []).map((p) => p.phase_name)
        .sort((a, b) => (tacticRank.get(a) ?? 99) - (tacticRank.get(b) ?? 99));
      techniques.set(o.id, {
        id,
        name: o.name ?? id,
        stixId: o.id,
        tactics: tacticNames,
        description: stripAttackMarkup(o.description ?? ""),
        platforms: o.x_mitre_platforms ?? [],
        isSubtechnique: !!o.x_mitre_is_subtechnique,
        parentId: o.x_mitre_is_subtechnique ? id.split(".")[0] : undefined,
        url: attackUrl(o),
        procedures: [],
      });
    }

    const actors = new Map<string, Actor>();
    for (const o of objects) {
      const type = ACTOR_TYPES[o.type];
      const id = attackId(o);
      if (!type || !id || !active(o)) continue;
      const aliases = [...(o.aliases ?? []), ...(o.x_mitre_aliases ?? [])]
        .filter((a) => a !== o.name);
      actors.set(o.id, {
        id,
        name: o.name ?? id,
        type,
        stixId: o.id,
        aliases: [...new Set(aliases)],
        techniqueIds: [],
      });
    }

    // Revoked objects point at their replacement; follow chains once, here.
    const revokedBy = new Map<string, string>();
    for (const o of objects) {
      if (o.type === "relationship" && o.relationship_type === "revoked-by") {
        revokedBy.set(o.source_ref!, o.target_ref!);
      }
    }
    const redirects = new Map<string, string>();
    const formerNames = new Map<string, string>();
    for (const [from, to0] of revokedBy) {
      let to = to0;
      for (let hops = 0; revokedBy.has(to) && hops < 10; hops++) to = revokedBy.get(to)!;
      const fromObj = byStix.get(from);
      const toTech = techniques.get(to);
      const fromId = fromObj ? attackId(fromObj) : undefined;
      if (fromId && toTech && fromObj?.type === "attack-pattern") {
        redirects.set(fromId, toTech.id);
        if (fromObj.name) formerNames.set(fromObj.name, toTech.id);
      }
    }

    for (const o of objects) {
      if (o.type !== "relationship" || o.relationship_type !== "uses" || o.revoked) continue;
      if (o.x_mitre_deprecated) continue;
      const tech = techniques.get(o.target_ref!);
      const actor = actors.get(o.source_ref!);
      if (!tech || !actor) continue;
      const text = stripAttackMarkup(o.description ?? "");
      if (text) {
        tech.procedures.push(
          {
            sourceId: actor.id,
            sourceName: actor.name,
            sourceType: actor.type,
            text,
          } satisfies ProcedureExample,
        );
      }
      if (!actor.techniqueIds.includes(tech.id)) actor.techniqueIds.push(tech.id);
    }

    const sorted = [...techniques.values()].sort((a, b) => a.id.localeCompare(b.id));
    return new KnowledgeBase(
      domain ?? "enterprise-attack",
      version,
      tactics,
      sorted,
      [...actors.values()],
      redirects,
      retired,
      formerNames,
    );
  }

  /** Technique by ATT&CK ID; revoked IDs resolve to their replacement, deprecated ones to undefined. */
  techniqueById(id: string): Technique | undefined {
    const key = id.trim().toUpperCase();
    return this.#byId.get(key) ?? this.#byId.get(this.#redirects.get(key) ?? "");
  }

  /** Current ID for an ID that may have been revoked; undefined when unknown or deprecated. */
  resolveId(id: string): string | undefined {
    return this.techniqueById(id)?.id;
  }

  /** Whether the ID belonged to a technique that is now revoked or deprecated. */
  isRetired(id: string): boolean {
    return this.#retired.has(id.trim().toUpperCase());
  }

  /** Techniques whose name matches exactly (case-insensitive); several sub-techniques share names. */
  techniquesByName(name: string): Technique[] {
    return this.#byName.get(nameKey(name)) ?? [];
  }

  /** Techniques under a tactic shortname (e.g. "execution"), sub-techniques included. */
  techniquesByTactic(shortname: string): Technique[] {
    return this.techniques.filter((t) => t.tactics.includes(shortname));
  }

  /** Sub-techniques of a parent technique. */
  subtechniquesOf(parentId: string): Technique[] {
    return this.techniques.filter((t) => t.parentId === parentId);
  }

  /** Tactic by shortname ("execution") or ID ("TA0002"). */
  tactic(key: string): Tactic | undefined {
    return this.#tacticByShort.get(key) ?? this.tactics.find((t) => t.id === key);
  }

  /** Group, software or campaign by ATT&CK ID ("S0154"). */
  actorById(id: string): Actor | undefined {
    return this.#actorById.get(id.trim().toUpperCase());
  }

  /** Groups, software and campaigns whose name or alias matches (case-insensitive). */
  actorsByName(name: string): Actor[] {
    return this.#actorByName.get(nameKey(name)) ?? [];
  }

  /** Software (malware and tools) that ATT&CK records using a technique. */
  softwareUsingTechnique(id: string): Actor[] {
    const tech = this.techniqueById(id);
    if (!tech) return [];
    return this.actors.filter((a) => a.type === "software" && a.techniqueIds.includes(tech.id));
  }

  /** All names and aliases of groups/software/campaigns, for mention matching. */
  actorNames(): string[] {
    return [...this.#actorByName.keys()];
  }
}
