import type { CleanRow } from "../data/clean.ts";

/** One message of a chat fine-tuning example. */
export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** One line of a chat fine-tuning JSONL file (OpenAI's format). */
export interface ChatExample {
  messages: ChatMessage[];
}

/** What the assistant answers: the techniques a sentence shows, as JSON. */
export interface AssistantAnswer {
  techniques: { id: string; name: string }[];
}

/** The system prompt of every example. */
export const SYSTEM_PROMPT =
  "You map sentences from cyber threat intelligence reports to MITRE ATT&CK Enterprise " +
  'techniques. Answer with JSON only: {"techniques":[{"id":"T1059.001","name":"PowerShell"}]}, ' +
  'listing every technique the sentence shows, or {"techniques":[]} when it shows none.';

/**
 * A row as a chat example: system prompt, the sentence as the user turn, the technique list as
 * the assistant turn.
 *
 * @example
 * toChatExample({ text: "They used PowerShell.", labels: ["T1059.001"] }, (id) => "PowerShell");
 */
export function toChatExample(
  row: Pick<CleanRow, "text" | "labels">,
  nameOf: (id: string) => string,
): ChatExample {
  const answer: AssistantAnswer = {
    techniques: row.labels.map((id) => ({ id, name: nameOf(id) })),
  };
  return {
    messages: [
      { role: "system", content: SYSTEM_PROMPT },
      { role: "user", content: row.text },
      { role: "assistant", content: JSON.stringify(answer) },
    ],
  };
}

/** Rows as JSONL text, one chat example per line. */
export function toChatJsonl(
  rows: Pick<CleanRow, "text" | "labels">[],
  nameOf: (id: string) => string,
): string {
  return rows.map((r) => JSON.stringify(toChatExample(r, nameOf))).join("\n") + "\n";
}

/** The sentence and labels back from a chat example (inverse of `toChatExample`). */
export function fromChatExample(example: ChatExample): { text: string; labels: string[] } {
  const user = example.messages.find((m) => m.role === "user")?.content ?? "";
  const assistant = example.messages.find((m) => m.role === "assistant")?.content ?? "{}";
  const answer = JSON.parse(assistant) as AssistantAnswer;
  return { text: user, labels: answer.techniques.map((t) => t.id) };
}
