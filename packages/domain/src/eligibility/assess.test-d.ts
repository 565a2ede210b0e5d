import { describe, expectTypeOf, it } from "vitest";
import type { IsoDate } from "../dates/date-only.js";
import type { Protocol } from "../protocol/schema.js";
import { assessEligibility, type EligibilityOutcome } from "./assess.js";
import type { EligibilityFacts } from "./facts.js";

describe("assessEligibility types", () => {
  it("takes facts, a protocol and the day, and names its three outcomes", () => {
    expectTypeOf(assessEligibility).parameters.toEqualTypeOf<[EligibilityFacts, Protocol, IsoDate]>();
    expectTypeOf<EligibilityOutcome>().toEqualTypeOf<"eligible" | "not-eligible" | "more-information-needed">();
    // Every fact is optional: a checker starts with nothing known.
    expectTypeOf<Record<string, never>>().toMatchTypeOf<EligibilityFacts>();
  });
});
