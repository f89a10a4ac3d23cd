import { join } from "node:path";
import type { KnowledgeBase } from "../attack/knowledge_base.ts";
import { modelsDir } from "../data/paths.ts";
import { loadKnowledgeBase } from "../data/load.ts";
import { KnnClassifier } from "../model/knn.ts";
import { SentenceClassifier } from "../model/sentence_classifier.ts";
import { pathExists } from "../data/paths.ts";
import { type Sentence, splitSentences } from "../text/mod.ts";
import { aggregate, type AggregateOptions, type SentenceVotes } from "./aggregate.ts";
import { ExplicitMatcher } from "./explicit.ts";
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
  /** Calibrated threshold of each variant (each component alone, "ensemble"). */
  thresholds?: Record<string, number>;
  /** Ensemble weight of each component folder (linear/, knn/); missing folders are skipped. */
  weights?: Record<string, number>;
  metrics?: Record<string, number>;
}

/** Anything that scores one sentence for a fixed list of techniques. */
export interface SentenceScorer {
  readonly labels: readonly string[];
  predictProba(text: string): Float32Array;
}

/** A scorer with its weight in the ensemble. */
export interface Component {
  name: string;
  scorer: SentenceScorer;
  weight: number;
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
}

// Sentence probability granted by naming a technique outright.
const EXPLICIT_SCORE = { id: 0.97, name: 0.8 } as const;
// Model support a sentence needs before a technique name in it counts as a mention.
const NAME_SUPPORT = 0.1;
// Sentence probabilities below this are noise and are not kept as votes.
const VOTE_FLOOR = 0.05;

/**
 * From report text to ATT&CK techniques with evidence: one call, like a transformers.js pipeline.
 *
 * @example
 * const extractor = await Extractor.load();
 * const result = extractor.analyze(text, { name: "report.pdf", type: "pdf" });
 */
export class Extractor {
  readonly kb: KnowledgeBase;
  readonly meta: ModelMeta;
  readonly components: readonly Component[];
  #explicit: ExplicitMatcher;
  #useExplicit: boolean;

  constructor(
    kb: KnowledgeBase,
    components: Component[],
    meta: ModelMeta,
    options: { explicit?: boolean } = {},
  ) {
    this.kb = kb;
    this.meta = meta;
    this.components = components;
    this.#explicit = new ExplicitMatcher(kb);
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
    const weights = meta.weights ?? { linear: 1 };
    const loaders: Record<string, (d: string) => Promise<SentenceScorer>> = {
      linear: SentenceClassifier.load,
      knn: KnnClassifier.load,
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
    return new Extractor(await (options.kb ?? loadKnowledgeBase()), components, meta);
  }

  /** Score every sentence of a text for every technique (the input to aggregation and eval). */
  sentenceAnalysis(text: string): SentenceAnalysis {
    const sentences = splitSentences(text);
    const byTechnique = new Map<string, Map<number, number>>();
    const vote = (id: string, i: number, p: number) => {
      const scores = byTechnique.get(id) ?? new Map<number, number>();
      scores.set(i, Math.max(scores.get(i) ?? 0, p));
      byTechnique.set(id, scores);
    };
    const total = this.components.reduce((s, c) => s + c.weight, 0);
    sentences.forEach((s, i) => {
      const combined = new Map<string, number>();
      for (const { scorer, weight } of this.components) {
        const p = scorer.predictProba(s.text);
        const labels = scorer.labels;
        for (let c = 0; c < p.length; c++) {
          if (p[c] * weight >= VOTE_FLOOR * 0.2) {
            combined.set(labels[c], (combined.get(labels[c]) ?? 0) + (p[c] * weight) / total);
          }
        }
      }
      for (const [id, p] of combined) if (p >= VOTE_FLOOR) vote(id, i, p);
    });
    if (this.#useExplicit) {
      for (const m of this.#explicit.find(sentences)) {
        // A name ("Hardware", "Python") is only evidence when the models see some support too.
        const support = byTechnique.get(m.techniqueId)?.get(m.sentence) ?? 0;
        if (m.kind === "name" && support < NAME_SUPPORT) continue;
        vote(m.techniqueId, m.sentence, EXPLICIT_SCORE[m.kind]);
      }
    }
    const votes = [...byTechnique].map(([techniqueId, scores]) => ({ techniqueId, scores }));
    return { sentences, votes };
  }

  /** Analyse one report's text and return techniques sorted by score, with evidence. */
  analyze(
    text: string,
    source: Omit<SourceInfo, "chars"> & { chars?: number },
    options: AnalyzeOptions = {},
  ): AnalysisResult {
    const minScore = options.minScore ?? this.meta.threshold;
    const { sentences, votes } = this.sentenceAnalysis(text);
    const techniques: TechniqueResult[] = [];
    for (const v of votes) {
      if (options.labelSet && !options.labelSet.has(v.techniqueId)) continue;
      const tech = this.kb.techniqueById(v.techniqueId);
      if (!tech) continue;
      const { score, evidence } = aggregate(v, sentences, options);
      if (score < minScore) continue;
      techniques.push({ id: tech.id, name: tech.name, tactics: tech.tactics, score, evidence });
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
