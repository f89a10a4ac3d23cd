import assert from "node:assert/strict";
import { uuidV5 } from "./_uuid.ts";
import { stixBundleProblems, type StixObject, TOOL_IDENTITY, toStixBundle } from "./mod.ts";
import { RESULT } from "./testdata/result.ts";

const MITRE = "identity--c78cb6e5-0c4b-4611-8297-d1b8b55e40b5";
const MARKING = "marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168";
const AP = {
  T1053: "attack-pattern--35dd844a-b219-4e2b-a6bb-efa9a75995a9",
  T1657: "attack-pattern--1cfcb312-b8d7-47a4-b560-4b16cc677292",
} as Record<string, string>;
// As in ATT&CK's bundle here: no spec_version on the objects.
const OBJECTS = new Map<string, StixObject>([
  ...Object.entries(AP).map(([tid, id]): [string, StixObject] => [id, {
    type: "attack-pattern",
    id,
    name: tid,
    created: "2019-11-07T19:44:04.475Z",
    modified: "2025-04-15T19:58:59.927Z",
    created_by_ref: MITRE,
    object_marking_refs: [MARKING],
    x_mitre_modified_by_ref: MITRE,
  }]),
  [MITRE, {
    type: "identity",
    id: MITRE,
    name: "The MITRE Corporation",
    identity_class: "organization",
    created: "2017-06-01T00:00:00.000Z",
    modified: "2025-03-19T15:00:40.855Z",
    object_marking_refs: [MARKING],
  }],
  [MARKING, {
    type: "marking-definition",
    id: MARKING,
    created: "2017-06-01T00:00:00.000Z",
    created_by_ref: MITRE,
    definition_type: "statement",
    definition: { statement: "Copyright MITRE" },
  }],
]);
const options = {
  stixIdOf: (id: string) => AP[id],
  attackObjects: OBJECTS,
  created: "2026-01-02T03:04:05.006Z",
  modified: "2026-01-03T00:00:00.000Z",
};

Deno.test("uuidV5 matches the RFC 4122 test vector", () => {
  const dns = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
  assert.equal(uuidV5("python.org", dns), "886313e1-3b8a-5372-9b90-0c9aee199e5d");
});

Deno.test("stix: a valid 2.1 bundle whose report points at the ATT&CK attack-patterns", () => {
  const bundle = toStixBundle(RESULT, options);
  assert.deepEqual(stixBundleProblems(bundle), []);
  const report = bundle.objects.find((o) => o.type === "report")!;
  assert.deepEqual(report.object_refs, [AP.T1053, AP.T1657]);
  assert.equal(report.published, options.created);
  assert.equal(report.modified, options.modified);
  assert.equal(report.created_by_ref, TOOL_IDENTITY.id);
  const notes = bundle.objects.filter((o) => o.type === "note");
  assert.deepEqual(notes.map((n) => n.object_refs), [[report.id, AP.T1053], [report.id, AP.T1657]]);
  assert.deepEqual(notes[1].x_ttp_review, { decision: "added", reviewer: "ana" });
  assert.deepEqual(notes[1].authors, ["ana"]);
  const embedded = bundle.objects.filter((o) => o.created_by_ref === MITRE || o.id === MITRE);
  assert.equal(embedded.length, 4, "two attack-patterns, MITRE's identity and its marking");
  assert.ok(embedded.every((o) => o.spec_version === "2.1"));
  assert.deepEqual(toStixBundle(RESULT, options), bundle, "same analysis, same ids");
});

Deno.test("stix: without embedded objects or techniques the bundle still stands", () => {
  const refsOnly = toStixBundle(RESULT, { ...options, attackObjects: undefined });
  const problems = stixBundleProblems(refsOnly);
  assert.ok(problems.every((p) => /is not in the bundle/.test(p)), problems.join("\n"));
  const empty = toStixBundle({ ...RESULT, techniques: [] }, options);
  assert.deepEqual(stixBundleProblems(empty), []);
  assert.deepEqual(empty.objects.find((o) => o.type === "report")!.object_refs, [TOOL_IDENTITY.id]);
});

Deno.test("stix: the checker catches malformed bundles", () => {
  const good = toStixBundle(RESULT, options);
  const broken = (
    patch: (b: { objects: Record<string, unknown>[] } & Record<string, unknown>) => void,
  ) => {
    const b = structuredClone(good) as unknown as
      & { objects: Record<string, unknown>[] }
      & Record<string, unknown>;
    patch(b);
    return stixBundleProblems(b).join("\n");
  };
  const report = (b: { objects: Record<string, unknown>[] }) =>
    b.objects.find((o) => o.type === "report")!;
  assert.match(broken((b) => (b.spec_version = "2.1")), /no spec_version/);
  assert.match(broken((b) => delete report(b).spec_version), /spec_version must be "2\.1"/);
  assert.match(broken((b) => (report(b).id = "report--123")), /id must be report--<uuid>/);
  assert.match(broken((b) => (report(b).created = "2026-01-02 03:04")), /created must be/);
  assert.match(broken((b) => (report(b).object_refs = [])), /at least one/);
  assert.match(broken((b) => delete report(b).published), /published is required/);
  assert.match(
    broken((
      b,
    ) => (report(b).object_refs = ["attack-pattern--00000000-0000-4000-8000-000000000000"])),
    /not in the bundle/,
  );
  assert.match(broken((b) => (report(b)["x_TTP"] = 1)), /custom property/);
  assert.match(broken((b) => b.objects.push(b.objects[0])), /duplicate id/);
});
