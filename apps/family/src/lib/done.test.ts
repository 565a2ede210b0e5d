import { describe, expect, it } from "vitest";
import { knownDone, OVERVIEW_DONE, WELCOME, welcomeWords } from "./done.ts";

describe("the success banners", () => {
  it("tell a person with a passkey to use it, and one without to use a code", () => {
    expect(welcomeWords(0).welcome?.text).toMatch(/^Next time, sign in with a code we email you\./);
    expect(welcomeWords(2).welcome?.text).toMatch(/^Next time, sign in with your passkey\./);
  });

  it("carry on only a note they know", () => {
    expect(knownDone("welcome", WELCOME)).toBe("welcome");
    expect(knownDone("<script>", WELCOME)).toBeUndefined();
    expect(knownDone("toString", OVERVIEW_DONE)).toBeUndefined();
    expect(knownDone(null, WELCOME)).toBeUndefined();
  });
});
