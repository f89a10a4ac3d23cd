import { basename, dirname, join } from "node:path";

/** A notebook cell as stored in .ipynb (the fields the runner reads). */
interface Cell {
  cell_type: string;
  source: string | string[];
  metadata?: { tags?: string[] };
  outputs?: { output_type: string; ename?: string; evalue?: string }[];
}

/** What is wrong with an executed notebook's outputs. */
export interface OutputProblems {
  /** Code cells (0-based index among all cells) that should have shown something and did not. */
  lost: number[];
  /** Cells whose output is an error. */
  errors: { cell: number; error: string }[];
}

/** The tag that marks a code cell as producing no output on purpose (imports, setup). */
export const NO_OUTPUT_TAG = "no-output";

/**
 * Check an executed notebook: every code cell not tagged `no-output` must have a display or
 * result output (stream text alone does not count), and no cell may hold an error.
 */
export function checkOutputs(notebook: { cells: Cell[] }): OutputProblems {
  const lost: number[] = [];
  const errors: OutputProblems["errors"] = [];
  notebook.cells.forEach((c, i) => {
    if (c.cell_type !== "code") return;
    for (const o of c.outputs ?? []) {
      if (o.output_type === "error") errors.push({ cell: i, error: `${o.ename}: ${o.evalue}` });
    }
    if (c.metadata?.tags?.includes(NO_OUTPUT_TAG)) return;
    const shown = (c.outputs ?? []).some((o) =>
      o.output_type === "display_data" || o.output_type === "execute_result"
    );
    if (!shown) lost.push(i);
  });
  return { lost, errors };
}

/** A notebook with no outputs and no execution counts (how notebooks are committed). */
export function stripOutputs<T extends { cells: Cell[] }>(notebook: T): T {
  return {
    ...notebook,
    cells: notebook.cells.map((c) =>
      c.cell_type === "code" ? { ...c, outputs: [], execution_count: null } : c
    ),
  };
}

/** Options of `executeNotebook`. */
export interface ExecuteOptions {
  /** Folder of the executed copy (`<name>.ipynb`). */
  outDir: string;
  /** Environment for the kernel (TTP_QUICK, TTP_DATA_DIR, …) on top of this process's. */
  env?: Record<string, string>;
  /** Per-cell timeout in seconds. Default 1800. */
  cellTimeout?: number;
  /** Reruns when outputs were lost. Default 2. */
  retries?: number;
  /** Repository root (holds .jupyter/kernels/deno). */
  root: string;
  log?: (message: string) => void;
}

/** Result of running one notebook. */
export interface ExecuteResult {
  executed: string;
  seconds: number;
  attempts: number;
}

async function run(cmd: string, args: string[], env: Record<string, string>, cwd: string) {
  const out = await new Deno.Command(cmd, { args, env, cwd, stdout: "piped", stderr: "piped" })
    .output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  return { ok: out.success, text };
}

/** Environment in which `jupyter` finds the committed Deno kernelspec and this Deno binary. */
export function kernelEnv(
  root: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  const jupyterPath = [join(root, ".jupyter"), Deno.env.get("JUPYTER_PATH")].filter(Boolean);
  return {
    ...extra,
    JUPYTER_PATH: jupyterPath.join(":"),
    PATH: `${dirname(Deno.execPath())}:${Deno.env.get("PATH") ?? ""}`,
    NO_COLOR: "1",
    DENO_NO_UPDATE_CHECK: "1",
  };
}

/**
 * Execute a notebook headless with the Deno kernel (jupyter nbconvert), fail on the first failing
 * cell, and rerun when the kernel lost a cell's output; throws when outputs stay lost.
 */
export async function executeNotebook(
  path: string,
  options: ExecuteOptions,
): Promise<ExecuteResult> {
  const log = options.log ?? (() => {});
  const name = basename(path, ".ipynb");
  await Deno.mkdir(options.outDir, { recursive: true });
  const executed = join(options.outDir, `${name}.ipynb`);
  const env = kernelEnv(options.root, options.env);
  const retries = options.retries ?? 2;
  const started = performance.now();
  for (let attempt = 1;; attempt++) {
    const r = await run(
      "jupyter-nbconvert",
      [
        "--to",
        "notebook",
        "--execute",
        "--ExecutePreprocessor.kernel_name=deno",
        `--ExecutePreprocessor.timeout=${options.cellTimeout ?? 1800}`,
        "--output-dir",
        options.outDir,
        "--output",
        `${name}.ipynb`,
        path,
      ],
      env,
      dirname(path),
    );
    if (!r.ok) {
      const tail = r.text.split("\n").filter((l) => !/MissingIDFieldWarning|validate\(nb\)/.test(l))
        .slice(-40).join("\n");
      throw new Error(`${name}: a cell failed\n${tail}`);
    }
    const problems = checkOutputs(JSON.parse(await Deno.readTextFile(executed)));
    if (problems.errors.length) {
      throw new Error(`${name}: cell errors ${JSON.stringify(problems.errors)}`);
    }
    if (!problems.lost.length) {
      return { executed, seconds: (performance.now() - started) / 1000, attempts: attempt };
    }
    log(`${name}: output lost in cells ${problems.lost.join(", ")} (attempt ${attempt})`);
    if (attempt > retries) {
      throw new Error(
        `${name}: cells ${problems.lost.join(", ")} produced no output after ${attempt} runs`,
      );
    }
  }
}

/** Render an executed notebook to HTML (`<outDir>/<name>.html`). */
export async function renderHtml(executed: string, outDir: string, root: string): Promise<string> {
  const r = await run(
    "jupyter-nbconvert",
    [
      "--to",
      "html",
      "--output-dir",
      outDir,
      executed,
    ],
    kernelEnv(root),
    outDir,
  );
  if (!r.ok) throw new Error(`HTML export of ${executed} failed:\n${r.text.slice(-3000)}`);
  return join(outDir, `${basename(executed, ".ipynb")}.html`);
}

/**
 * A notebook's code cells as one TypeScript module that runs without Jupyter (displays go to the
 * stand-in in `jupyter.ts`). Relative imports are made absolute against the notebook's folder.
 */
export function notebookToTs(notebook: { cells: Cell[] }, notebookDir: string): string {
  const base = new URL(`file://${notebookDir.replace(/\/?$/, "/")}`);
  return notebook.cells.filter((c) => c.cell_type === "code").map((c, i) => {
    const src = Array.isArray(c.source) ? c.source.join("") : c.source;
    const code = src.replace(
      /(from\s+|import\s*\(\s*)(["'])(\.{1,2}\/[^"']+)\2/g,
      (_, lead, q, spec) => `${lead}${q}${new URL(spec, base).href}${q}`,
    );
    return `// cell ${i + 1}\n${code}\n`;
  }).join("\n");
}

/** Run a notebook as a plain Deno program (no Jupyter, no HTML report). */
export async function runPlain(path: string, options: ExecuteOptions): Promise<ExecuteResult> {
  const started = performance.now();
  const ts = notebookToTs(JSON.parse(await Deno.readTextFile(path)), dirname(path));
  await Deno.mkdir(options.outDir, { recursive: true });
  const file = join(options.outDir, `${basename(path, ".ipynb")}.ts`);
  await Deno.writeTextFile(file, ts);
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--config", join(options.root, "deno.json"), file],
    cwd: dirname(path),
    env: { ...options.env, NO_COLOR: "1" },
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (!out.success) throw new Error(`${basename(path)} failed as plain TypeScript (${file})`);
  return { executed: file, seconds: (performance.now() - started) / 1000, attempts: 1 };
}
