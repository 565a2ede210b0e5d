// Bad protocols are refused clearly: every problem in one pass, in plain words, with the
// reason a protocol no child could meet is refused; presets cannot be changed by an importer.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EXIT_REASON_IDS } from "./exit-reasons.js";
import { cheshireEast, cheshireEastInput, lancashire, lancashireInput } from "./index.js";
import { parseJsonText } from "./json-text.js";
import { type ProtocolParseResult, parseProtocol } from "./parse.js";

// biome-ignore lint/suspicious/noExplicitAny: a protocol file is edited freely here, as a council would.
type Editable = Record<string, any>;
const clone = (): Editable => structuredClone(lancashireInput) as Editable;
const problems = (result: ProtocolParseResult) => (result.success ? [] : result.problems);

describe("every problem in one pass", () => {
  it("reports field problems and cross-field problems together", () => {
    const input = clone();
    input.published = "2026-02-30"; // a field problem
    input.eligibility.routes.routes.push({ ...input.eligibility.routes.routes[0] }); // a duplicate id
    input.plans.achievement.successes = 9; // more than outOf
    input.eligibility.age.minimumAgeMonths = 40; // no child could be eligible
    expect(problems(parseProtocol(input))).toEqual([
      { path: "published", message: "must be a real date written YYYY-MM-DD" },
      { path: "eligibility.routes.routes", message: 'the id "self-referral" is used more than once' },
      {
        path: "eligibility.age.minimumAgeMonths",
        message:
          "no child could be eligible: the minimum age (40 months) is not below the age at which support ends (at most 39 months, under the funded-early-education rule)",
      },
      { path: "plans.achievement.successes", message: "cannot be more than outOf" },
    ]);
  });

  it("does not repeat a cross-field problem on a field that is itself wrong", () => {
    const input = clone();
    input.visits.terms.periods = "none";
    expect(problems(parseProtocol(input))).toEqual([
      { path: "visits.terms.periods", message: "must be a list, written [ ... ]" },
    ]);
  });
});

describe("plain messages", () => {
  it("says what each kind of value must be, without valibot's words or the value", () => {
    const input = clone();
    input.serviceName = 42;
    input.visits.monitoring.whileWaiting = "no";
    input.eligibility.age.end = { rule: "until-bored" };
    input.eligibility.need.values[0].value.delay.kind = "percent";
    input.plans.areas = "none";
    input.colour = "blue";
    delete input.retention;
    expect(problems(parseProtocol(input))).toEqual(
      expect.arrayContaining([
        { path: "serviceName", message: "must be text in double quotes" },
        { path: "visits.monitoring.whileWaiting", message: "must be true or false" },
        {
          path: "eligibility.age.end.rule",
          message:
            'must be one of "funded-early-education", "age-in-months", "starts-setting-or-school", "school-entry"',
        },
        {
          path: "eligibility.need.values.0.value.delay.kind",
          message: 'must be one of "fraction-of-age", "months-by-age"',
        },
        { path: "plans.areas", message: "must be a group of settings, written { ... }" },
        { path: "colour", message: "is not a setting a protocol can have" },
        { path: "retention", message: "is required" },
      ]),
    );
  });

  it("never passes on a raw schema message, whatever is put where", () => {
    const paths = [
      ["id"],
      ["published"],
      ["council", "contact"],
      ["eligibility", "age", "minimumAgeMonths"],
      ["eligibility", "need", "values"],
      ["eligibility", "settingHours", "values", 0, "value", "maxHoursPerWeek"],
      ["visits", "blocks", "frequencies"],
      ["visits", "blocks", "weekdays"],
      ["priority", "criteria", 0],
      ["exits", "reasons", 0, "transitionReport"],
    ] as const;
    const values = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.string(), { maxLength: 2 }),
      fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...paths), values, (path, value) => {
        const input = clone();
        let target: Editable = input;
        for (const key of path.slice(0, -1)) target = target[key];
        target[path[path.length - 1] as string] = value;
        for (const problem of problems(parseProtocol(input))) {
          if (/Invalid|Expected|received/.test(problem.message)) return false;
          if (typeof value === "string" && value.length > 3 && problem.message.includes(value)) return false;
        }
        return true;
      }),
    );
  });
});

