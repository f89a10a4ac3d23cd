/**
 * `deno task analyze <file|url|-> [more…] [--format json|jsonl|md|csv|navigator|stix] [--min-score S]`
 *
 * Results go to stdout, logs and progress to stderr. A failing input yields an error object on
 * its line and a non-zero exit at the end, without stopping the other inputs.
 */
import { basename, resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  CSV_HEADER,
  csvErrorRow,
  loadAttackObjects,
  type StixObject,
  toCsvRows,
  toNavigatorLayer,
  toStixBundle,
} from "../lib/export/mod.ts";
import { toMarkdown } from "../lib/export/markdown.ts";
import {
  type AnalysisError,
  type AnalysisResult,
  analyzeDocument,
  Extractor,
} from "../lib/extract/mod.ts";
import { ingestBytes, type IngestedDocument, ingestUrl } from "../lib/ingest/mod.ts";

const FORMATS = ["json", "jsonl", "md", "csv", "navigator", "stix"] as const;
type Format = (typeof FORMATS)[number];

const USAGE =
  `Usage: deno task analyze <file|url|-> [more inputs…] [--format json|jsonl|md|csv|navigator|stix] [--min-score S]
  -              read pasted text from standard input
  --format       json (default; one object, or one per line for several inputs), jsonl, md, csv,
                 navigator (ATT&CK Navigator layer 4.5), stix (STIX 2.1 bundle); navigator and
                 stix write one document per input, one per line for several inputs
  --min-score    report techniques scoring at least S (0..1; default: the model's threshold)
  --model DIR    model folder (default models/default)`;

async function readStdin(): Promise<Uint8Array> {
  return new Uint8Array(await new Response(Deno.stdin.readable).arrayBuffer());
}

async function ingest(input: string): Promise<IngestedDocument> {
  // Piped input is sniffed like an upload: `… - < report.pdf` reads the PDF, binary is refused.
  if (input === "-") return { ...(await ingestBytes(await readStdin(), "stdin")), name: "stdin" };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input)) return await ingestUrl(input);
  // `./ttp` and `deno task` run from the repo root; paths are the caller's (INIT_CWD).
  const path = resolve(Deno.env.get("INIT_CWD") ?? Deno.cwd(), input);
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (e) {
    throw new Error(
      e instanceof Deno.errors.NotFound
        ? `${input}: no such file.`
        : `${input}: cannot read (${(e as Error).message}).`,
    );
  }
  const doc = await ingestBytes(bytes, basename(input));
  return { ...doc, name: input };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function emit(line: string): void {
  try {
    Deno.stdout.writeSync(new TextEncoder().encode(line + "\n"));
  } catch (e) {
    // The reader went away (`… | head`): stop quietly, like other Unix tools.
    if (e instanceof Deno.errors.BrokenPipe) Deno.exit(0);
    throw e;
  }
}

function parseCommandLine() {
  return parseArgs({
    args: Deno.args,
    allowPositionals: true,
    options: {
      format: { type: "string", short: "f", default: "json" },
      "min-score": { type: "string" },
      model: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine();
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const format = values.format as Format;
  if (!FORMATS.includes(format)) {
    console.error(`Unknown --format ${format}. Use one of: ${FORMATS.join(", ")}.`);
    return 2;
  }
  const minScore = values["min-score"] === undefined ? undefined : Number(values["min-score"]);
  if (minScore !== undefined && !(minScore >= 0 && minScore <= 1)) {
    console.error(`--min-score must be a number between 0 and 1, got ${values["min-score"]}.`);
    return 2;
  }
  const started = performance.now();
  const extractor = await Extractor.load({ modelDir: values.model });
  console.error(
    `loaded ${extractor.meta.name} ${extractor.meta.version} and ATT&CK ${extractor.kb.version} ` +
      `in ${((performance.now() - started) / 1000).toFixed(2)} s`,
  );
  const oneObject = ["json", "navigator", "stix"].includes(format) && positionals.length === 1;
  // The STIX export embeds ATT&CK's own attack-pattern objects; read them once, only if needed.
  const attackObjects: ReadonlyMap<string, StixObject> | undefined = format === "stix"
    ? await loadAttackObjects()
    : undefined;
  if (format === "csv") emit(CSV_HEADER.join(","));
  let failures = 0;
  for (const [i, input] of positionals.entries()) {
    const t0 = performance.now();
    let out: AnalysisResult | AnalysisError;
    try {
      out = await analyzeDocument(extractor, await ingest(input), { minScore });
      console.error(
        `[${i + 1}/${positionals.length}] ${input}: ${
          plural(out.techniques.length, "technique")
        } in ` +
          `${((performance.now() - t0) / 1000).toFixed(2)} s`,
      );
    } catch (e) {
      failures++;
      out = { source: { name: input }, error: (e as Error).message };
      console.error(`[${i + 1}/${positionals.length}] ${input}: error: ${out.error}`);
    }
    if (format === "md") {
      emit("error" in out ? `# ${out.source.name}\n\nError: ${out.error}\n` : toMarkdown(out));
    } else if (format === "csv") {
      if ("error" in out) emit(csvErrorRow(input, out.error));
      else for (const row of toCsvRows(out)) emit(row);
    } else if ((format === "navigator" || format === "stix") && !("error" in out)) {
      const doc = format === "navigator" ? toNavigatorLayer(out, { minScore }) : toStixBundle(out, {
        stixIdOf: (id) => extractor.kb.techniqueById(id)?.stixId,
        attackObjects,
      });
      emit(oneObject ? JSON.stringify(doc, null, 2) : JSON.stringify(doc));
    } else {
      emit(oneObject ? JSON.stringify(out, null, 2) : JSON.stringify(out));
    }
  }
  return failures ? 1 : 0;
}

Deno.exit(await main());
