/** Helpers shared by tests: where the real data is, and the trained default model. */
import { join } from "node:path";
import { Extractor } from "./extract/extractor.ts";
import { modelsDir, REPO_ROOT, SHARED_DATA_DIR } from "./data/paths.ts";

/** Real report files from ../shared/data/reports. */
export const REPORTS_DIR: string = join(SHARED_DATA_DIR, "reports");

/** Path of a real report file. */
export function reportPath(name: string): string {
  return join(REPORTS_DIR, name);
}

let extractor: Promise<Extractor> | undefined;

/** The default model trained by `deno task setup` (loaded once per test process). */
export function defaultExtractor(): Promise<Extractor> {
  extractor ??= Extractor.load({ modelDir: join(modelsDir(), "default") });
  return extractor;
}

export { REPO_ROOT };
