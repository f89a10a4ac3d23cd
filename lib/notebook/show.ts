import { escapeHtml } from "./html.ts";
import { display, type MediaBundle } from "./jupyter.ts";

/** Show a markdown paragraph (e.g. a computed sentence) in the notebook. */
export async function md(text: string): Promise<void> {
  await display({ "text/markdown": text, "text/plain": text });
}

/** Show preformatted text, e.g. JSON. */
export async function pre(text: string, maxChars = 4000): Promise<void> {
  const cut = text.length > maxChars
    ? `${text.slice(0, maxChars)}\n… (${text.length} chars)`
    : text;
  await display({ "text/plain": cut, "text/html": `<pre>${escapeHtml(cut)}</pre>` });
}

/** Show key figures as a small two-column table. */
export async function figures(values: Record<string, string | number>): Promise<void> {
  const rows = Object.entries(values).map(([k, v]) =>
    `<tr><th style="text-align:left">${escapeHtml(k)}</th><td>${
      escapeHtml(typeof v === "number" ? fmt(v) : v)
    }</td></tr>`
  );
  await display({
    "text/html": `<table>${rows.join("")}</table>`,
    "text/plain": Object.entries(values).map(([k, v]) => `${k}: ${v}`).join("\n"),
  });
}

/** Show an already-built MIME bundle (plots, images). */
export async function show(bundle: MediaBundle): Promise<void> {
  await display(bundle);
}

/** Format a number for tables: integers as is, others to 3 significant decimals. */
export function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(Math.abs(v) >= 100 ? 1 : 3);
}
