/** The database schema as numbered migrations, applied in order and recorded in the database. */
import type { DatabaseSync } from "node:sqlite";

/** One schema step; `version` numbers are dense and never reused. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every migration so far. Append new ones; never edit an applied one. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "analyses, predicted techniques with evidence, analyst decisions",
    sql: `
      CREATE TABLE analyses (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at TEXT NOT NULL,
        source_name TEXT NOT NULL,
        source_type TEXT NOT NULL,
        title TEXT,
        sha256 TEXT,
        url TEXT,
        chars INTEGER NOT NULL,
        text TEXT NOT NULL,
        model_name TEXT NOT NULL,
        model_version TEXT NOT NULL,
        attack_domain TEXT NOT NULL,
        attack_version TEXT NOT NULL,
        threshold REAL NOT NULL,
        candidate_floor REAL NOT NULL
      );
      CREATE INDEX analyses_sha256 ON analyses (sha256, id);

      CREATE TABLE techniques (
        analysis_id INTEGER NOT NULL REFERENCES analyses (id) ON DELETE CASCADE,
        technique_id TEXT NOT NULL,
        name TEXT NOT NULL,
        tactics TEXT NOT NULL,
        score REAL NOT NULL,
        PRIMARY KEY (analysis_id, technique_id)
      );

      CREATE TABLE evidence (
        analysis_id INTEGER NOT NULL,
        technique_id TEXT NOT NULL,
        rank INTEGER NOT NULL,
        span_start INTEGER NOT NULL,
        span_end INTEGER NOT NULL,
        text TEXT NOT NULL,
        score REAL NOT NULL,
        PRIMARY KEY (analysis_id, technique_id, rank),
        FOREIGN KEY (analysis_id, technique_id)
          REFERENCES techniques (analysis_id, technique_id) ON DELETE CASCADE
      );

      -- Append-only: the latest row per (analysis, technique) is the current decision, so
      -- who changed their mind and when is never lost.
      CREATE TABLE decisions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        analysis_id INTEGER NOT NULL REFERENCES analyses (id) ON DELETE CASCADE,
        technique_id TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected', 'added', 'cleared')),
        span_start INTEGER,
        span_end INTEGER,
        text TEXT,
        technique_name TEXT,
        tactics TEXT,
        reviewer TEXT,
        note TEXT,
        decided_at TEXT NOT NULL
      );
      CREATE INDEX decisions_by_technique ON decisions (analysis_id, technique_id, id);
    `,
  },
];

/** The schema version a database is at (0 for a new file). */
export function schemaVersion(db: DatabaseSync): number {
  const row = db.prepare("PRAGMA user_version").get() as { user_version: number } | undefined;
  return row?.user_version ?? 0;
}

/**
 * Bring a database up to the latest schema. Each migration runs in its own transaction and is
 * recorded in `schema_migrations` (and `PRAGMA user_version`, which SQLite tools show).
 */
export function migrate(db: DatabaseSync, migrations: readonly Migration[] = MIGRATIONS): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const current = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new Error(
      `The database is at schema version ${current}, newer than this program knows (${latest}). ` +
        `Update the program or point TTP_DB at another file.`,
    );
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec(m.sql);
      db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")
        .run(m.version, m.name, new Date().toISOString());
      db.exec(`PRAGMA user_version = ${m.version}`);
      db.exec("COMMIT");
    } catch (e) {
      db.exec("ROLLBACK");
      throw new Error(`Migration ${m.version} (${m.name}) failed: ${(e as Error).message}`);
    }
  }
  return latest;
}
