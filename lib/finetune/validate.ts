import type { AssistantAnswer, ChatExample } from "./chat.ts";

/** A problem with one JSONL line. */
export interface LineError {
  line: number;
  error: string;
}

/** Options of `validateChatJsonl`. */
export interface ValidateOptions {
  /** Technique IDs the assistant may name (e.g. ATT&CK v18.1's). Default: any T-number. */
  knownIds?: ReadonlySet<string>;
  /** Longest example in estimated tokens. Default 4096. */
  maxTokens?: number;
}

const ROLES = ["system", "user", "assistant"];
const ID = /^T\d{4}(?:\.\d{3})?$/;

/**
 * Rough token count (GPT-style BPE averages ~4 characters per token on English; words,
 * numbers and punctuation runs are counted so short IDs and code are not undercounted).
 */
export function estimateTokens(text: string): number {
  const pieces = text.match(/[A-Za-z]+|\d+|[^\sA-Za-z\d]+/g) ?? [];
  return pieces.reduce((n, p) => n + Math.max(1, Math.ceil(p.length / 4)), 0);
}

/** Estimated tokens of a whole example (content plus ~4 per message of framing). */
export function exampleTokens(example: ChatExample): number {
  return example.messages.reduce((n, m) => n + 4 + estimateTokens(m.content), 2);
}

/** Check one parsed line against the chat fine-tuning format; returns the problems found. */
export function validateChatExample(value: unknown, options: ValidateOptions = {}): string[] {
  const errors: string[] = [];
  if (typeof value !== "object" || value === null || Array.isArray(value)) return ["not an object"];
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== "messages") {
    errors.push(`keys must be ["messages"], got ${JSON.stringify(keys)}`);
  }
  const messages = (value as { messages?: unknown }).messages;
  if (!Array.isArray(messages)) return [...errors, "messages is not an array"];
  if (messages.length !== 3) errors.push(`expected 3 messages, got ${messages.length}`);
  messages.forEach((m, i) => {
    const msg = m as { role?: unknown; content?: unknown };
    if (typeof m !== "object" || m === null) return errors.push(`message ${i} is not an object`);
    if (msg.role !== ROLES[i]) {
      errors.push(`message ${i} role ${JSON.stringify(msg.role)}, expected ${ROLES[i]}`);
    }
    if (typeof msg.content !== "string" || !msg.content.trim()) {
      errors.push(`message ${i} has no content`);
    }
    const extra = Object.keys(msg).filter((k) => k !== "role" && k !== "content");
    if (extra.length) errors.push(`message ${i} has extra keys ${extra.join(",")}`);
  });
  const assistant = messages[2] as { content?: unknown } | undefined;
  if (typeof assistant?.content === "string") {
    try {
      const answer = JSON.parse(assistant.content) as AssistantAnswer;
      if (!Array.isArray(answer?.techniques)) {
        errors.push("assistant answer has no techniques array");
      } else {
        for (const t of answer.techniques) {
          if (!ID.test(t?.id ?? "")) errors.push(`bad technique ID ${JSON.stringify(t?.id)}`);
          else if (options.knownIds && !options.knownIds.has(t.id)) {
            errors.push(`unknown technique ${t.id}`);
          }
          if (typeof t?.name !== "string" || !t.name) errors.push(`technique ${t?.id} has no name`);
        }
      }
    } catch {
      errors.push("assistant content is not JSON");
    }
  }
  if (!errors.length) {
    const tokens = exampleTokens(value as ChatExample);
    if (tokens > (options.maxTokens ?? 4096)) errors.push(`~${tokens} tokens, over the limit`);
  }
  return errors;
}

/**
 * Validate every line of a chat JSONL file. Returns the parsed examples, the errors by line
 * (1-based) and each valid example's estimated token count.
 *
 * @example
 * const { errors } = validateChatJsonl(await Deno.readTextFile("train.jsonl"));
 * if (errors.length) throw new Error(`${errors.length} bad lines`);
 */
export function validateChatJsonl(
  jsonl: string,
  options: ValidateOptions = {},
): { examples: ChatExample[]; errors: LineError[]; tokens: number[] } {
  const examples: ChatExample[] = [];
  const errors: LineError[] = [];
  const tokens: number[] = [];
  const lines = jsonl.split("\n");
  if (lines.at(-1) === "") lines.pop();
  lines.forEach((text, i) => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      errors.push({ line: i + 1, error: "not valid JSON" });
      return;
    }
    const problems = validateChatExample(value, options);
    if (problems.length) errors.push(...problems.map((error) => ({ line: i + 1, error })));
    else {
      examples.push(value as ChatExample);
      tokens.push(exampleTokens(value as ChatExample));
    }
  });
  return { examples, errors, tokens };
}
