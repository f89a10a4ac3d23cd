/** Small readers for JSON request bodies that answer bad input with 4xx. */
import { readBody } from "./body.ts";
import { HttpError } from "./errors.ts";

// Review and annotation bodies are small; anything bigger is a mistake or an attack.
const MAX_JSON_BYTES = 1024 * 1024;

/** The request's JSON object body (415 when not JSON, 400 when malformed or not an object). */
export async function jsonObject(req: Request): Promise<Record<string, unknown>> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.startsWith("application/json")) {
    throw new HttpError(415, "Send a JSON body (Content-Type: application/json).");
  }
  const bytes = await readBody(req, MAX_JSON_BYTES, "JSON body too large: the limit is 1 MB.");
  let v: unknown;
  try {
    v = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new HttpError(400, "Malformed JSON body.");
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) {
    throw new HttpError(400, "The JSON body must be an object.");
  }
  return v as Record<string, unknown>;
}

/** An optional string field, trimmed and length-limited; 400 when of another type or too long. */
export function optionalString(
  body: Record<string, unknown>,
  key: string,
  max: number,
): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw new HttpError(400, `"${key}" must be a string.`);
  const s = v.trim();
  if (s.length > max) throw new HttpError(400, `"${key}" is longer than ${max} characters.`);
  return s || undefined;
}

/** An optional non-negative integer field; 400 otherwise. */
export function optionalOffset(body: Record<string, unknown>, key: string): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) {
    throw new HttpError(400, `"${key}" must be a non-negative integer character offset.`);
  }
  return v;
}
