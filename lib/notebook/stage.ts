import { join } from "node:path";
import { dataDir } from "../data/paths.ts";

/** Whether the pipeline runs on a small sample (env TTP_QUICK=1, set by `pipeline --quick`). */
export function quickMode(): boolean {
  return /^(1|true|yes)$/i.test(Deno.env.get("TTP_QUICK") ?? "");
}

/** The folder of one pipeline stage's output under data/ (created if missing). */
export async function stageDir(name: string): Promise<string> {
  const dir = join(dataDir(), name);
  await Deno.mkdir(dir, { recursive: true });
  return dir;
}

/** The stage output folders, in pipeline order. */
export const STAGES = {
  dataset: "01_dataset",
  preprocessed: "02_preprocessed_dataset",
  scraped: "03_scraping_data",
  joined: "04_preprocessing_scraped",
  balanced: "05_balancing",
  cleaned: "06_cleaning_balanced",
  jsonl: "07_csv_to_jsonl",
  fineTuning: "08_fine_tuning",
} as const;

/**
 * Progress on stderr. When TTP_PROGRESS_LOG names a file (the pipeline runner sets it), the line
 * is also appended there, so a headless run can show it live.
 */
export function progress(message: string): void {
  console.error(message);
  const log = Deno.env.get("TTP_PROGRESS_LOG");
  if (log) Deno.writeTextFileSync(log, `${message}\n`, { append: true });
}

/** `n` items spread evenly over a list (deterministic; all of them when n >= length). */
export function sample<T>(items: T[], n: number): T[] {
  if (n >= items.length) return [...items];
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]);
}

/** Write items as JSON Lines. */
export async function writeJsonl(path: string, items: unknown[]): Promise<void> {
  await Deno.writeTextFile(path, items.map((x) => JSON.stringify(x)).join("\n") + "\n");
}

/** Read JSON Lines written by `writeJsonl`. */
export async function readJsonl<T>(path: string): Promise<T[]> {
  return (await Deno.readTextFile(path)).split("\n").filter((l) => l.trim()).map((l) =>
    JSON.parse(l) as T
  );
}

/** Seconds since `start` (a `performance.now()` value), to one decimal. */
export function secondsSince(start: number): number {
  return Math.round((performance.now() - start) / 100) / 10;
}
