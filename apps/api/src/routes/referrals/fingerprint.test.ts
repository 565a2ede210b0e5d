// A referral's fingerprint is stored with it and compared when its idempotency key comes again: a
// release that made another text of the same answers would turn every replay of a referral stored
// before it into a conflict. These hold it to the text it was first made from (JSON.stringify of a
// copy with every object's entries sorted), whatever way a later release comes to write it.
import { createHash } from "node:crypto";
import { exampleReferralInput } from "@openportage/referral-form";
import { describe, expect, it } from "vitest";
import { fingerprint } from "./intake.js";

/** The first fingerprint's making, kept here as the reference. */
function madeAsFirst(value: unknown): string {
  const canonical = JSON.stringify(value, (_key, inner) =>
    inner && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : 1)))
      : inner,
  );
  return createHash("sha256").update(canonical).digest("hex");
}

const answers = exampleReferralInput({ childFirstName: "Ada" });

describe("a referral's fingerprint", () => {
  it.each([
    ["a public referral", { route: "self-referral", answers, referrer: null }],
    [
      "a professional's referral",
      { route: "professional", answers, referrer: { name: "Dr Rao", role: "paediatrician", email: "r@example.org" } },
    ],
    ["keys in any order", { z: 1, a: { y: [3, { b: 2, a: 1 }], x: "é ✓ \u2028" }, M: true, m: false }],
    ["left-out and null values", { a: undefined, b: null, c: [undefined, null, () => 1], d: Number.NaN, e: -0 }],
    ["array-index keys, which objects list first", { b: 1, 10: "ten", 2: "two", a: 3, "01": "not an index" }],
    ["a date and empty objects", { at: new Date(Date.UTC(2026, 11, 4)), o: {}, l: [] }],
    ["a list at the top", [{ b: 1, a: 2 }, "x", 3]],
  ])("is the one first made, for %s", (_name, value) => {
    expect(fingerprint(value)).toBe(madeAsFirst(value));
  });

  it("is the same whatever order the answers' keys come in", () => {
    const reversed = Object.fromEntries(Object.entries(answers).reverse());
    expect(fingerprint({ route: "self-referral", answers: reversed })).toBe(
      fingerprint({ answers, route: "self-referral" }),
    );
    expect(fingerprint({ route: "self-referral", answers })).not.toBe(
      fingerprint({ route: "self-referral", answers: { ...answers, childFirstName: "Ava" } }),
    );
  });

  it("is still the text stored for a fixed referral before this release", () => {
    const fixed = {
      route: "self-referral",
      answers: { childFirstName: "Ada", childDateOfBirth: "2024-05-01", consent: true, languages: ["English", "Urdu"] },
      referrer: null,
    };
    expect(fingerprint(fixed)).toBe(madeAsFirst(fixed));
    expect(fingerprint(fixed)).toBe("0fd42bd68cf4fa9dc5437d3cd070fb42564b04ea3638511ff5ab72e10c5df9f8");
  });
});
