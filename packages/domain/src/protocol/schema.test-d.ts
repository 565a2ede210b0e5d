import { describe, expectTypeOf, it } from "vitest";
import type { IsoDate } from "../dates/date-only.js";
import { assertProtocol, type ProtocolParseResult, parseProtocol } from "./parse.js";
import type { AgeEndRule, Protocol, ProtocolInput } from "./schema.js";

describe("Protocol types", () => {
  it("infers validated dates and the age end rule from the schema", () => {
    expectTypeOf<Protocol["published"]>().toEqualTypeOf<IsoDate>();
    expectTypeOf<ProtocolInput["published"]>().toEqualTypeOf<string>();
    expectTypeOf<AgeEndRule["rule"]>().toEqualTypeOf<
      "funded-early-education" | "age-in-months" | "starts-setting-or-school" | "school-entry"
    >();
  });

  it("takes unknown JSON and gives a typed protocol only on success", () => {
    expectTypeOf(parseProtocol).parameter(0).toEqualTypeOf<unknown>();
    expectTypeOf(parseProtocol).returns.toEqualTypeOf<ProtocolParseResult>();
    expectTypeOf(assertProtocol).returns.toEqualTypeOf<Protocol>();
  });
});
