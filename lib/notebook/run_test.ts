import assert from "node:assert/strict";
import { checkOutputs, NO_OUTPUT_TAG, notebookToTs, stripOutputs } from "./run.ts";

const code = (
  outputs: { output_type: string; ename?: string; evalue?: string }[],
  tags?: string[],
) => ({
  cell_type: "code",
  source: "x",
  metadata: tags ? { tags } : {},
  outputs,
});

Deno.test("checkOutputs finds lost outputs and errors; tagged cells may be silent", () => {
  const nb = {
    cells: [
      { cell_type: "markdown", source: "# t" },
      code([], [NO_OUTPUT_TAG]),
      code([{ output_type: "display_data" }]),
      code([{ output_type: "stream" }]),
      code([]),
      code([{ output_type: "error", ename: "TypeError", evalue: "x is not a function" }]),
    ],
  };
  const p = checkOutputs(nb);
  assert.deepEqual(p.lost, [3, 4, 5]);
  assert.deepEqual(p.errors, [{ cell: 5, error: "TypeError: x is not a function" }]);
  assert.deepEqual(stripOutputs(nb).cells.map((c) => ("outputs" in c ? c.outputs.length : -1)), [
    -1,
    0,
    0,
    0,
    0,
    0,
  ]);
});

Deno.test("the committed notebooks carry no outputs, use the Deno kernel and tag silent cells", async () => {
  const dir = new URL("../../notebooks/", import.meta.url);
  const names = [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) =>
    /^\d\d_.*\.ipynb$/.test(n)
  ).sort();
  assert.equal(names.length, 10);
  for (const name of names) {
    const nb = JSON.parse(await Deno.readTextFile(new URL(name, dir)));
    assert.equal(nb.metadata.kernelspec.name, "deno", name);
    for (const c of nb.cells) {
      assert.ok(typeof c.id === "string", `${name}: cell without id`);
      if (c.cell_type !== "code") continue;
      assert.deepEqual(c.outputs, [], `${name}: committed with outputs`);
      assert.equal(c.execution_count, null, `${name}: committed with an execution count`);
    }
    // The first code cell does the imports and is the only kind allowed to stay silent.
    assert.ok(
      nb.cells.some((c: { metadata?: { tags?: string[] } }) =>
        c.metadata?.tags?.includes(NO_OUTPUT_TAG)
      ),
      name,
    );
  }
});

Deno.test("notebookToTs joins code cells and makes relative imports absolute", () => {
  const ts = notebookToTs({
    cells: [
      { cell_type: "markdown", source: "# x" },
      { cell_type: "code", source: ['import { a } from "../lib/a.ts";\n', "await a();"] },
      { cell_type: "code", source: 'const m = await import("./b.ts");' },
    ],
  }, "/repo/notebooks");
  assert.match(ts, /from "file:\/\/\/repo\/lib\/a.ts"/);
  assert.match(ts, /import\("file:\/\/\/repo\/notebooks\/b.ts"\)/);
  assert.match(ts, /\/\/ cell 2\n/);
});
