import { join } from "node:path";
import type { KnowledgeBase } from "../attack/knowledge_base.ts";
import { modelsDir } from "../data/paths.ts";
import { loadKnowledgeBase } from "../data/load.ts";
import { KnnClassifier } from "../model/knn.ts";
import { NeuralClassifier } from "../model/neural.ts";
import { RelevanceGate } from "../model/relevance.ts";
import { ReportStacker, type StackerState } from "../model/stacker.ts";
import { reportFeatures } from "./report_features.ts";
import { SentenceClassifier } from "../model/sentence_classifier.ts";
import { pathExists } from "../data/paths.ts";
import { clauses } from "../text/clauses.ts";
import { type Sentence, splitSentences, wordCount } from "../text/mod.ts";
import { type UnitKind, unitKinds } from "../text/sections.ts";
import { aggregate, type AggregateOptions, round, type SentenceVotes } from "./aggregate.ts";
import type { Evidence } from "./types.ts";
import { ExplicitMatcher, SoftwareMatcher } from "./explicit.ts";
import type { AnalysisResult, SourceInfo, TechniqueResult } from "./types.ts";

/** What a trained model folder records about itself (models/<name>/meta.json). */
export interface ModelMeta {
  name: string;
  version: string;
  trainedAt: string;
  attackVersion: string;
  /** SHA-256 of the training rows, so a model can be traced to its data. */
  dataHash: string;
  /** Report-level score at or above which a technique is reported. */
  threshold: number;
  /** Which variant is shipped: a component name, "ensemble" or "stacked". */
  variant?: string;
  /** Calibrated threshold of each variant (each component alone, "ensemble"). */
  thresholds?: Record<string, number>;
  /** Report-level stacker over candidate features, when trained. */
  stacker?: StackerState;
  /** Share of training reports carrying each technique (a stacker feature). */
  priors?: Record<string, number>;
  /** Ensemble weight of each component folder (linear/, knn/); missing folders are skipped. */
  weights?: Record<string, number>;
  metrics?: Record<string, number>;
}

/** Anything that scores one sentence for a fixed list of techniques. */
export interface SentenceScorer {
  readonly labels: readonly string[];
  /** Synchronous scorers (TF-IDF models) score one sentence at a time. */
  predictProba?(text: string): Float32Array;
  /** Batched scorers (neural encoders) score all sentences of a report at once. */
  predictProbaBatch?(texts: string[]): Promise<Float32Array[]>;
}

/** A scorer with its weight in the ensemble. */
export interface Component {
  name: string;
  scorer: SentenceScorer;
  weight: number;
}

/** A candidate technique of a report before the final decision. */
export interface Candidate {
  id: string;
  name: string;
  tactics: string[];
  /** Aggregated sentence score. */
  score: number;
  evidence: Evidence[];
  /** Report-level features for the stacker. */
  features: Record<string, number>;
}

/** Per-call options of `analyze`. */
export interface AnalyzeOptions extends AggregateOptions {
  /** Report techniques scoring at least this (default: the model's calibrated threshold). */
  minScore?: number;
  /** Only report these technique IDs (e.g. an evaluation label set). */
  labelSet?: ReadonlySet<string>;
}

/** Sentence-level view of a text: the sentences and every technique's per-sentence scores. */
export interface SentenceAnalysis {
  sentences: Sentence[];
  votes: SentenceVotes[];
  /** Best sentence probability per technique for each component alone. */
  componentMax: Map<string, Record<string, number>>;
  /** How each technique was named outright in the text. */
  explicit: Map<string, Set<"id" | "name">>;
}

// Sentence probability granted by naming a technique outright.
const EXPLICIT_SCORE = { id: 0.97, name: 0.8 } as const;
// Units with fewer words than this ("'.dll'", "\"proxy\": {", a heading) get damped scores:
// one strong token in a fragment is weak evidence that the report describes a technique.
const MIN_WORDS = 4;

/** Factor in (0, 1] applied to a unit's model scores: 1 for real sentences, less for fragments. */
export function fragmentDamping(text: string): number {
  // Detection-rule lines (YARA strings and headers) quote malware strings; they are not prose
  // about what the actor did.
  if (DETECTION_RULE_LINE.test(text)) return 0.3;
  const words = wordCount(text);
  return words >= MIN_WORDS ? 1 : (words + 1) / (MIN_WORDS + 1);
}

