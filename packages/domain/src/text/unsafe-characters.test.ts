import { describe, expect, it } from "vitest";
import { textProblem, textProblemMessage } from "./unsafe-characters.js";

describe("textProblem", () => {
  it.each([
    ["Poppy"],
    ["Zoë O'Brien-Smith"],
    ["محمد"],
    ["שלום\u200F"],
    ["क्‍ष"],
    ["می\u200Cخواهم"],
    ["👩\u200D👩\u200D👧 ❤\uFE0F"],
    ["😀"],
    ["Flat 2, 10 High Street"],
  ])("keeps %s", (text) => {
    expect(textProblem(text)).toBeUndefined();
  });

  it.each([
    ["a NUL", "Pop\u0000py"],
    ["an escape sequence", "\u001B[2JPoppy"],
    ["a bell", "Poppy\u0007"],
    ["vertical tab", "a\u000Bb"],
    ["form feed", "a\u000Cb"],
    ["DEL", "a\u007Fb"],
    ["a C1 control", "a\u0085b"],
    ["CSI (C1)", "a\u009Bb"],
    ["right-to-left override", "abc\u202Etxt.exe"],
    ["left-to-right embedding", "\u202Aabc"],
    ["pop directional formatting", "abc\u202C"],
    ["first strong isolate", "\u2068abc"],
    ["pop directional isolate", "abc\u2069"],
    ["zero-width space", "Pop\u200Bpy"],
    ["word joiner", "Pop\u2060py"],
    ["byte order mark", "\uFEFFPoppy"],
    ["soft hyphen", "Pop\u00ADpy"],
    ["Hangul filler", "\u3164"],
    ["line separator", "a\u2028b"],
    ["a tag character", "a\u{E0041}b"],
    ["a noncharacter", "a\uFFFFb"],
    ["a lone high surrogate", "a\uD800b"],
    ["a lone low surrogate", "a\uDC00b"],
  ])("refuses %s everywhere", (_name, text) => {
    expect(textProblem(text)).toBe("control-character");
    expect(textProblem(text, { multiLine: true })).toBe("control-character");
  });

  it.each([["a\nb"], ["a\r\nb"], ["a\rb"], ["a\tb"]])(
    "keeps line breaks and tabs only in fields of several lines",
    (text) => {
      expect(textProblem(text)).toBe("line-break");
      expect(textProblem(text, { multiLine: true })).toBeUndefined();
    },
  );
});

describe("textProblemMessage", () => {
  it("names the field", () => {
    expect(textProblemMessage("Child's first name", "control-character")).toBe(
      "Child's first name must not contain control characters or hidden formatting characters",
    );
    expect(textProblemMessage("Child's first name", "line-break")).toBe(
      "Child's first name must be on one line, without line breaks or tabs",
    );
  });
});
