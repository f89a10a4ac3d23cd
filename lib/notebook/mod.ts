/**
 * Notebook helpers: show tables (danfojs), charts (Observable Plot SVG, plotly with an HTML
 * fallback), markdown and screenshots through `Deno.jupyter.display` inside the Deno kernel, or
 * through a plain-text stand-in when the same code runs as a normal Deno program.
 *
 * @example
 * import { Plot, plotBundle, show, table } from "./lib/notebook/mod.ts";
 * await table([{ technique: "T1059", examples: 120 }], { caption: "Examples" });
 * await show(plotBundle({ marks: [Plot.barY([{ x: "a", y: 3 }], { x: "x", y: "y" })] }));
 */
export * from "./jupyter.ts";
export * from "./show.ts";
export * from "./table.ts";
export * from "./plot.ts";
export * from "./plotly.ts";
export * from "./stage.ts";
export * from "./server_process.ts";
export * from "./browser.ts";
export { escapeHtml } from "./html.ts";