describe("protocol files as text", () => {
  it("parses the text of a valid file", () => {
    const result = parseProtocol(JSON.stringify(lancashireInput, null, 2));
    expect(result).toEqual({ success: true, protocol: lancashire, warnings: [] });
  });

  it("says where text that is not JSON goes wrong, without echoing the file", () => {
    const text = '{\n  "id": "borsetshire",\n  "serviceName": Borsetshire Portage\n}';
    const result = parseProtocol(text);
    expect(result).toEqual({
      success: false,
      problems: [
        {
          path: "(the whole file)",
          message:
            'is not valid JSON: at line 3, column 18, expected a value (text in double quotes, a number, true, false, null, a list or an object) but found "Borsetshire"',
        },
      ],
      warnings: [],
    });
    expect(problems(result)[0]?.message).not.toContain('"id"');
  });

  it("finds common mistakes: a trailing comma, a missing comma, an unclosed text, an empty file", () => {
    const message = (text: string) => {
      const parsed = parseJsonText(text);
      return parsed.ok ? "parsed" : parsed.error.message;
    };
    expect(message('{ "a": 1, }')).toBe(
      'is not valid JSON: at line 1, column 11, expected another setting after the comma (a trailing comma is not allowed) but found "}"',
    );
    expect(message("[1, 2,]")).toContain("a trailing comma is not allowed");
    expect(message('{ "a": 1\n  "b": 2 }')).toBe(
      'is not valid JSON: at line 2, column 3, expected a comma (,) or a closing brace (}) but found """',
    );
    expect(message('{ "a": "open\n}')).toContain("at line 1, column 13, expected a closing double quote");
    expect(message("")).toBe(
      "is not valid JSON: at line 1, column 1, expected a value (text in double quotes, a number, true, false, null, a list or an object) but found the end of the file",
    );
    expect(message('{ "a": 1 } x')).toContain("expected the end of the file after the value");
    expect(message('{ "a": -x }')).toContain("expected a number");
    expect(message('{ "a": "\\q" }')).toContain("a valid escape");
    expect(message("{ a: 1 }")).toContain('expected a setting name in double quotes but found "a"');
    expect(message('{ "a" 1 }')).toContain("a colon (:)");
    expect(message("[1 2]")).toContain("a comma (,) or a closing bracket (])");
    expect(message('\uFEFF{ "a": [true, false, null, -1.5e3, "\\u00e9\\n"] }')).toBe("parsed");
  });
});

