/** ATT&CK Navigator layers (layer format 4.5) from an analysis. */
import type { AnalysisResult, TechniqueResult } from "../extract/types.ts";

/** A technique with the analyst's decision when there is one. */
export type ReviewedTechnique = TechniqueResult & {
  review?: { decision: string; reviewer?: string; note?: string; decidedAt?: string };
};

/** Navigator version written into layers; the 4.5 format needs at least 4.9.0. */
export const NAVIGATOR_VERSION = "5.2.0";
/** The layer format version this module writes. */
export const LAYER_FORMAT_VERSION = "4.5";

/** A `{name, value}` pair or a divider in layer or technique metadata. */
export type LayerMetadata = { name: string; value: string } | { divider: true };

/** One technique annotation of a layer. */
export interface LayerTechnique {
  techniqueID: string;
  tactic?: string;
  score?: number;
  color?: string;
  comment?: string;
  enabled?: boolean;
  metadata?: LayerMetadata[];
  links?: { label: string; url: string }[];
  showSubtechniques?: boolean;
}

/** An ATT&CK Navigator layer (format 4.5). */
export interface NavigatorLayer {
  name: string;
  versions: { attack: string; navigator: string; layer: string };
  domain: string;
  description: string;
  sorting: number;
  layout: {
    layout: "side" | "flat" | "mini";
    showID: boolean;
    showName: boolean;
    showAggregateScores: boolean;
    countUnscored: boolean;
    aggregateFunction: "average" | "min" | "max" | "sum";
    expandedSubtechniques: "none" | "all" | "annotated";
  };
  hideDisabled: boolean;
  techniques: LayerTechnique[];
  gradient: { colors: string[]; minValue: number; maxValue: number };
  legendItems: { label: string; color: string }[];
  metadata: LayerMetadata[];
  links: { label: string; url: string }[];
  showTacticRowBackground: boolean;
  tacticRowBackground: string;
  selectTechniquesAcrossTactics: boolean;
  selectSubtechniquesWithParent: boolean;
  selectVisibleTechniques: boolean;
}

/** Options of {@link toNavigatorLayer}. */
export interface NavigatorOptions {
  /** Layer name (default: the report title or file name). */
  name?: string;
  /** When the analysis was made, recorded in the layer metadata. */
  analysedAt?: string;
  /** Score at or above which techniques were kept, recorded in the metadata. */
  minScore?: number;
}

/** Major ATT&CK version as Navigator wants it ("18.1" -> "18"). */
export function attackMajor(version: string): string {
  return /^\d+/.exec(version)?.[0] ?? version;
}

function attackUrl(id: string): string {
  return `https://attack.mitre.org/techniques/${id.replace(".", "/")}/`;
}

function comment(t: ReviewedTechnique): string {
  const lines = t.evidence.map((e, i) =>
    `${i + 1}. "${e.text.replace(/\s+/g, " ")}" (sentence score ${
      e.score.toFixed(2)
    }, chars ${e.start}-${e.end})`
  );
  const review = t.review
    ? [
      `Analyst: ${t.review.decision}${t.review.reviewer ? ` by ${t.review.reviewer}` : ""}` +
      `${t.review.note ? ` (${t.review.note})` : ""}`,
    ]
    : [];
  return [...review, `Score ${t.score.toFixed(2)}. Evidence:`, ...lines].join("\n");
}

function techniqueMetadata(t: ReviewedTechnique): LayerMetadata[] {
  const meta: LayerMetadata[] = [{ name: "score", value: t.score.toFixed(3) }];
  if (t.review) {
    meta.push({ name: "review", value: t.review.decision });
    if (t.review.reviewer) meta.push({ name: "reviewer", value: t.review.reviewer });
    if (t.review.decidedAt) meta.push({ name: "decided at", value: t.review.decidedAt });
  }
  t.evidence.forEach((e, i) => {
    meta.push({ divider: true }, { name: `evidence ${i + 1}`, value: e.text.replace(/\s+/g, " ") });
  });
  return meta;
}

/**
 * Parents of found sub-techniques that the analysis does not list itself: a report that
 * describes T1059.001 describes T1059, and the matrix should show that cell too. Each scores as
 * its best sub-technique and says which sub-techniques imply it.
 */