const DETECTION_RULE_LINE =
  /^\s*(?:\$\w*\s*=\s*["{/]|import\s+"|rule\s+\w+\s*(?:[:{]|$)|(?:strings|condition|meta)\s*:)/;

/**
 * Factor applied to model scores by where a unit sits. Recommendations, detections and IOC
 * sections use the words of techniques without an actor doing them: over TRAM, 15% of narrative
 * units carry an annotation and under 3% of these. Explicit technique IDs are never damped.
 */
export const KIND_DAMPING: Readonly<Record<UnitKind, number>> = {
  narrative: 1,
  "back-matter": 0.4,
  advice: 0.4,
  query: 0.3,
};

/** A sentence's scores: the most each label gets from the whole sentence or any of its clauses. */
function clauseMax(text: string, score: (t: string) => Float32Array): Float32Array {
  const out = score(text);
  for (const c of clauses(text)) {
    const p = score(c);
    for (let k = 0; k < out.length; k++) if (p[k] > out[k]) out[k] = p[k];
  }
  return out;
}

/** Name of the variant that leaves the relevance gate out (an ablation training may pick). */
export const UNGATED = "ungated";

// A sentence goes to the slow batched scorers when a fast component gives any label this much.
const ENCODE_FLOOR = 0.05;
// How a software mention lifts a sentence's score for the techniques ATT&CK records for it.
const SOFTWARE_SUPPORT = 0.1;
const SOFTWARE_LIFT = 0.3;
const SOFTWARE_CAP = 0.9;
// Model support a sentence needs before a technique name in it counts as a mention.
const NAME_SUPPORT = 0.1;
// Sentence probabilities below this are noise and are not kept as votes.
const VOTE_FLOOR = 0.05;

/**
 * From report text to ATT&CK techniques with evidence: one call, like a transformers.js pipeline.
 *
 * @example
 * const extractor = await Extractor.load();
 * const result = await extractor.analyze(text, { name: "report.pdf", type: "pdf" });
 */
export class Extractor {
  readonly kb: KnowledgeBase;
  readonly meta: ModelMeta;
  readonly components: readonly Component[];
  /** Report-level decision model over candidate features; absent = aggregated score. */
  readonly stacker?: ReportStacker;
  /** Learned factor for whether a sentence describes adversary behaviour; absent = 1. */
  readonly relevance?: RelevanceGate;
  #explicit: ExplicitMatcher;
  #software: SoftwareMatcher;
  #useExplicit: boolean;

  constructor(
    kb: KnowledgeBase,
    components: Component[],
    meta: ModelMeta,
    options: { explicit?: boolean; stacker?: ReportStacker; relevance?: RelevanceGate } = {},
  ) {
    this.kb = kb;
    this.meta = meta;
    this.components = components;
    this.stacker = options.stacker;
    this.relevance = options.relevance;
    this.#explicit = new ExplicitMatcher(kb);
    this.#software = new SoftwareMatcher(kb);
    this.#useExplicit = options.explicit ?? true;
  }

  /** Load the knowledge base and a trained model folder (default models/default). */
  static async load(
    options: { modelDir?: string; kb?: KnowledgeBase } = {},
  ): Promise<Extractor> {
    const dir = options.modelDir ?? join(modelsDir(), "default");
    let meta: ModelMeta;
    try {
      meta = JSON.parse(await Deno.readTextFile(join(dir, "meta.json")));
    } catch {
      throw new Error(
        `No trained model in ${dir}. Run \`deno task train\` (or \`deno task setup\`).`,
      );
    }
    const single = meta.variant && meta.variant in (meta.weights ?? {}) ? meta.variant : undefined;
    const weights = single ? { [single]: 1 } : meta.weights ?? { linear: 1 };
    const loaders: Record<string, (d: string) => Promise<SentenceScorer>> = {
      linear: SentenceClassifier.load,
      knn: KnnClassifier.load,
      neural: (d) => NeuralClassifier.load(d),
    };
    const components = await Promise.all(
      Object.entries(weights).filter(([name]) => loaders[name] && pathExists(join(dir, name)))
        .map(async ([name, weight]) => ({
          name,
          weight,
          scorer: await loaders[name](join(dir, name)),
        })),
    );
    if (components.length === 0) throw new Error(`${dir}: no model components found.`);
    const stacker = meta.stacker && (meta.variant ?? "stacked") === "stacked"
      ? ReportStacker.fromJSON(meta.stacker)
      : undefined;
    const gated = meta.variant !== UNGATED && pathExists(join(dir, "relevance"));
    const relevance = gated ? await RelevanceGate.load(join(dir, "relevance")) : undefined;
    const kb = await (options.kb ?? loadKnowledgeBase());
    return new Extractor(kb, components, meta, { stacker, relevance });
  }

  /** Score every sentence of a text for every technique (the input to aggregation and eval). */
  async sentenceAnalysis(text: string): Promise<SentenceAnalysis> {
    const sentences = splitSentences(text);
    const componentMax = new Map<string, Record<string, number>>();
    const explicit = new Map<string, Set<"id" | "name">>();
    const byTechnique = new Map<string, Map<number, number>>();
    const vote = (id: string, i: number, p: number) => {
      const scores = byTechnique.get(id) ?? new Map<number, number>();
      scores.set(i, Math.max(scores.get(i) ?? 0, p));
      byTechnique.set(id, scores);
    };
    const total = this.components.reduce((s, c) => s + c.weight, 0);
    const texts = sentences.map((s) => s.text);
    const perComponent: Float32Array[][] = this.components.map(({ scorer }) =>
      scorer.predictProba ? texts.map((t) => clauseMax(t, (u) => scorer.predictProba!(u))) : []
    );
    // Batched scorers (a sentence encoder: ~20 ms a sentence) only see the sentences that the
    // fast components or an explicit mention already flag; the rest score zero.
    const flagged = new Set<number>();
    perComponent.forEach((rows) =>
      rows.forEach((p, i) => {
        if (p.some((q) => q >= ENCODE_FLOOR)) flagged.add(i);
      })
    );
    if (perComponent.every((rows) => rows.length === 0)) texts.forEach((_, i) => flagged.add(i));
    for (const m of this.#explicit.find(sentences)) flagged.add(m.sentence);
    const picked = [...flagged].sort((a, b) => a - b);
    await Promise.all(this.components.map(async ({ scorer }, k) => {
      if (scorer.predictProba || !scorer.predictProbaBatch) return;
      const scores = await scorer.predictProbaBatch(picked.map((i) => texts[i]));
      const zero = new Float32Array(scorer.labels.length);
      perComponent[k] = texts.map(() => zero);
      picked.forEach((i, j) => (perComponent[k][i] = scores[j]));
    }));
    const kinds = unitKinds(text, sentences);
    sentences.forEach((sentence, i) => {
      const combined = new Map<string, number>();
      const damp = fragmentDamping(sentence.text) * KIND_DAMPING[kinds[i]] *
        (this.relevance?.factor(sentence.text) ?? 1);
      this.components.forEach(({ name, scorer, weight }, k) => {
        const p = perComponent[k][i];
        const labels = scorer.labels;
        for (let c = 0; c < p.length; c++) {
          if (p[c] < VOTE_FLOOR * 0.2) continue;
          const id = labels[c];
          combined.set(id, (combined.get(id) ?? 0) + (p[c] * weight) / total);
          const maxima = componentMax.get(id) ?? {};
          // Damped like the votes, so the stacker sees what a fragment or back matter is worth.
          maxima[name] = Math.max(maxima[name] ?? 0, p[c] * damp);
          componentMax.set(id, maxima);
        }
      });
      for (const [id, p] of combined) if (p * damp >= VOTE_FLOOR) vote(id, i, p * damp);
    });
    if (this.#useExplicit) {
      for (const m of this.#explicit.find(sentences)) {
        // A name ("Hardware", "Python") is only evidence when the models see some support too.
        const support = byTechnique.get(m.techniqueId)?.get(m.sentence) ?? 0;
        if (m.kind === "name" && support < NAME_SUPPORT) continue;
        // A written ID is the author's own mapping wherever it stands; a name in a recommendation
        // ("monitor scheduled task creation") is not an account of the attack.
        const where = m.kind === "id"
          ? 1
          : KIND_DAMPING[kinds[m.sentence]] * fragmentDamping(sentences[m.sentence].text);
        vote(m.techniqueId, m.sentence, EXPLICIT_SCORE[m.kind] * where);
        explicit.set(m.techniqueId, (explicit.get(m.techniqueId) ?? new Set()).add(m.kind));
      }
      // Software ATT&CK records doing a technique lends weight to a sentence that already
      // leans that way ("used Mimikatz to harvest credentials"), never to one that does not.
      for (const m of this.#software.find(sentences)) {
        for (const id of m.techniqueIds) {
          const support = byTechnique.get(id)?.get(m.sentence) ?? 0;
          if (support >= SOFTWARE_SUPPORT) {
            vote(id, m.sentence, Math.min(SOFTWARE_CAP, support + SOFTWARE_LIFT));
          }
        }
      }
    }
    const votes = [...byTechnique].map(([techniqueId, scores]) => ({ techniqueId, scores }));
    return { sentences, votes, componentMax, explicit };
  }

  /** Every technique with any support in the text, with its aggregated score and features. */
  candidates(analysis: SentenceAnalysis, options: AggregateOptions = {}): Candidate[] {
    const { sentences, votes, componentMax, explicit } = analysis;
    const aggregated = new Map<string, { score: number; evidence: Evidence[] }>();
    for (const v of votes) aggregated.set(v.techniqueId, aggregate(v, sentences, options));
    const out: Candidate[] = [];
    for (const v of votes) {
      const tech = this.kb.techniqueById(v.techniqueId);
      if (!tech) continue;
      const { score, evidence } = aggregated.get(v.techniqueId)!;
      const subs = tech.isSubtechnique
        ? []
        : [...aggregated].filter(([id]) => id.startsWith(`${tech.id}.`)).map(([, a]) => a.score);
      const features = reportFeatures({
        votes: v,
        score,
        componentMax: Object.fromEntries(
          this.components.map((c) => [c.name, componentMax.get(v.techniqueId)?.[c.name] ?? 0]),
        ),
        explicitId: explicit.get(v.techniqueId)?.has("id") ?? false,
        explicitName: explicit.get(v.techniqueId)?.has("name") ?? false,
        prior: this.meta.priors?.[tech.id] ?? 0,
        parentScore: tech.parentId ? aggregated.get(tech.parentId)?.score ?? 0 : 0,
        bestSubScore: Math.max(0, ...subs),
        isSubtechnique: tech.isSubtechnique,
        sentenceCount: sentences.length,
      });
      out.push({ id: tech.id, name: tech.name, tactics: tech.tactics, score, evidence, features });
    }
    return out;
  }

  #stackerRow(c: Candidate): number[] {
    return this.stacker!.toJSON().featureNames.map((n) => c.features[n] ?? 0);
  }

  /** Analyse one report's text and return techniques sorted by score, with evidence. */
  async analyze(
    text: string,
    source: Omit<SourceInfo, "chars"> & { chars?: number },
    options: AnalyzeOptions = {},
  ): Promise<AnalysisResult> {
    const minScore = options.minScore ?? this.meta.threshold;
    const candidates = this.candidates(await this.sentenceAnalysis(text), options);
    const techniques: TechniqueResult[] = [];
    for (const c of candidates) {
      if (options.labelSet && !options.labelSet.has(c.id)) continue;
      // A technique ID written in the report is the author's own mapping: the stacker may
      // raise it but never drop it.
      const stacked = this.stacker
        ? round(this.stacker.predictProba(this.#stackerRow(c)))
        : c.score;
      const score = c.features.explicitId ? Math.max(stacked, c.score) : stacked;
      if (score < minScore) continue;
      techniques.push({ id: c.id, name: c.name, tactics: c.tactics, score, evidence: c.evidence });
    }
    techniques.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
    return {
      source: { ...source, chars: source.chars ?? text.length },
      attack: { domain: this.kb.domain, version: this.kb.version },
      model: { name: this.meta.name, version: this.meta.version },
      techniques,
    };
  }
}
