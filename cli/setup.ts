/**
 * `deno task setup`: make sure the raw data and the default model exist. Uses ../shared/data
 * (or TTP_DATA_MIRROR) when present, else downloads from upstream; trains the model if missing.
 */
import { join } from "node:path";
import { downloadCorpora, modelsDir, pathExists, rawDataDir } from "../lib/data/mod.ts";
import { progress } from "./_progress.ts";

const raw = rawDataDir();
if (pathExists(join(raw, "attack", "enterprise-attack.json")) && pathExists(join(raw, "tram"))) {
  progress(`data: using ${raw}`);
} else {
  progress(`data: downloading into ${raw}`);
  await downloadCorpora(raw, progress);
}
const model = join(modelsDir(), "default", "meta.json");
if (pathExists(model)) {
  progress(`model: ${model} present`);
} else {
  progress("model: none yet, training the default model (a few minutes on 2 cores)");
  const cmd = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(import.meta.dirname!, "train.ts")],
    stdout: "inherit",
    stderr: "inherit",
  });
  const { code } = await cmd.output();
  if (code !== 0) Deno.exit(code);
}
