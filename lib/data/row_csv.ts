import type { CleanRow } from "./clean.ts";

/** Columns of the pipeline's row CSV files, in order. */
export const ROW_COLUMNS = ["text", "clean", "labels", "source", "group", "split"] as const;

function field(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Parse RFC 4180 CSV into records (arrays of fields). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let value = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        value += '"';
        i++;
      } else if (c === '"') quoted = false;
      else value += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      record.push(value);
      value = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      record.push(value);
      records.push(record);
      record = [];
      value = "";
    } else value += c;
  }
  if (value || record.length) {
    record.push(value);
    records.push(record);
  }
  return records;
}

/** Serialise rows to CSV (header + one line per row; labels joined with ";"). */
export function rowsToCsv(rows: CleanRow[]): string {
  const lines = [ROW_COLUMNS.join(",")];
  for (const r of rows) {
    lines.push(
      [r.text, r.clean, r.labels.join(";"), r.source, r.group, r.split].map(field).join(","),
    );
  }
  return lines.join("\n") + "\n";
}

/** Parse rows written by `rowsToCsv`. */
export function rowsFromCsv(text: string): CleanRow[] {
  const [header, ...records] = parseCsv(text);
  const at = new Map(header?.map((h, i) => [h, i]));
  for (const c of ROW_COLUMNS) {
    if (!at.has(c)) throw new Error(`row CSV: missing column "${c}"`);
  }
  const get = (r: string[], c: string) => r[at.get(c)!] ?? "";
  return records.filter((r) => r.length > 1).map((r) => ({
    text: get(r, "text"),
    clean: get(r, "clean"),
    labels: get(r, "labels").split(";").filter(Boolean),
    source: get(r, "source"),
    group: get(r, "group"),
    split: get(r, "split") || "train",
  }));
}

/** Write rows to a CSV file. */
export async function writeRowsCsv(path: string, rows: CleanRow[]): Promise<void> {
  await Deno.writeTextFile(path, rowsToCsv(rows));
}

/** Read rows from a CSV file written by `writeRowsCsv`. */
export async function readRowsCsv(path: string): Promise<CleanRow[]> {
  return rowsFromCsv(await Deno.readTextFile(path));
}

/** Serialise plain records to CSV with the given columns (arrays joined with ";"). */
export function recordsToCsv(
  records: Record<string, string | number | string[] | undefined>[],
  columns: string[],
): string {
  const cell = (v: string | number | string[] | undefined) =>
    field(Array.isArray(v) ? v.join(";") : v === undefined ? "" : String(v));
  return [columns.join(","), ...records.map((r) => columns.map((c) => cell(r[c])).join(","))]
    .join("\n") + "\n";
}

/** Parse CSV with a header row into records of strings. */
export function recordsFromCsv(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.filter((r) => r.length > 1 || r[0]).map((r) =>
    Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""]))
  );
}
