/**
 * Fine-tuning data and training on it: rows to chat-format JSONL
 * (`{"messages":[system, user, assistant]}`), line-by-line validation with token estimates, the
 * provenance sidecar, and training + dev scoring of the project's model on prepared rows.
 *
 * @example
 * import { toChatJsonl, validateChatJsonl } from "./lib/finetune/mod.ts";
 * const jsonl = toChatJsonl([{ text: "They used PowerShell.", labels: ["T1059.001"] }], () => "PowerShell");
 * validateChatJsonl(jsonl).errors; // []
 */
export * from "./chat.ts";
export * from "./validate.ts";
export * from "./sidecar.ts";
export * from "./train_eval.ts";