function impliedParents(found: ReviewedTechnique[]): LayerTechnique[] {
  const listed = new Set(found.map((t) => t.id));
  const byParent = new Map<string, ReviewedTechnique[]>();
  for (const t of found) {
    if (t.review?.decision === "rejected") continue;
    const parent = t.id.split(".")[0];
    if (parent === t.id || listed.has(parent)) continue;
    byParent.set(parent, [...(byParent.get(parent) ?? []), t]);
  }
  const out: LayerTechnique[] = [];
  for (const [parent, subs] of byParent) {
    const score = Math.max(
      ...subs.map((t) => t.review?.decision === "added" ? 100 : Math.round(t.score * 100)),
    );
    const ids = subs.map((t) => t.id).join(", ");
    const base: LayerTechnique = {
      techniqueID: parent,
      score,
      comment: `Implied by its sub-technique${subs.length > 1 ? "s" : ""} ${ids}.`,
      enabled: true,
      metadata: [{ name: "implied by", value: ids }],
      links: [{ label: `ATT&CK ${parent}`, url: attackUrl(parent) }],
      showSubtechniques: true,
    };
    const tactics = [...new Set(subs.flatMap((t) => t.tactics))];
    if (tactics.length === 0) out.push(base);
    for (const tactic of tactics) out.push({ ...base, tactic });
  }
  return out;
}

/**
 * An ATT&CK Navigator layer (format 4.5) for one analysis: one annotation per technique and
 * tactic, scored 0-100 from the report score, with the evidence sentences in the comment and
 * metadata. Analyst-added techniques score 100.
 *
 * @example
 * const layer = toNavigatorLayer(result);
 * await Deno.writeTextFile("layer.json", JSON.stringify(layer, null, 2));
 */
export function toNavigatorLayer(
  result: AnalysisResult,
  options: NavigatorOptions = {},
): NavigatorLayer {
  const source = result.source;
  const techniques: LayerTechnique[] = [];
  for (const t of result.techniques as ReviewedTechnique[]) {
    const score = t.review?.decision === "added" ? 100 : Math.round(t.score * 100);
    const base = {
      techniqueID: t.id,
      score,
      comment: comment(t),
      enabled: true,
      metadata: techniqueMetadata(t),
      links: [{ label: `ATT&CK ${t.id}`, url: attackUrl(t.id) }],
      showSubtechniques: false,
    };
    // Without a tactic Navigator annotates every tactic of the technique, which is also right.
    if (t.tactics.length === 0) techniques.push(base);
    for (const tactic of t.tactics) techniques.push({ ...base, tactic });
  }
  techniques.push(...impliedParents(result.techniques as ReviewedTechnique[]));
  const metadata: LayerMetadata[] = [
    { name: "source", value: source.name },
    { name: "source type", value: source.type },
  ];
  if (source.sha256) metadata.push({ name: "sha256", value: source.sha256 });
  if (options.analysedAt) metadata.push({ name: "analysed at", value: options.analysedAt });
  metadata.push({ name: "model", value: `${result.model.name} ${result.model.version}` });
  metadata.push({ name: "ATT&CK version", value: result.attack.version });
  if (options.minScore !== undefined) {
    metadata.push({ name: "minimum score", value: options.minScore.toFixed(2) });
  }
  return {
    name: (options.name ?? (source.title || source.name)).slice(0, 200),
    versions: {
      attack: attackMajor(result.attack.version),
      navigator: NAVIGATOR_VERSION,
      layer: LAYER_FORMAT_VERSION,
    },
    domain: result.attack.domain,
    description:
      `${result.techniques.length} ATT&CK technique${
        result.techniques.length === 1 ? "" : "s"
      } found in ${source.name} by ` +
      `${result.model.name} ${result.model.version}. Scores are report-level confidence x 100; ` +
      `comments hold the evidence sentences.`,
    sorting: 3,
    layout: {
      layout: "side",
      showID: true,
      showName: true,
      showAggregateScores: false,
      countUnscored: false,
      aggregateFunction: "max",
      expandedSubtechniques: "annotated",
    },
    hideDisabled: false,
    techniques,
    gradient: { colors: ["#fff7ec", "#fc8d59", "#b30000"], minValue: 0, maxValue: 100 },
    legendItems: [],
    metadata,
    links: source.url ? [{ label: "Source", url: source.url }] : [],
    showTacticRowBackground: false,
    tacticRowBackground: "#dddddd",
    selectTechniquesAcrossTactics: true,
    selectSubtechniquesWithParent: false,
    selectVisibleTechniques: false,
  };
}
