/** SQLite persistence of analyses, their techniques with evidence, and analyst decisions. */
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { DatabaseSync, type SQLInputValue } from "node:sqlite";
import { dataDir } from "../data/paths.ts";
import type { AnalysisResult, SourceInfo } from "../extract/types.ts";
import { migrate } from "./schema.ts";
import type {
  AnalysisSummary,
  Decision,
  DecisionInput,
  DecisionRecord,
  Review,
  StoredAnalysis,
  StoredTechnique,
} from "./types.ts";

/** Where the database lives unless told: TTP_DB, else data/ttp.sqlite. */
export function defaultDbPath(): string {
  return Deno.env.get("TTP_DB") ?? join(dataDir(), "ttp.sqlite");
}

/** How a new analysis is recorded. */
export interface SaveOptions {
  /** The model threshold when the analysis was made. */
  threshold: number;
  /** Lowest candidate score kept in `result` (default: the lowest technique score). */
  candidateFloor?: number;
  /** The analysed text (offsets of evidence point into it). */
  text: string;
  createdAt?: string;
}

/** Paging and filtering of {@link AnalysisStore.list}. */
export interface ListOptions {
  limit?: number;
  offset?: number;
  /** Case-insensitive substring of the source name or title. */
  query?: string;
}

type Row = Record<string, unknown>;

const str = (
  v: unknown,
): string | undefined => (v === null || v === undefined ? undefined : String(v));
const num = (
  v: unknown,
): number | undefined => (v === null || v === undefined ? undefined : Number(v));

function sourceFrom(r: Row): SourceInfo {
  const s: SourceInfo = {
    name: String(r.source_name),
    type: String(r.source_type),
    chars: Number(r.chars),
  };
  if (r.title !== null) s.title = String(r.title);
  if (r.sha256 !== null) s.sha256 = String(r.sha256);
  if (r.url !== null) s.url = String(r.url);
  return s;
}

function provenanceFrom(r: Row) {
  return {
    attack: { domain: String(r.attack_domain), version: String(r.attack_version) },
    model: { name: String(r.model_name), version: String(r.model_version) },
    threshold: Number(r.threshold),
    candidateFloor: Number(r.candidate_floor),
  };
}

function recordFrom(r: Row): DecisionRecord {
  const rec: DecisionRecord = {
    id: Number(r.id),
    techniqueId: String(r.technique_id),
    decision: String(r.decision) as DecisionRecord["decision"],
    decidedAt: String(r.decided_at),
  };
  const optional = {
    start: num(r.span_start),
    end: num(r.span_end),
    text: str(r.text),
    reviewer: str(r.reviewer),
    note: str(r.note),
  };
  for (const [k, v] of Object.entries(optional)) {
    if (v !== undefined) Object.assign(rec, { [k]: v });
  }
  return rec;
}

// Latest decision per technique; a trailing "cleared" means no decision.
const CURRENT_DECISIONS = `
  SELECT d.* FROM decisions d
  WHERE d.analysis_id = ? AND d.id = (
    SELECT max(id) FROM decisions WHERE analysis_id = d.analysis_id AND technique_id = d.technique_id
  ) AND d.decision != 'cleared'`;

/**
 * The analysis database: one SQLite file in WAL mode, migrated on open.
 *
 * @example
 * const store = AnalysisStore.open(":memory:");
 * const id = store.save(result, { text, threshold: 0.55 });
 * store.decide(id, { techniqueId: "T1490", decision: "accepted", reviewer: "ana" });
 * store.get(id)?.techniques.find((t) => t.id === "T1490")?.review?.decision; // "accepted"
 */
export class AnalysisStore {
  readonly path: string;
  readonly db: DatabaseSync;

  private constructor(path: string, db: DatabaseSync) {
    this.path = path;
    this.db = db;
  }

  /** Open (creating and migrating as needed) the database at `path` (default {@link defaultDbPath}). */
  static open(path: string = defaultDbPath()): AnalysisStore {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    const db = new DatabaseSync(path);
    // WAL lets the page read history while an analysis is being written.
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = NORMAL");
    db.exec("PRAGMA foreign_keys = ON");
    db.exec("PRAGMA busy_timeout = 5000");
    migrate(db);
    return new AnalysisStore(path, db);
  }

