/**
 * The ATT&CK knowledge base: techniques, tactics, procedure examples, groups and software from
 * a STIX 2.1 bundle, with revoked and deprecated objects resolved once at load.
 *
 * @example
 * import { KnowledgeBase } from "./lib/attack/mod.ts";
 * const kb = KnowledgeBase.fromBundle(bundle, { version: "18.1" });
 * kb.techniqueById("T1086")?.id; // "T1059.001" (revoked ID resolves to its replacement)
 */
export * from "./types.ts";
export * from "./knowledge_base.ts";
export * from "./markup.ts";