describe("protocols no child could meet are refused, with the reason", () => {
  it("refuses a minimum age at or above the end of the age window", () => {
    const input = clone();
    input.eligibility.age.end = { rule: "age-in-months", months: 24 };
    input.eligibility.age.minimumAgeMonths = 24;
    expect(problems(parseProtocol(input))).toEqual([
      {
        path: "eligibility.age.minimumAgeMonths",
        message:
          "no child could be eligible: the minimum age (24 months) is not below the age at which support ends (24 months)",
      },
    ]);
    input.eligibility.age.end = { rule: "school-entry" };
    input.eligibility.age.minimumAgeMonths = 60;
    expect(problems(parseProtocol(input))[0]?.message).toContain("at most 60 months, under the school-entry rule");
    input.eligibility.age.minimumAgeMonths = 59;
    expect(parseProtocol(input).success).toBe(true);
  });

  it("refuses a school-entry cut-off that leaves no child time", () => {
    const input = clone();
    input.eligibility.age.end = { rule: "school-entry" };
    input.eligibility.age.minimumAgeMonths = 48;
    input.eligibility.age.schoolEntryCutOff = { amount: 1, unit: "academic-year" };
    expect(problems(parseProtocol(input))).toEqual([
      {
        path: "eligibility.age.schoolEntryCutOff",
        message:
          "no child could be eligible: 1 academic year before school entry is at most 48 months after birth, not after the minimum age of 48 months",
      },
    ]);
    input.eligibility.age.schoolEntryCutOff = { amount: 2, unit: "term" };
    input.eligibility.age.minimumAgeMonths = 52;
    expect(problems(parseProtocol(input))[0]?.message).toContain("2 terms before school entry is at most 52 months");
  });

  it("refuses need rules nothing satisfies, and delay rules asking for areas the protocol lacks", () => {
    const input = clone();
    input.eligibility.need.values = [
      { from: "2024-04-01", value: { diagnosisQualifies: false, delay: null } },
      {
        from: "2025-04-01",
        value: {
          diagnosisQualifies: true,
          delay: {
            kind: "fraction-of-age",
            fraction: 0.5,
            byAge: [
              { underMonths: 36, fraction: 0.3 },
              { underMonths: 24, fraction: 0.25 },
            ],
            minAreas: 7,
            requiredAreaId: "cognition",
          },
        },
      },
    ];
    expect(problems(parseProtocol(input))).toEqual([
      {
        path: "eligibility.need.values.0.value",
        message:
          "no child could meet this need rule: it needs at least one way to qualify (diagnosisQualifies true, a delay rule or a panel)",
      },
      {
        path: "eligibility.need.values.1.value.delay.minAreas",
        message:
          "no child could meet this delay rule: it needs 7 areas, but the protocol has only 6 developmental areas (plans.areas.areas)",
      },
      {
        path: "eligibility.need.values.1.value.delay.requiredAreaId",
        message:
          '"cognition" is not one of the protocol\'s developmental areas (communication-and-language, personal-social-emotional, physical, self-care, play-and-thinking, sensory)',
      },
      {
        path: "eligibility.need.values.1.value.delay.byAge.1.underMonths",
        message: "age bands must be in increasing order of underMonths, no two the same",
      },
    ]);
  });

  it("refuses a protocol with no term periods, in which no visit could be planned", () => {
    const input = clone();
    input.visits.terms.periods = [];
    expect(problems(parseProtocol(input))).toEqual([
      {
        path: "visits.terms.periods",
        message: "must list at least one term period: visits happen only in term time, so none could ever be planned",
      },
    ]);
  });

  it("refuses blocks longer than their maximum and weekdays listed twice", () => {
    const input = clone();
    input.visits.blocks.maxLengthWeeks = 10;
    input.visits.blocks.weekdays = ["monday", "monday", "funday"];
    expect(problems(parseProtocol(input))).toEqual([
      { path: "visits.blocks.weekdays.2", message: "must be a day of the week in lower case, e.g. monday" },
      { path: "visits.blocks.weekdays", message: "must list each weekday once" },
      { path: "visits.blocks.lengthWeeks", message: "cannot be more than maxLengthWeeks (10)" },
    ]);
  });

  it("refuses negative points", () => {
    const input = clone();
    const waited = input.priority.criteria.find((c: Editable) => c.kind === "time-waited");
    waited.pointsPerWeek = -1;
    const index = input.priority.criteria.indexOf(waited);
    expect(problems(parseProtocol(input))).toEqual([
      { path: `priority.criteria.${index}.pointsPerWeek`, message: "must not be negative" },
    ]);
  });
});

