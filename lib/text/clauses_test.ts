import assert from "node:assert/strict";
import { clauses } from "./clauses.ts";

Deno.test("clauses: a long sentence chaining actions is cut where each action starts", () => {
  const s =
    "Once executed, the loader copies itself into the AppData folder of the current user, " +
    "and then it writes a Run key so that it starts again at every logon; finally it contacts " +
    "its command server over HTTPS, which returns the next stage as an encrypted blob.";
  assert.deepEqual(clauses(s), [
    "Once executed, the loader copies itself into the AppData folder of the current user",
    "and then it writes a Run key so that it starts again at every logon",
    "finally it contacts its command server over HTTPS",
    "which returns the next stage as an encrypted blob.",
  ]);
});

Deno.test("clauses: short sentences and sentences without breaks stay whole", () => {
  assert.deepEqual(clauses("The actor ran whoami; then it ran netstat."), []);
  const long = Array.from({ length: 30 }, (_, i) => `word${i}`).join(" ").replace(/\d/g, "x");
  assert.deepEqual(clauses(long), []);
  // Pieces too short to mean anything are dropped, and one piece left means no split.
  assert.deepEqual(
    clauses(
      "The group relied on a very long and detailed chain of commands run through the Windows " +
        "command shell on every host it reached during the intrusion into the network; ok.",
    ),
    [],
  );
});
