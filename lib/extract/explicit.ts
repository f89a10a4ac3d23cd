import type { KnowledgeBase } from "../attack/knowledge_base.ts";
import type { Sentence } from "../text/mod.ts";

/** A technique named outright in a sentence, by ID or by name. */
export interface ExplicitMention {
  sentence: number;
  techniqueId: string;
  kind: "id" | "name";
}

// Tables pasted from web pages glue cells together ("ExecutionT1204.002User Execution"), so a
// lowercase letter may precede an ID and a letter may follow it; a digit or capital may not
// ("AT1234", "T12345" are not technique IDs).
const ID_PATTERN = /(?<![A-Z0-9_])T\d{4}(?:[./]\d{3})?(?![0-9])/g;

// Technique names that are ordinary words in reports; matching them alone would fire on prose.
const TOO_GENERIC = new Set([
  "tool",
  "malware",
  "server",
  "domains",
  "botnet",
  "exploits",
  "code signing",
  "web services",
  "local account",
  "domain account",
  "cloud account",
  "default accounts",
  "email accounts",
  "web protocols",
  "file deletion",
  "services",
  "serverless",
  "digital certificates",
  "upload malware",
  "upload tool",
  "vulnerabilities",
  "threat intel vendors",
  "social media",
  "ip addresses",
  "dns",
  "binary padding",
  "wordlist scanning",
  "exploitation for client execution",
  // Retired names that now read as ordinary prose ("data encrypted by the ransomware").
  "data encrypted",
  "data compressed",
  // Reconnaissance sub-techniques named after what is gathered.
  "software",
  "hardware",
  "firmware",
  "credentials",
  "email addresses",
  "employee names",
  "network topology",
]);

/** Technique IDs written in a text ("T1059.001", "T1059/001"), resolved to current ATT&CK IDs. */
export function writtenTechniqueIds(kb: KnowledgeBase, text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(ID_PATTERN)) {
    const id = kb.resolveId(m[0].replace("/", "."));
    if (id) out.add(id);
  }
  return [...out];
}

// Short forms analysts write for words in technique names ("PE injection", "WMI", "RDP").
const ABBREVIATIONS: readonly [string, string][] = [
  ["distributed component object model", "dcom"],
  ["dynamic-link library", "dll"],
  ["portable executable", "pe"],
  ["windows management instrumentation", "wmi"],
  ["windows remote management", "winrm"],
  ["remote desktop protocol", "rdp"],
  ["virtual network computing", "vnc"],
  ["asynchronous procedure call", "apc"],
  ["domain generation algorithms", "dga"],
  ["multi-factor authentication", "mfa"],
];

/** A lowercase technique name and the forms it is written in with a short form for a long phrase. */
export function nameVariants(name: string): string[] {
  const out = new Set([name]);
  for (const [long, short] of ABBREVIATIONS) {
    const i = name.indexOf(long);
    if (i >= 0) out.add(name.slice(0, i) + short + name.slice(i + long.length));
  }
  return [...out];
}

/** A case-insensitive whole-phrase pattern for a name: any spacing or hyphen, last word singular or plural. */
function namePattern(name: string): RegExp {
  const words = name.split(/[\s-]+/).map(escapeRegExp);
  const last = words.length - 1;
  // "Scheduled Task" is written "scheduled tasks", "Valid Accounts" "a valid account".
  if (/^[a-z]{3,}ss$/.test(words[last])) words[last] += "(?:es)?";
  else if (/^[a-z]{3,}s$/.test(words[last])) words[last] += "?";
  else if (/^[a-z]{4,}$/.test(words[last])) words[last] += "(?:e?s)?";
  return new RegExp(`(?<![\\w-])${words.join("[\\s-]+")}(?![\\w-])`, "i");
}