describe("exit reasons", () => {
  it("documents the ids the rules raise", () => {
    expect(Object.keys(EXIT_REASON_IDS)).toEqual([
      "age-limit",
      "setting-hours",
      "started-setting",
      "moved-away",
      "family-withdrew",
      "missed-visits",
    ]);
    // Lancashire lists every one; Cheshire East, with no setting-hours limit, has no use for that exit.
    expect(lancashire.exits.reasons.map((r) => r.id)).toEqual(expect.arrayContaining(Object.keys(EXIT_REASON_IDS)));
    const cheshire = cheshireEast.exits.reasons.map((r) => r.id);
    expect(Object.keys(EXIT_REASON_IDS).filter((id) => !cheshire.includes(id))).toEqual(["setting-hours"]);
    expect(parseProtocol(cheshireEastInput).warnings).toEqual([]);
  });

  it("refuses exit reasons without the age limit, and warns when an automatic exit is switched off", () => {
    const input = clone();
    input.exits.reasons = input.exits.reasons.filter(
      (r: Editable) => r.id !== "age-limit" && r.id !== "missed-visits" && r.id !== "setting-hours",
    );
    const result = parseProtocol(input);
    expect(problems(result)).toEqual([
      {
        path: "exits.reasons",
        message:
          'must include the exit reason "age-limit": without it no child would ever be told their support is ending with their age',
      },
    ]);
    expect(result.warnings).toEqual([
      {
        path: "exits.reasons",
        message: `has no exit reason "setting-hours", so that exit is never raised automatically (${EXIT_REASON_IDS["setting-hours"]})`,
      },
      {
        path: "exits.reasons",
        message: `has no exit reason "missed-visits", so that exit is never raised automatically (${EXIT_REASON_IDS["missed-visits"]})`,
      },
    ]);
  });

  it("accepts a council's own extra reasons", () => {
    const input = clone();
    input.exits.reasons.push({
      id: "joined-another-service",
      name: "Joined another service",
      description: "The child joined another service.",
      transitionReport: true,
    });
    expect(parseProtocol(input)).toMatchObject({ success: true, warnings: [] });
  });
});

describe("warnings", () => {
  it("warns about a review level that can never flag a child, and an 'all' rule with nothing to combine", () => {
    const input = clone();
    input.eligibility.settingHours.values[0].value.reviewFromHoursPerWeek = 20;
    input.eligibility.need.values[0].value.diagnosisQualifies = false;
    input.eligibility.need.values[0].value.combine = "all";
    const result = parseProtocol(input);
    expect(result.success).toBe(true);
    expect(result.warnings).toEqual([
      {
        path: "eligibility.need.values.0.value.combine",
        message: '"all" combines only the delay rule, since a diagnosis does not qualify: "any" says the same',
      },
      {
        path: "eligibility.settingHours.values.0.value.reviewFromHoursPerWeek",
        message:
          "never flags a child: a child with 20 hours or more is already over the limit of 15 hours and not eligible",
      },
    ]);
  });
});

describe("presets are immutable", () => {
  it("throws when an importer tries to change one, and every other importer keeps the original", async () => {
    const before = structuredClone(lancashire);
    expect(() => {
      (lancashire as Editable).serviceName = "Changed";
    }).toThrow(TypeError);
    expect(() => {
      (lancashire.visits.terms.periods as Editable[]).push({ name: "x", start: "2030-01-01", end: "2030-01-02" });
    }).toThrow(TypeError);
    expect(() => {
      (lancashireInput.eligibility.age as Editable).minimumAgeMonths = 6;
    }).toThrow(TypeError);
    // The term dates both presets share are frozen too.
    expect(() => {
      (cheshireEastInput.visits.terms.periods[0] as Editable).end = "2030-01-01";
    }).toThrow(TypeError);
    const again = await import("./index.js");
    expect(again.lancashire).toEqual(before);
    expect(Object.isFrozen(again.cheshireEast.eligibility.need.values[0]?.value)).toBe(true);
  });

  it("can still be copied and changed as a starting point", () => {
    const mine = structuredClone(lancashireInput) as Editable;
    mine.id = "borsetshire";
    expect(parseProtocol(mine)).toMatchObject({ success: true, protocol: { id: "borsetshire" } });
    expect(lancashire.id).toBe("lancashire");
  });
});
