import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { BODY_IS_A_LIST, inspectInput, multiLine, nestsDeeperThan } from "./input-check.js";

describe("nestsDeeperThan", () => {
  it("counts objects and lists, not brackets inside strings", () => {
    expect(nestsDeeperThan('{"a":[1,{"b":2}]}', 3)).toBe(false);
    expect(nestsDeeperThan('{"a":[1,{"b":[2]}]}', 3)).toBe(true);
    expect(nestsDeeperThan(`{"a":"${"[".repeat(100)}"}`, 2)).toBe(false);
    expect(nestsDeeperThan(`{"a":"\\"${"{".repeat(100)}"}`, 2)).toBe(false);
    expect(nestsDeeperThan(`${"[".repeat(33)}${"]".repeat(33)}`, 32)).toBe(true);
    expect(nestsDeeperThan(`${"[".repeat(32)}${"]".repeat(32)}`, 32)).toBe(false);
  });

  it("reads a million levels without recursion", () => {
    expect(nestsDeeperThan("[".repeat(1_000_000), 32)).toBe(true);
  });
});

const Text = v.pipe(v.string(), v.trim(), v.maxLength(200));
const Schema = v.strictObject({
  name: Text,
  note: v.optional(v.pipe(Text, multiLine)),
  wrappedNote: v.pipe(v.optional(Text), multiLine),
  nested: v.optional(v.strictObject({ line: Text })),
  list: v.optional(v.array(v.strictObject({ note: v.pipe(Text, multiLine), label: Text }))),
  choice: v.optional(
    v.variant("kind", [
      v.strictObject({ kind: v.literal("a"), words: v.pipe(Text, multiLine) }),
      v.strictObject({ kind: v.literal("b"), words: Text }),
    ]),
  ),
  anything: v.optional(v.record(v.string(), v.unknown())),
});

describe("inspectInput", () => {
  it("finds control characters anywhere, with their paths", () => {
    expect(
      inspectInput(Schema, {
        name: "Pop\u0000py",
        nested: { line: "a\u202Eb" },
        list: [{ note: "fine", label: "x\u001B[2J" }],
        anything: { deep: ["\u0085"] },
        unknownKey: "\u007F",
      }),
    ).toEqual([
      { field: "name", message: "must not contain control characters or hidden formatting characters" },
      { field: "nested.line", message: "must not contain control characters or hidden formatting characters" },
      { field: "list.0.label", message: "must not contain control characters or hidden formatting characters" },
      { field: "anything.deep.0", message: "must not contain control characters or hidden formatting characters" },
      { field: "unknownKey", message: "must not contain control characters or hidden formatting characters" },
    ]);
  });

  it("keeps line breaks only where the schema marks the field multi-line", () => {
    const found = inspectInput(Schema, {
      name: "a\nb",
      note: "a\nb",
      wrappedNote: "a\r\nb\tc",
      nested: { line: "a\tb" },
      list: [{ note: "a\nb", label: "a\nb" }],
      anything: { free: "a\nb" },
    });
    expect(found.map((f) => f.field)).toEqual(["name", "nested.line", "list.0.label"]);
    expect(found[0]?.message).toBe("must be on one line, without line breaks or tabs");
  });

  it("follows a variant by its tag", () => {
    expect(inspectInput(Schema, { name: "x", choice: { kind: "a", words: "a\nb" } })).toEqual([]);
    expect(inspectInput(Schema, { name: "x", choice: { kind: "b", words: "a\nb" } }).map((f) => f.field)).toEqual([
      "choice.words",
    ]);
  });

  it("refuses a list where an object belongs, at the top and inside", () => {
    expect(inspectInput(Schema, [])).toEqual([{ field: "", message: BODY_IS_A_LIST }]);
    expect(inspectInput(Schema, { name: "x", nested: [] })).toEqual([
      { field: "nested", message: "must be an object, not a list" },
    ]);
    expect(inspectInput(Schema, { name: "x", anything: ["a"] })).toEqual([
      { field: "anything", message: "must be an object, not a list" },
    ]);
    // valibot alone would take them: this is why the walk exists.
    const AllOptional = v.strictObject({ note: v.optional(v.string()) });
    expect(v.safeParse(AllOptional, []).success).toBe(true);
    expect(inspectInput(AllOptional, [])).toEqual([{ field: "", message: BODY_IS_A_LIST }]);
  });

  it("finds nothing wrong in good input", () => {
    expect(
      inspectInput(Schema, { name: "Zoë 👩‍👧", note: "Line one\nLine two", list: [{ note: "ok", label: "ok" }] }),
    ).toEqual([]);
  });
});
