/** A MIME bundle as Jupyter displays it (text/plain, text/html, image/svg+xml, …). */
export type MediaBundle = Deno.jupyter.MediaBundle;

/** Whether this code runs inside the Deno Jupyter kernel. */
export function inKernel(): boolean {
  try {
    return typeof Deno.jupyter?.display === "function";
  } catch {
    return false; // Outside `deno jupyter`, reading Deno.jupyter throws.
  }
}

/** Where displays go when there is no kernel: the stand-in for `Deno.jupyter.display`. */
export type DisplaySink = (bundle: MediaBundle) => void | Promise<void>;

// Plain-TS runs print the most readable text form of each bundle.
let sink: DisplaySink = (bundle) => {
  const text = bundle["text/plain"] ?? bundle["text/markdown"] ?? stripTags(bundle["text/html"]);
  console.log(typeof text === "string" ? text : JSON.stringify(text));
};

function stripTags(html: unknown): string {
  return typeof html === "string" ? html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim() : "";
}

/** Replace the stand-in sink used outside the kernel (tests collect bundles with it). */
export function setDisplaySink(next: DisplaySink): void {
  sink = next;
}

// The Deno kernel can report a cell idle before its last display reaches the client; a short
// pause after each display keeps outputs from being lost in headless runs (see STACK.md).
const FLUSH_MS = 30;

/**
 * Display a MIME bundle: through `Deno.jupyter.display` in the kernel, else the stand-in sink.
 *
 * @example
 * await display({ "text/plain": "hello", "text/html": "<b>hello</b>" });
 */
export async function display(bundle: MediaBundle): Promise<void> {
  if (!inKernel()) return await sink(bundle);
  await Deno.jupyter.display(bundle, { raw: true });
  await new Promise((resolve) => setTimeout(resolve, FLUSH_MS));
}
