import * as dfd from "danfojs";
import { escapeHtml } from "./html.ts";
import { display } from "./jupyter.ts";
import { fmt } from "./show.ts";

/** A table cell value. */
export type Cell = string | number | boolean | null | undefined;

/** Options for showing a table. */
export interface TableOptions {
  /** Caption above the table. */
  caption?: string;
  /** Rows shown (the rest are counted). Default 15. */
  maxRows?: number;
  /** Characters per cell before it is cut. Default 160. */
  maxChars?: number;
}

/** A danfojs DataFrame from plain row objects (columns from the first row). */
export function frame(rows: Record<string, Cell>[]): dfd.DataFrame {
  if (!rows.length) return new dfd.DataFrame([]);
  return new dfd.DataFrame(rows.map((r) => ({ ...r })));
}

function cellText(v: unknown, maxChars: number): string {
  const s = typeof v === "number" ? fmt(v) : v == null ? "" : String(v);
  return s.length > maxChars ? `${s.slice(0, maxChars - 1)}…` : s;
}

/** HTML and plain-text renderings of a DataFrame's first rows. */
export function frameToBundle(
  df: dfd.DataFrame,
  options: TableOptions = {},
): { "text/html": string; "text/plain": string } {
  const maxRows = options.maxRows ?? 15;
  const maxChars = options.maxChars ?? 160;
  const columns = df.columns as string[];
  const values = (df.shape[0] ? df.values : []) as unknown[][];
  const shown = values.slice(0, maxRows);
  const more = values.length > maxRows ? `${values.length - maxRows} more rows` : "";
  const caption = options.caption ? `<caption>${escapeHtml(options.caption)}</caption>` : "";
  const head = `<tr>${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr>`;
  const body = shown.map((r) =>
    `<tr>${
      r.map((v) =>
        `<td${typeof v === "number" ? "" : ' style="text-align:left"'}>${
          escapeHtml(cellText(v, maxChars))
        }</td>`
      ).join("")
    }</tr>`
  ).join("");
  const html = `<table class="dataframe">${caption}<thead>${head}</thead><tbody>${body}</tbody>` +
    `</table><p><small>${values.length} rows × ${columns.length} columns${
      more ? `; ${more}` : ""
    }</small></p>`;
  const text = [
    options.caption ?? "",
    columns.join(" | "),
    ...shown.map((r) => r.map((v) => cellText(v, 60)).join(" | ")),
    `(${values.length} rows × ${columns.length} columns)`,
  ].filter(Boolean).join("\n");
  return { "text/html": html, "text/plain": text };
}

/**
 * Show rows or a DataFrame as an HTML table (a text table outside the kernel).
 *
 * @example
 * await table([{ technique: "T1059", examples: 120 }], { caption: "Examples per technique" });
 */
export async function table(
  data: dfd.DataFrame | Record<string, Cell>[],
  options: TableOptions = {},
): Promise<void> {
  const df = Array.isArray(data) ? frame(data) : data;
  if (!df.shape[0]) {
    const text = `${options.caption ?? "table"}: no rows`;
    return await display({
      "text/html": `<p><em>${escapeHtml(text)}</em></p>`,
      "text/plain": text,
    });
  }
  await display(frameToBundle(df, options));
}
