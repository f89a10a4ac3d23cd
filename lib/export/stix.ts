/** STIX 2.1 bundles from an analysis: a report pointing at ATT&CK attack-patterns, with notes. */
import type { AnalysisResult } from "../extract/types.ts";
import { uuidV5 } from "./_uuid.ts";
import type { ReviewedTechnique } from "./navigator.ts";

/** A STIX object as plain JSON. */
export type StixObject = { type: string; id: string } & Record<string, unknown>;

/** A STIX 2.1 bundle. */
export interface StixBundle {
  type: "bundle";
  id: string;
  objects: StixObject[];
}

/** Options of {@link toStixBundle}. */
export interface StixOptions {
  /** STIX id of the ATT&CK attack-pattern of a technique ID (e.g. from the knowledge base). */
  stixIdOf: (techniqueId: string) => string | undefined;
  /**
   * ATT&CK objects by STIX id (attack-patterns, MITRE's identity and marking); when given, the
   * referenced ones are embedded so the bundle stands alone.
   */
  attackObjects?: ReadonlyMap<string, StixObject>;
  /** When the analysis was made (report `created` / `published`). Default now. */
  created?: string;
  /** Last change, e.g. the latest review decision. Default `created`. */
  modified?: string;
}

// Namespace of this tool's UUIDv5 ids: the same analysis always exports the same ids, so
// re-importing into a threat-intel platform updates objects instead of duplicating them.
const NAMESPACE = "1802dfe3-283d-4e58-8bdc-187b3c0ea888";
const TOOL_IDENTITY_CREATED = "2026-01-01T00:00:00.000Z";

/** The identity of this tool, author of the reports and notes it exports. */
export const TOOL_IDENTITY: StixObject = {
  type: "identity",
  spec_version: "2.1",
  id: `identity--${uuidV5("identity:ttp-extractor", NAMESPACE)}`,
  created: TOOL_IDENTITY_CREATED,
  modified: TOOL_IDENTITY_CREATED,
  name: "TTP Extractor",
  description: "Maps threat-intelligence reports to MITRE ATT&CK techniques.",
  identity_class: "system",
};

/** A STIX timestamp (UTC, millisecond precision) from any date string. */
export function stixTimestamp(date: string | Date = new Date()): string {
  const d = typeof date === "string" ? new Date(date) : date;
  if (Number.isNaN(d.getTime())) throw new Error(`Not a date: ${date}`);
  return d.toISOString();
}

/** STIX content copied from ATT&CK, marked as STIX 2.1 where the bundle left it implicit. */
function asStix21(o: StixObject): StixObject {
  return o.spec_version ? o : { ...o, spec_version: "2.1" };
}

function evidenceText(t: ReviewedTechnique): string {
  const lines = t.evidence.map((e) =>
    `- "${e.text.replace(/\s+/g, " ")}" (characters ${e.start}-${e.end}, sentence score ${
      e.score.toFixed(2)
    })`
  );
  const review = t.review
    ? `\n\nAnalyst decision: ${t.review.decision}${
      t.review.reviewer ? ` by ${t.review.reviewer}` : ""
    }${t.review.note ? `: ${t.review.note}` : ""}.`
    : "";
  return `${t.id} ${t.name} (report score ${t.score.toFixed(2)}). Evidence:\n${
    lines.join("\n")
  }${review}`;
}

/**
 * A STIX 2.1 bundle for one analysis: a `report` whose `object_refs` are the real ATT&CK
 * attack-pattern ids, one `note` per technique carrying the evidence (as text and in
 * `x_ttp_evidence`), this tool's identity, and — when `attackObjects` is given — the
 * attack-patterns themselves with MITRE's identity and marking.
 *
 * @example
 * const bundle = toStixBundle(result, { stixIdOf: (id) => kb.techniqueById(id)?.stixId });
 */
export function toStixBundle(result: AnalysisResult, options: StixOptions): StixBundle {
  const created = stixTimestamp(options.created ?? new Date());
  const modified = stixTimestamp(options.modified ?? created);
  const seed = `${result.source.sha256 ?? result.source.name}|${created}`;
  const reportId = `report--${uuidV5(`report:${seed}`, NAMESPACE)}`;
  const techniques = (result.techniques as ReviewedTechnique[])
    .map((t) => ({ t, ref: options.stixIdOf(t.id) }))
    .filter((x): x is { t: ReviewedTechnique; ref: string } => !!x.ref);

  const embedded = new Map<string, StixObject>();
  const embed = (id: unknown) => {
    const o = typeof id === "string" ? options.attackObjects?.get(id) : undefined;
    if (!o || embedded.has(o.id)) return;
    embedded.set(o.id, asStix21(o));
    embed(o.created_by_ref);
    for (const m of (o.object_marking_refs as string[] | undefined) ?? []) embed(m);
  };
  for (const { ref } of techniques) embed(ref);

  const notes: StixObject[] = techniques.map(({ t, ref }) => {
    const note: StixObject = {
      type: "note",
      spec_version: "2.1",
      id: `note--${uuidV5(`note:${seed}|${t.id}`, NAMESPACE)}`,
      created,
      modified,
      created_by_ref: TOOL_IDENTITY.id,
      abstract: `Evidence for ${t.id} ${t.name}`,
      content: evidenceText(t),
      object_refs: [reportId, ref],
      x_ttp_technique_id: t.id,
      x_ttp_score: t.score,
      x_ttp_evidence: t.evidence.map(({ text, start, end, score }) => ({
        text,
        start,
        end,
        score,
      })),
    };
    if (t.review) {
      note.x_ttp_review = {
        decision: t.review.decision,
        ...(t.review.reviewer ? { reviewer: t.review.reviewer } : {}),
        ...(t.review.decidedAt ? { decided_at: stixTimestamp(t.review.decidedAt) } : {}),
        ...(t.review.note ? { note: t.review.note } : {}),
      };
      if (t.review.reviewer) note.authors = [t.review.reviewer];
    }
    return note;
  });

  const source = result.source;
  const external: Record<string, unknown> = {
    source_name: "ttp-extractor-source",
    description: `Analysed ${source.type}: ${source.name}`,
  };
  if (source.url) external.url = source.url;
  if (source.sha256) external.hashes = { "SHA-256": source.sha256 };
  const report: StixObject = {
    type: "report",
    spec_version: "2.1",
    id: reportId,
    created,
    modified,
    created_by_ref: TOOL_IDENTITY.id,
    name: source.title || source.name,
    description: `ATT&CK ${result.attack.domain} v${result.attack.version} techniques found in ` +
      `${source.name} by ${result.model.name} ${result.model.version}; evidence in the notes.`,
    published: created,
    report_types: ["threat-report"],
    // A report must reference something; with no technique found, it references its author.
    object_refs: techniques.length ? techniques.map((x) => x.ref) : [TOOL_IDENTITY.id],
    external_references: [external],
    x_ttp_source: { name: source.name, type: source.type, chars: source.chars },
    x_ttp_model: { name: result.model.name, version: result.model.version },
    x_ttp_attack: { domain: result.attack.domain, version: result.attack.version },
  };
  return {
    type: "bundle",
    id: `bundle--${uuidV5(`bundle:${seed}|${modified}`, NAMESPACE)}`,
    objects: [TOOL_IDENTITY, report, ...notes, ...embedded.values()],
  };
}
