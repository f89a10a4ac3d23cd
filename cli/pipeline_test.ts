/**
 * Runs all ten notebooks headless in quick mode (temporary data/ and models/), as CI does: fails
 * on any failing cell or any cell whose output stays lost after reruns. Needs Jupyter with
 * nbconvert (`./ttp test` installs it); set TTP_SKIP_NOTEBOOKS=1 to skip on a machine without.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { REPO_ROOT } from "../lib/data/paths.ts";

const skip = /^(1|true|yes)$/i.test(Deno.env.get("TTP_SKIP_NOTEBOOKS") ?? "");

Deno.test({
  name: "pipeline: all ten notebooks run headless in quick mode without losing output",
  ignore: skip,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const reports = await Deno.makeTempDir({ prefix: "ttp-pipeline-test-" });
    try {
      const env = { ...Deno.env.toObject() };
      // Each run gets its own temporary data and models (never the real models/default).
      delete env.TTP_DATA_DIR;
      delete env.TTP_MODELS_DIR;
      const out = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          join(REPO_ROOT, "cli", "pipeline.ts"),
          "--quick",
          "--all",
          "--reports",
          reports,
        ],
        cwd: REPO_ROOT,
        env,
        clearEnv: true,
        stdout: "piped",
        stderr: "piped",
      }).output();
      const log = new TextDecoder().decode(out.stderr);
      assert.ok(out.success, `pipeline failed:\n${log.slice(-6000)}`);
      const html = [...Deno.readDirSync(reports)].map((e) => e.name).filter((n) =>
        n.endsWith(".html")
      );
      assert.equal(html.length, 10, `rendered reports: ${html.join(", ")}`);
      const timings = JSON.parse(await Deno.readTextFile(join(reports, "timings.json")));
      assert.equal(timings.quick, true);
      assert.equal(timings.timings.length, 10);
    } finally {
      await Deno.remove(reports, { recursive: true });
    }
  },
});