  /** Close the database file. */
  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  #tx<T>(fn: () => T): T {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const out = fn();
      this.db.exec("COMMIT");
      return out;
    } catch (e) {
      this.db.exec("ROLLBACK");
      throw e;
    }
  }

  /** Record an analysis with all its candidate techniques; returns its id. */
  save(result: AnalysisResult, options: SaveOptions): number {
    const floor = options.candidateFloor ??
      Math.min(options.threshold, ...result.techniques.map((t) => t.score));
    return this.#tx(() => {
      const s = result.source;
      const { lastInsertRowid } = this.db.prepare(
        `INSERT INTO analyses (created_at, source_name, source_type, title, sha256, url, chars, text,
          model_name, model_version, attack_domain, attack_version, threshold, candidate_floor)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        options.createdAt ?? new Date().toISOString(),
        s.name,
        s.type,
        s.title ?? null,
        s.sha256 ?? null,
        s.url ?? null,
        s.chars,
        options.text,
        result.model.name,
        result.model.version,
        result.attack.domain,
        result.attack.version,
        options.threshold,
        floor,
      );
      const id = Number(lastInsertRowid);
      const tech = this.db.prepare(
        "INSERT INTO techniques (analysis_id, technique_id, name, tactics, score) VALUES (?, ?, ?, ?, ?)",
      );
      const ev = this.db.prepare(
        `INSERT INTO evidence (analysis_id, technique_id, rank, span_start, span_end, text, score)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const t of result.techniques) {
        tech.run(id, t.id, t.name, JSON.stringify(t.tactics), t.score);
        t.evidence.forEach((e, rank) => ev.run(id, t.id, rank, e.start, e.end, e.text, e.score));
      }
      return id;
    });
  }

  /** The newest analysis of the content with this SHA-256, if any. */
  findBySha256(sha256: string): AnalysisSummary | undefined {
    const row = this.db.prepare(
      "SELECT id FROM analyses WHERE sha256 = ? ORDER BY id DESC LIMIT 1",
    ).get(sha256) as Row | undefined;
    return row ? this.summary(Number(row.id)) : undefined;
  }

  /** Earlier analyses, newest first. */
  list(options: ListOptions = {}): { items: AnalysisSummary[]; total: number } {
    const limit = Math.max(1, Math.min(options.limit ?? 50, 500));
    const offset = Math.max(0, options.offset ?? 0);
    const where = options.query
      ? "WHERE source_name LIKE ? ESCAPE '\\' OR title LIKE ? ESCAPE '\\'"
      : "";
    const like = options.query ? [`%${options.query.replace(/[\\%_]/g, "\\$&")}%`] : [];
    const params: SQLInputValue[] = options.query ? [...like, ...like] : [];
    const total = Number(
      (this.db.prepare(`SELECT count(*) AS n FROM analyses ${where}`).get(...params) as Row).n,
    );
    const ids = this.db.prepare(
      `SELECT id FROM analyses ${where} ORDER BY id DESC LIMIT ? OFFSET ?`,
    ).all(...params, limit, offset) as Row[];
    return { items: ids.map((r) => this.summary(Number(r.id))!), total };
  }

  /** One history line, or undefined when there is no such analysis. */
  summary(id: number): AnalysisSummary | undefined {
    const r = this.db.prepare(
      `SELECT id, created_at, source_name, source_type, title, sha256, url, chars, model_name,
        model_version, attack_domain, attack_version, threshold, candidate_floor,
        (SELECT count(*) FROM techniques t WHERE t.analysis_id = a.id AND t.score >= a.threshold)
          AS above
       FROM analyses a WHERE id = ?`,
    ).get(id) as Row | undefined;
    if (!r) return undefined;
    const reviews: Record<Decision, number> = { accepted: 0, rejected: 0, added: 0 };
    for (const d of this.db.prepare(CURRENT_DECISIONS).all(id) as Row[]) {
      reviews[d.decision as Decision]++;
    }
    return {
      id: Number(r.id),
      createdAt: String(r.created_at),
      source: sourceFrom(r),
      ...provenanceFrom(r),
      techniques: Number(r.above),
      reviews,
    };
  }

  /** A whole analysis: text, every stored candidate with evidence, and the current decisions. */
  get(id: number): StoredAnalysis | undefined {
    const a = this.db.prepare("SELECT * FROM analyses WHERE id = ?").get(id) as Row | undefined;
    if (!a) return undefined;
    const evidence = new Map<string, StoredTechnique["evidence"]>();
    for (
      const e of this.db.prepare(
        "SELECT * FROM evidence WHERE analysis_id = ? ORDER BY technique_id, rank",
      ).all(id) as Row[]
    ) {
      const list = evidence.get(String(e.technique_id)) ?? [];
      list.push({
        text: String(e.text),
        start: Number(e.span_start),
        end: Number(e.span_end),
        score: Number(e.score),
      });
      evidence.set(String(e.technique_id), list);
    }
    const techniques = new Map<string, StoredTechnique>();
    for (
      const t of this.db.prepare(
        "SELECT * FROM techniques WHERE analysis_id = ? ORDER BY score DESC, technique_id",
      ).all(id) as Row[]
    ) {
      const tid = String(t.technique_id);
      techniques.set(tid, {
        id: tid,
        name: String(t.name),
        tactics: JSON.parse(String(t.tactics)),
        score: Number(t.score),
        evidence: evidence.get(tid) ?? [],
        predicted: true,
      });
    }
    for (const d of this.db.prepare(CURRENT_DECISIONS).all(id) as Row[]) {
      const { id: _id, techniqueId, ...review } = recordFrom(d);
      let t = techniques.get(techniqueId);
      if (!t) {
        // Only an added technique has no prediction; its name and tactics came with it.
        t = {
          id: techniqueId,
          name: str(d.technique_name) ?? techniqueId,
          tactics: d.tactics ? JSON.parse(String(d.tactics)) : [],
          score: 1,
          evidence: [],
          predicted: false,
        };
        techniques.set(techniqueId, t);
      }
      if (review.start !== undefined && review.end !== undefined && review.text !== undefined) {
        const already = t.evidence.some((e) => e.start === review.start && e.end === review.end);
        if (!already && review.decision === "added") {
          t.evidence.unshift({ text: review.text, start: review.start, end: review.end, score: 1 });
        }
      }
      t.review = review as Review;
    }
    return {
      id: Number(a.id),
      createdAt: String(a.created_at),
      source: sourceFrom(a),
      ...provenanceFrom(a),
      text: String(a.text),
      techniques: [...techniques.values()],
    };
  }

  /** Delete an analysis with its techniques and decisions; false when there was none. */
  delete(id: number): boolean {
    return Number(this.db.prepare("DELETE FROM analyses WHERE id = ?").run(id).changes) > 0;
  }

  /** Append a decision (or a "cleared" withdrawal) for one technique of an analysis. */
  decide(analysisId: number, input: DecisionInput): DecisionRecord {
    const decidedAt = input.decidedAt ?? new Date().toISOString();
    const { lastInsertRowid } = this.db.prepare(
      `INSERT INTO decisions (analysis_id, technique_id, decision, span_start, span_end, text,
        technique_name, tactics, reviewer, note, decided_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      analysisId,
      input.techniqueId,
      input.decision,
      input.start ?? null,
      input.end ?? null,
      input.text ?? null,
      input.name ?? null,
      input.tactics ? JSON.stringify(input.tactics) : null,
      input.reviewer ?? null,
      input.note ?? null,
      decidedAt,
    );
    return recordFrom(
      this.db.prepare("SELECT * FROM decisions WHERE id = ?").get(Number(lastInsertRowid)) as Row,
    );
  }

  /** Every decision ever recorded on an analysis, oldest first. */
  history(analysisId: number): DecisionRecord[] {
    return (this.db.prepare("SELECT * FROM decisions WHERE analysis_id = ? ORDER BY id").all(
      analysisId,
    ) as Row[]).map(recordFrom);
  }

  /** Current (not withdrawn) decisions of every analysis, with the analysis id. */
  currentDecisions(): (DecisionRecord & { analysisId: number })[] {
    const rows = this.db.prepare(
      `SELECT d.* FROM decisions d WHERE d.id = (
         SELECT max(id) FROM decisions
         WHERE analysis_id = d.analysis_id AND technique_id = d.technique_id
       ) AND d.decision != 'cleared' ORDER BY d.analysis_id, d.id`,
    ).all() as Row[];
    return rows.map((r) => ({ ...recordFrom(r), analysisId: Number(r.analysis_id) }));
  }
}