/** The longest word of a name, singular: every match of its pattern contains it. */
function needleOf(name: string): string {
  const longest = name.split(/[\s-]+/).sort((a, b) => b.length - a.length)[0];
  return longest.length > 3 ? longest.replace(/s$/, "") : longest;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A matcher for technique IDs and names, built once per knowledge base. */
export class ExplicitMatcher {
  #kb: KnowledgeBase;
  #names: { re: RegExp; needle: string; ids: string[] }[];
  #subNames = new Map<string, string[]>();

  constructor(kb: KnowledgeBase) {
    this.#kb = kb;
    const byName = new Map<string, Set<string>>();
    const add = (name: string, id: string) => {
      const key = name.toLowerCase();
      const singular = key.replace(/s$/, "");
      if ([key, singular, `${singular}s`].some((k) => TOO_GENERIC.has(k)) || key.length < 6) return;
      for (const v of nameVariants(key)) byName.set(v, (byName.get(v) ?? new Set()).add(id));
    };
    for (const t of kb.techniques) {
      add(t.name, t.id);
      if (t.parentId) {
        this.#subNames.set(t.parentId, [
          ...(this.#subNames.get(t.parentId) ?? []),
          t.name.toLowerCase(),
        ]);
      }
    }
    // Reports keep using names ATT&CK has since retired ("DLL Side-Loading", "New Service").
    for (const [name, id] of kb.formerNames) add(name, id);
    // Names shared by several sub-techniques (e.g. "Domain Accounts") are ambiguous: skip them.
    this.#names = [...byName].filter(([, ids]) => ids.size === 1).map(([name, ids]) => ({
      re: namePattern(name),
      needle: needleOf(name),
      ids: [...ids],
    }));
  }

  /**
   * Techniques named by ID or by exact name in each sentence. A parent named beside one of its
   * own sub-techniques ("Brute Force: Password Spraying [T1110.003]", ATT&CK's notation) is
   * the sub-technique's heading, not a mention of its own.
   */
  find(sentences: Sentence[]): ExplicitMention[] {
    const out: ExplicitMention[] = [];
    sentences.forEach((s, i) => {
      const seen = new Set(writtenTechniqueIds(this.#kb, s.text));
      const mentions: ExplicitMention[] = [...seen].map((id) => ({
        sentence: i,
        techniqueId: id,
        kind: "id",
      }));
      const lower = s.text.toLowerCase();
      for (const { re, needle, ids } of this.#names) {
        // A substring test first: most sentences hold none of the ~900 names.
        if (!lower.includes(needle)) continue;
        const m = re.exec(s.text);
        if (!m || this.#headsSubTechnique(ids[0], s.text.slice(m.index + m[0].length))) continue;
        for (const id of ids) {
          if (seen.has(id)) continue;
          seen.add(id);
          mentions.push({ sentence: i, techniqueId: id, kind: "name" });
        }
      }
      const headed = new Set(
        [...seen].map((id) => this.#kb.techniqueById(id)?.parentId).filter(Boolean),
      );
      out.push(...mentions.filter((m) => m.kind === "id" || !headed.has(m.techniqueId)));
    });
    return out;
  }

  /**
   * Whether the text after a parent's name continues ATT&CK's "Parent: Sub-technique" notation,
   * even cut short by a line break in a PDF table ("Impair Defenses: Disable or Modify").
   */
  #headsSubTechnique(parentId: string, after: string): boolean {
    const rest = after.match(/^\s*:\s*([^\n[(]+)/)?.[1].toLowerCase().replace(/\s+/g, " ").trim();
    if (!rest) return false;
    return (this.#subNames.get(parentId) ?? []).some((n) =>
      n.startsWith(rest) || rest.startsWith(n)
    );
  }
}

/** A piece of software (malware or tool) named in a sentence, with what ATT&CK records it doing. */
export interface SoftwareMention {
  sentence: number;
  softwareId: string;
  techniqueIds: readonly string[];
}

// Software names that are also ordinary words or too short to tell apart from prose.
const MIN_SOFTWARE_NAME = 5;
const COMMON_WORDS = new Set(["Empire", "Naid", "Page", "Ping", "Prikormka", "Tasklist", "Ruler"]);

/** Finds software names (case-sensitive: they are proper nouns) and aliases in sentences. */
export class SoftwareMatcher {
  #pattern?: RegExp;
  #byName = new Map<string, { id: string; techniqueIds: readonly string[] }>();

  constructor(kb: KnowledgeBase) {
    for (const a of kb.actors) {
      if (a.type !== "software" || a.techniqueIds.length === 0) continue;
      for (const name of [a.name, ...a.aliases]) {
        if (name.length < MIN_SOFTWARE_NAME || COMMON_WORDS.has(name)) continue;
        if (!/[A-Z0-9]/.test(name)) continue;
        this.#byName.set(name, { id: a.id, techniqueIds: a.techniqueIds });
      }
    }
    const names = [...this.#byName.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
    if (names.length) {
      this.#pattern = new RegExp(`(?<![\\w-])(?:${names.join("|")})(?![\\w-])`, "g");
    }
  }

  /** Software named in each sentence. */
  find(sentences: Sentence[]): SoftwareMention[] {
    const out: SoftwareMention[] = [];
    if (!this.#pattern) return out;
    sentences.forEach((s, i) => {
      const seen = new Set<string>();
      for (const m of s.text.matchAll(this.#pattern!)) {
        const hit = this.#byName.get(m[0]);
        if (!hit || seen.has(hit.id)) continue;
        seen.add(hit.id);
        out.push({ sentence: i, softwareId: hit.id, techniqueIds: hit.techniqueIds });
      }
    });
    return out;
  }
}
