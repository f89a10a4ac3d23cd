import { wordCount as words } from "./tokenize.ts";
import type { Sentence } from "./types.ts";

/**
 * What kind of prose a unit is, for deciding how much it says about what the actor did:
 * - "narrative": the report's account of the intrusion;
 * - "back-matter": recommendations, detections, hunting queries, IOC lists, references — the
 *   vocabulary of techniques without an actor doing them;
 * - "advice": a sentence telling the reader what to do ("Enable tamper protection.");
 * - "query": a line of a detection query (KQL, Splunk, Sigma) quoting command lines to look for.
 */
export type UnitKind = "narrative" | "back-matter" | "advice" | "query";

// Headings that open back matter. Matched against short stand-alone lines only.
const BACK_MATTER_HEADING = new RegExp(
  "^(?:[\\divx]+(?:\\.\\d+)*[.)]?\\s+)?(?:" + [
    "recommendations?",
    "mitigations?",
    "recommended (?:mitigations|actions)",
    "(?:suggested |security )?(?:protections?|defen[cs]es?)(?: and \\w+)?",
    "detections?(?: (?:and|&) \\w+| details| opportunities| guidance| methods| rules?)?",
    "(?:advanced )?hunting(?: queries| quer(?:y|ies) and \\w+)?",
    "(?:microsoft )?(?:defender|sentinel) .*(?:detections?|queries|hunting)",
    "indicators? of (?:compromise|attack)",
    "iocs?",
    "(?:network|host|file)[- ]based indicators",
    "references",
    "appendix(?: \\w+)?",
    "(?:yara|sigma|snort|suricata)(?: rules?| signatures?)?",
    "remediation",
    "acknowledge?ments?",
    "about (?:the )?(?:authors?|us|\\w+ threat intelligence)",
    "further reading",
    "resources",
    "contact information",
    "disclaimer",
  ].join("|") + ")(?:\\s+(?:and|&)\\s+[\\w ]+)?\\s*:?$",
  "i",
);

// Headings that bring the reader back into the account of the attack.
const NARRATIVE_HEADING = new RegExp(
  "^(?:[\\divx]+(?:\\.\\d+)*[.)]?\\s+)?(?:" + [
    "technical (?:analysis|details)",
    "analysis",
    "overview",
    "introduction",
    "background",
    "(?:executive |case )?summary",
    "attack (?:chain|flow|overview)",
    "infection chain",
    "campaign",
    "timeline",
    "conclusions?",
    // ATT&CK tables with descriptions, and DFIR-style sections named after tactics.
    ".*att&ck",
    "initial access|execution|persistence|privilege escalation|defen[cs]e evasion",
    "credential access|discovery|lateral movement|collection|command and control",
    "exfiltration|impact|reconnaissance|resource development",
  ].join("|") + ")\\b",
  "i",
);

// A sentence opening with a base-form verb of advice.
const ADVICE =
  /^(?:[-•*]\s*)?(?:Enable|Disable|Block|Ensure|Apply|Configure|Implement|Restrict|Consider|Require|Keep|Patch|Turn on|Prevent|Limit|Educate|Audit|Deploy|Avoid|Encourage|Maintain|Regularly|Prioritize|Harden|Segment|Enforce|Adopt|Leverage|Utilize|Review|Monitor for|Update|Use (?:multi|MFA|strong|a |an |the )|Install|Remove unnecessary)\b/;

// Operators and field names of detection query languages.
const QUERY =
  /=~|!~|\|\s*(?:where|summarize|project|extend|join|stats|table|search)\b|\b(?:has_any|has_all|has_cs|ProcessCommandLine|InitiatingProcess\w+|DeviceProcessEvents|DeviceNetworkEvents|DeviceFileEvents|EventID|sourcetype|index=|CommandLine\|contains)\b/;

/** Whether the unit is the whole of its line (a heading or a list item, not part of a paragraph). */
function standsAlone(text: string, s: Sentence): boolean {
  const before = text.lastIndexOf("\n", s.start - 1);
  const after = text.indexOf("\n", s.end);
  return text.slice(before + 1, s.start).trim() === "" &&
    text.slice(s.end, after < 0 ? text.length : after).trim() === "";
}

/** Whether a unit reads as a section heading. */
export function isHeading(text: string, s: Sentence): boolean {
  return words(s.text) <= 8 && !/[.!?,;]$/.test(s.text) && standsAlone(text, s);
}

/** Kind of each unit of a report (same order as `sentences`). */
export function unitKinds(text: string, sentences: readonly Sentence[]): UnitKind[] {
  let inBackMatter = false;
  return sentences.map((s) => {
    if (isHeading(text, s)) {
      const heading = s.text.replace(/^#+\s*|\*\*/g, "").trim();
      if (BACK_MATTER_HEADING.test(heading)) inBackMatter = true;
      else if (NARRATIVE_HEADING.test(heading)) inBackMatter = false;
    }
    if (QUERY.test(s.text)) return "query";
    if (inBackMatter) return "back-matter";
    if (ADVICE.test(s.text)) return "advice";
    return "narrative";
  });
}
