import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import type { MediaBundle } from "./jupyter.ts";

/** Observable Plot options (marks, scales, size). */
export type PlotOptions = Plot.PlotOptions;

export { Plot };

/** Render Observable Plot options to an SVG (or figure) HTML string, server-side with linkedom. */
export function plotHtml(options: PlotOptions): string {
  const dom = parseHTML("<!doctype html><html><body></body></html>") as unknown as {
    document: PlotOptions["document"];
  };
  const el = Plot.plot({ ...options, document: dom.document });
  const html = (el as unknown as { outerHTML: string }).outerHTML;
  // Make sure a bare <svg> carries its namespace so it renders as image/svg+xml too.
  return html.startsWith("<svg") && !html.includes("xmlns=")
    ? html.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"')
    : html;
}

/**
 * A MIME bundle for a static Plot chart: HTML that renders in JupyterLab, VS Code and nbconvert's
 * HTML export.
 *
 * @example
 * await show(plotBundle({ marks: [Plot.barY(rows, { x: "id", y: "n" })], y: { type: "log" } }));
 */
export function plotBundle(options: PlotOptions, alt = "chart"): MediaBundle {
  return { "text/html": plotHtml(options), "text/plain": `[${alt}]` };
}
