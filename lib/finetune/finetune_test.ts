import assert from "node:assert/strict";
import {
  estimateTokens,
  fromChatExample,
  provenanceCsv,
  rowsFromChat,
  SYSTEM_PROMPT,
  toChatExample,
  toChatJsonl,
  validateChatJsonl,
} from "./mod.ts";

const names: Record<string, string> = {
  "T1059.001": "PowerShell",
  "T1105": "Ingress Tool Transfer",
};
const nameOf = (id: string) => names[id] ?? id;

Deno.test("rows become chat examples and come back unchanged", () => {
  const rows = [
    {
      text: 'They ran PowerShell to download, "stage 2".',
      labels: ["T1059.001", "T1105"],
      group: "tram/r1",
      source: "tram",
      split: "train",
    },
    {
      text: "The report was published in May.",
      labels: [],
      group: "tram/r1",
      source: "tram",
      split: "train",
    },
  ];
  const e = toChatExample(rows[0], nameOf);
  assert.deepEqual(e.messages.map((m) => m.role), ["system", "user", "assistant"]);
  assert.equal(e.messages[0].content, SYSTEM_PROMPT);
  assert.deepEqual(JSON.parse(e.messages[2].content), {
    techniques: [{ id: "T1059.001", name: "PowerShell" }, {
      id: "T1105",
      name: "Ingress Tool Transfer",
    }],
  });
  assert.deepEqual(fromChatExample(toChatExample(rows[1], nameOf)), {
    text: rows[1].text,
    labels: [],
  });
  const { examples, errors, tokens } = validateChatJsonl(toChatJsonl(rows, nameOf), {
    knownIds: new Set(Object.keys(names)),
  });
  assert.deepEqual(errors, []);
  assert.equal(tokens.length, 2);
  const back = rowsFromChat(examples, provenanceCsv(rows));
  assert.deepEqual(
    back.map((r) => [r.text, r.labels, r.group, r.source, r.split]),
    rows.map((r) => [r.text, r.labels, r.group, r.source, r.split]),
  );
});

Deno.test("validation reports every kind of bad line with its number", () => {
  const good = JSON.stringify(toChatExample({ text: "x y z", labels: ["T1105"] }, nameOf));
  const bad = (
    f: (e: { messages: { role: string; content: string }[] } & Record<string, unknown>) => void,
  ) => {
    const e = JSON.parse(good);
    f(e);
    return JSON.stringify(e);
  };
  const jsonl = [
    good,
    "{not json",
    bad((e) => (e.messages[1].role = "assistant")),
    bad((e) => (e.messages[2].content = "T1105")),
    bad((e) => (e.messages[2].content = '{"techniques":[{"id":"T9999","name":"?"}]}')),
    bad((e) => (e.extra = 1)),
    bad((e) => e.messages.pop()),
    bad((e) => (e.messages[1].content = " ")),
  ].join("\n");
  const { errors, examples } = validateChatJsonl(jsonl, { knownIds: new Set(["T1105"]) });
  assert.equal(examples.length, 1);
  const byLine = (n: number) => errors.filter((e) => e.line === n).map((e) => e.error).join("; ");
  assert.match(byLine(2), /not valid JSON/);
  assert.match(byLine(3), /role "assistant", expected user/);
  assert.match(byLine(4), /not JSON/);
  assert.match(byLine(5), /unknown technique T9999/);
  assert.match(byLine(6), /keys must be/);
  assert.match(byLine(7), /expected 3 messages/);
  assert.match(byLine(8), /message 1 has no content/);
  assert.ok(validateChatJsonl(good, { maxTokens: 10 }).errors[0].error.includes("over the limit"));
});

Deno.test("token estimates are in the usual range", () => {
  assert.equal(estimateTokens(""), 0);
  const t = estimateTokens("Adversaries may abuse PowerShell commands and scripts for execution.");
  assert.ok(t >= 10 && t <= 20, String(t));
});
