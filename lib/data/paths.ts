import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Absolute path of the repository root (this file lives in lib/data/). */
export const REPO_ROOT: string = fileURLToPath(new URL("../../", import.meta.url)).replace(
  /\/$/,
  "",
);

/** Where pipeline outputs go (data/ at the repo root, or TTP_DATA_DIR). */
export function dataDir(): string {
  return Deno.env.get("TTP_DATA_DIR") ?? join(REPO_ROOT, "data");
}

/** Where trained models go (models/ at the repo root, or TTP_MODELS_DIR). */
export function modelsDir(): string {
  return Deno.env.get("TTP_MODELS_DIR") ?? join(REPO_ROOT, "models");
}

/** The shared read-only data next to the repo (../shared/data), used when present. */
export const SHARED_DATA_DIR: string = join(REPO_ROOT, "..", "shared", "data");

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The folder holding the raw corpora in the shared layout (attack/, tram/, annoctr/):
 * TTP_DATA_MIRROR if set, else ../shared/data when present, else data/raw (filled by download).
 */
export function rawDataDir(): string {
  const mirror = Deno.env.get("TTP_DATA_MIRROR");
  if (mirror) return mirror;
  if (exists(join(SHARED_DATA_DIR, "attack", "enterprise-attack.json"))) return SHARED_DATA_DIR;
  return join(dataDir(), "raw");
}

export { exists as pathExists };
