/** Which ATT&CK matrix a bundle describes. */
export type AttackDomain = "enterprise-attack" | "mobile-attack" | "ics-attack";

/** An ATT&CK tactic (a column of the matrix). */
export interface Tactic {
  /** ATT&CK ID, e.g. "TA0002". */
  id: string;
  /** Short name used in kill-chain phases, e.g. "execution". */
  shortname: string;
  name: string;
  description: string;
  stixId: string;
}

/** A procedure example: a group, software or campaign using a technique, in ATT&CK's words. */
export interface ProcedureExample {
  /** ATT&CK ID of who uses the technique, e.g. "S0066" or "G0007". */
  sourceId: string;
  sourceName: string;
  sourceType: "group" | "software" | "campaign";
  /** Description with markdown links and citations stripped. */
  text: string;
}

/** A technique or sub-technique, with what the extractor needs to know about it. */
export interface Technique {
  /** ATT&CK ID, e.g. "T1059.001". */
  id: string;
  name: string;
  stixId: string;
  /** Tactic shortnames in matrix order, e.g. ["execution"]. */
  tactics: string[];
  description: string;
  platforms: string[];
  isSubtechnique: boolean;
  /** Parent technique ID for sub-techniques. */
  parentId?: string;
  url: string;
  procedures: ProcedureExample[];
}

/** A group, software or campaign, with aliases and the techniques ATT&CK records for it. */
export interface Actor {
  id: string;
  name: string;
  type: "group" | "software" | "campaign";
  stixId: string;
  aliases: string[];
  techniqueIds: string[];
}
