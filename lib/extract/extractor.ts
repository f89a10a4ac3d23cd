import { join } from "node:path";
import type { KnowledgeBase } from "../attack/knowledge_base.ts";
import { modelsDir } from "../data/paths.ts";
import { loadKnowledgeBase } from "../data/load.ts";
import { SentenceClassifier } from "../model/sentence_classifier.ts";
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
  metrics?: Record<string, number>;
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
  #classifier: SentenceClassifier;
  #explicit: ExplicitMatcher;

  constructor(kb: KnowledgeBase, classifier: SentenceClassifier, meta: ModelMeta) {
    this.kb = kb;
    this.meta = meta;
    this.#classifier = classifier;
    this.#explicit = new ExplicitMatcher(kb);
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
    const [kb, classifier] = await Promise.all([
      options.kb ?? loadKnowledgeBase(),
      SentenceClassifier.load(join(dir, "linear")),
    ]);
    return new Extractor(kb, classifier, meta);
  }

  /** Score every sentence of a text for every technique (the input to aggregation and eval). */
  sentenceAnalysis(text: string): SentenceAnalysis {
    const sentences = splitSentences(text);
    const labels = this.#classifier.labels;
    const byTechnique = new Map<string, Map<number, number>>();
    const vote = (id: string, i: number, p: number) => {
      const scores = byTechnique.get(id) ?? new Map<number, number>();
      scores.set(i, Math.max(scores.get(i) ?? 0, p));
      byTechnique.set(id, scores);
    };
    sentences.forEach((s, i) => {
      const p = this.#classifier.predictProba(s.text);
      for (let c = 0; c < p.length; c++) if (p[c] >= VOTE_FLOOR) vote(labels[c], i, p[c]);
    });
    for (const m of this.#explicit.find(sentences)) {
      vote(m.techniqueId, m.sentence, EXPLICIT_SCORE[m.kind]);
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
