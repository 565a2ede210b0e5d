import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  ageInMonths,
  dateFromDayNumber,
  dayNumber,
  type IsoDate,
  parseIsoDate,
} from "../dates/date-only.js";
import { fundedEarlyEducationStart } from "../dates/funded-early-education.js";
import {
  cheshireEast,
  lancashire,
  lancashireInput,
  type Protocol,
  type ProtocolInput,
  parseProtocol,
} from "../protocol/index.js";
import { assessEligibility, type EligibilityAssessment, type EligibilityTopic } from "./assess.js";
import { type EligibilityFacts, EligibilityInputError } from "./facts.js";
import { supportEndDate } from "./support-end.js";

const d = parseIsoDate;
const AS_OF = d("2026-11-20");

/** A Lancashire child who meets every clause: 18 months old on AS_OF, no diagnosis, delayed 6 and 7 months in two areas. */
const lancashireChild: EligibilityFacts = {
  dateOfBirth: d("2025-05-14"),
  diagnosis: false,
  developmentalDelays: [
    { areaId: "communication-and-language", delayMonths: 6 },
    { areaId: "physical", delayMonths: 7 },
  ],
  settingHoursPerWeek: 0,
  livesInArea: true,
  routeId: "self-referral",
  consentGiven: true,
  availableForVisits: true,
};

/** A Cheshire East child who meets every clause: 2 years old, known to the Forum, in no setting. */
const cheshireChild: EligibilityFacts = {
  dateOfBirth: d("2024-09-10"),
  knownToPanel: true,
  settingHoursPerWeek: 0,
  livesInArea: true,
  routeId: "early-years-forum",
  consentGiven: true,
  availableForVisits: true,
};

function reason(assessment: EligibilityAssessment, topic: EligibilityTopic) {
  const found = assessment.reasons.find((r) => r.topic === topic);
  if (found === undefined) throw new Error(`no reason for ${topic}`);
  return found;
}

function results(assessment: EligibilityAssessment): Record<string, string> {
  return Object.fromEntries(assessment.reasons.map((r) => [r.topic, r.result]));
}

function customProtocol(change: (input: ProtocolInput) => void): Protocol {
  const input = structuredClone(lancashireInput) as ProtocolInput;
  change(input);
  const parsed = parseProtocol(input);
  if (!parsed.success) throw new Error(JSON.stringify(parsed.problems));
  return parsed.protocol;
}

// Property-test generator: any mix of known and unknown facts around AS_OF.
const arbitraryFacts: fc.Arbitrary<EligibilityFacts> = fc.record(
  {
    dateOfBirth: fc.integer({ min: dayNumber(AS_OF) - 6 * 366, max: dayNumber(AS_OF) + 60 }).map(dateFromDayNumber),
    diagnosis: fc.boolean(),
    developmentalDelays: fc.uniqueArray(
      fc.record({
        areaId: fc.constantFrom("communication-and-language", "physical", "self-care", "sensory"),
        delayMonths: fc.integer({ min: 0, max: 24 }),
      }),
      { selector: (delay) => delay.areaId, maxLength: 4 },
    ),
    knownToPanel: fc.boolean(),
    settingHoursPerWeek: fc.constantFrom(0, 0, 5, 15, 15.5, 30),
    startedSetting: fc.boolean(),
    startedSchool: fc.boolean(),
    livesInArea: fc.boolean(),
    routeId: fc.constantFrom("self-referral", "early-help", "early-years-forum", "health-visitor"),
    consentGiven: fc.boolean(),
    availableForVisits: fc.boolean(),
  },
  { requiredKeys: [] },
);
const arbitraryAsOf = fc
  .integer({ min: dayNumber(d("2024-04-01")), max: dayNumber(d("2028-12-31")) })
  .map(dateFromDayNumber);

describe("assessEligibility with the Lancashire preset", () => {
  it("finds a child who meets every clause eligible, citing each clause once in order", () => {
    const result = assessEligibility(lancashireChild, lancashire, AS_OF);
    expect(result.outcome).toBe("eligible");
    expect(result.reasons.map((r) => r.clauseId)).toEqual([
      "age-window",
      "significant-send",
      "setting-hours",
      "residence",
      "referral-routes",
      "consent",
      "availability",
    ]);
    expect(result.reasons.every((r) => r.result === "met")).toBe(true);
    expect(result.missing).toEqual([]);
    expect(result.signposting).toEqual([]);
    expect(result.supportEnds).toBe("2028-09-01");
    expect(result.supportEndsRule).toContain("the last day of support is 31 August 2028");
    expect(result.evaluatedOn).toBe(AS_OF);
    expect(result.protocolId).toBe("lancashire");
  });

  it("explains the delay threshold with its figures: a third of 18 months is 6", () => {
    const need = reason(assessEligibility(lancashireChild, lancashire, AS_OF), "need");
    expect(need.staff).toContain("threshold 6 months (1/3 of 18 months)");
    expect(need.staff).toContain("reached in 2 areas of 2 assessed");
    expect(need.parent).toBe("Your child's needs are the kind Portage is here to help with.");
  });

  it("needs the delay in enough areas, each at or over the threshold", () => {
    const justUnder = assessEligibility(
      {
        ...lancashireChild,
        developmentalDelays: [
          { areaId: "communication-and-language", delayMonths: 5.99 },
          { areaId: "physical", delayMonths: 12 },
        ],
      },
      lancashire,
      AS_OF,
    );
    expect(reason(justUnder, "need").result).toBe("not-met");
    expect(reason(justUnder, "need").staff).toContain("reached in 1 area of 2 assessed (physical 12 months)");
    expect(justUnder.outcome).toBe("not-eligible");
    expect(justUnder.signposting[0]).toContain("health visitor");
  });

  it("never counts a delay of 0, even for a newborn whose threshold is 0", () => {
    const newborn = assessEligibility(
      {
        ...lancashireChild,
        dateOfBirth: AS_OF,
        developmentalDelays: [
          { areaId: "physical", delayMonths: 0 },
          { areaId: "sensory", delayMonths: 0 },
        ],
      },
      lancashire,
      AS_OF,
    );
    expect(reason(newborn, "need").result).toBe("not-met");
    expect(reason(newborn, "need").staff).toContain("(none)");
  });

  it("accepts a diagnosis on its own, without asking about delays", () => {
    const { developmentalDelays: _, ...rest } = lancashireChild;
    const result = assessEligibility(
      { ...rest, diagnosis: true, diagnosisDescription: "Down syndrome" },
      lancashire,
      AS_OF,
    );
    expect(result.outcome).toBe("eligible");
    expect(reason(result, "need").staff).toContain("Diagnosis: yes (Down syndrome)");
  });

  it("asks only for delays when there is no diagnosis, and only for the diagnosis when delays fall short", () => {
    const { developmentalDelays: _, ...rest } = lancashireChild;
    const noDiagnosis = assessEligibility({ ...rest, diagnosis: false }, lancashire, AS_OF);
    expect(noDiagnosis.outcome).toBe("more-information-needed");
    expect(noDiagnosis.missing.map((m) => m.fact)).toEqual(["developmentalDelays"]);
    const { diagnosis: _d, ...undiagnosed } = lancashireChild;
    const shortDelays = assessEligibility({ ...undiagnosed, developmentalDelays: [] }, lancashire, AS_OF);
    expect(shortDelays.missing.map((m) => m.fact)).toEqual(["diagnosis"]);
    expect(shortDelays.missing[0]?.question).toBe("Has your child been diagnosed with a condition or syndrome?");
  });

  it("ends support on the day funded early education starts, not a day before", () => {
    const dateOfBirth = d("2023-05-14");
    const funded = fundedEarlyEducationStart(dateOfBirth);
    expect(funded).toBe("2026-09-01");
    const lastDay = assessEligibility({ ...lancashireChild, dateOfBirth }, lancashire, addDays(funded, -1));
    expect(reason(lastDay, "age").result).toBe("met");
    const firstDayPast = assessEligibility({ ...lancashireChild, dateOfBirth }, lancashire, funded);
    expect(reason(firstDayPast, "age").result).toBe("not-met");
    expect(reason(firstDayPast, "age").parent).toContain("since 1 September 2026");
    expect(firstDayPast.outcome).toBe("not-eligible");
    expect(firstDayPast.signposting).toContain(
      "Your local family hub or children's centre can tell you about funded early education places.",
    );
  });

  it("is not eligible before birth, and suggests the midwife or health visitor", () => {
    const result = assessEligibility(
      { ...lancashireChild, dateOfBirth: d("2026-12-01"), developmentalDelays: [] },
      lancashire,
      AS_OF,
    );
    expect(result.outcome).toBe("not-eligible");
    expect(reason(result, "age").staff).toBe(
      "Date of birth 1 December 2026 is after 20 November 2026: the child is not yet born.",
    );
    expect(reason(result, "need").result).toBe("unknown");
    expect(reason(result, "need").staff).toContain("cannot be measured before birth");
    expect(result.signposting[0]).toContain("midwife");
  });

  it("allows up to the setting-hours limit and no more", () => {
    const at = assessEligibility({ ...lancashireChild, settingHoursPerWeek: 15 }, lancashire, AS_OF);
    expect(reason(at, "setting-hours").result).toBe("met");
    expect(reason(at, "setting-hours").parent).toContain("within the limit of 15 hours");
    const over = assessEligibility({ ...lancashireChild, settingHoursPerWeek: 15.5 }, lancashire, AS_OF);
    expect(reason(over, "setting-hours").result).toBe("not-met");
    expect(reason(over, "setting-hours").staff).toBe(
      "15.5 hours a week in a setting is over the limit: the limit is 15 hours a week (in force from 1 April 2024).",
    );
    expect(over.signposting[0]).toContain("SENCO");
  });

  it.each([
    ["residence", { livesInArea: false }, "portage.org.uk"],
    ["consent", { consentGiven: false }, "talk them through"],
    ["availability", { availableForVisits: false }, "what would make visits possible"],
    ["referral-route", { routeId: "early-years-forum" }, "Early Help Assessment and Plan (EHA/EHP): A professional"],
  ] as const)("is not eligible when %s is not met, and signposts", (topic, change, signpost) => {
    const result = assessEligibility({ ...lancashireChild, ...change }, lancashire, AS_OF);
    expect(result.outcome).toBe("not-eligible");
    expect(reason(result, topic).result).toBe("not-met");
    expect(result.signposting.some((s) => s.includes(signpost))).toBe(true);
    // The general suggestions come last, once each.
    expect(result.signposting.at(-1)).toContain("The Lancashire local offer");
    expect(new Set(result.signposting).size).toBe(result.signposting.length);
    expect(result.missing).toEqual([]);
  });

  it("names the routes when the route is not one of the protocol's", () => {
    const route = reason(
      assessEligibility({ ...lancashireChild, routeId: "health" }, lancashire, AS_OF),
      "referral-route",
    );
    expect(route.staff).toBe('Route "health" is not one of this protocol\'s routes (self-referral, early-help).');
    expect(route.parent).toBe(
      "Referrals to Lancashire Portage Service come through Parent or carer self-referral or Early Help Assessment and Plan (EHA/EHP).",
    );
  });

  it("asks every question, in clause order, when nothing is known", () => {
    const result = assessEligibility({}, lancashire, AS_OF);
    expect(result.outcome).toBe("more-information-needed");
    expect(result.missing.map((m) => m.fact)).toEqual([
      "dateOfBirth",
      "diagnosis",
      "developmentalDelays",
      "settingHoursPerWeek",
      "livesInArea",
      "routeId",
      "consentGiven",
      "availableForVisits",
    ]);
    expect(result.missing.find((m) => m.fact === "livesInArea")?.question).toBe("Do you live in Lancashire?");
    expect(result.missing.find((m) => m.fact === "availableForVisits")?.question).toContain(
      "about 60 minutes, weekly or fortnightly",
    );
    expect(result.supportEnds).toBeUndefined();
    expect(result.supportEndsRule).toContain("the 1 January, 1 April or 1 September after their third birthday");
    expect(result.signposting).toEqual([]);
  });

  it("asks nothing more once a clause is not met", () => {
    const result = assessEligibility({ livesInArea: false }, lancashire, AS_OF);
    expect(result.outcome).toBe("not-eligible");
    expect(result.missing).toEqual([]);
    expect(results(result).age).toBe("unknown");
  });
});

describe("assessEligibility with the Cheshire East preset", () => {
  it("finds a child known to the Early Years Forum eligible without a diagnosis: the Forum judges need", () => {
    const result = assessEligibility(cheshireChild, cheshireEast, AS_OF);
    expect(result.outcome).toBe("eligible");
    expect(reason(result, "need").staff).toContain("Early Years Forum: the child is known to it, and it judges");
    expect(reason(result, "setting-hours").staff).toBe(
      "No limit on setting hours (rule in force from 26 January 2024); 0 hours a week recorded.",
    );
    expect(reason(result, "age").staff).toContain(
      "Started a setting: no (0 hours a week in a setting). Started school: no, too young (the earliest school start is 1 September 2029).",
    );
    expect(result.supportEnds).toBe(addMonths(d("2024-09-10"), 60));
  });

  it("is not eligible when the child is not known to the Forum, even with a diagnosis", () => {
    const result = assessEligibility({ ...cheshireChild, knownToPanel: false, diagnosis: true }, cheshireEast, AS_OF);
    expect(result.outcome).toBe("not-eligible");
    expect(reason(result, "need").parent).toContain("brought to the Early Years Forum");
    expect(result.signposting[0]).toContain("about bringing your child to the Early Years Forum");
  });

  it("says it is the Forum that is lacking even when there is no diagnosis", () => {
    const result = assessEligibility({ ...cheshireChild, knownToPanel: false, diagnosis: false }, cheshireEast, AS_OF);
    expect(reason(result, "need").parent).toContain("brought to the Early Years Forum");
  });

  it("asks only whether the child is known to the Forum, since that settles need", () => {
    const { knownToPanel: _, ...rest } = cheshireChild;
    const result = assessEligibility(rest, cheshireEast, AS_OF);
    expect(result.missing.map((m) => m.fact)).toEqual(["knownToPanel"]);
    expect(result.missing[0]?.question).toBe("Has your child been brought to the Early Years Forum?");
  });

  it("does not ask about setting hours: there is no limit", () => {
    const { settingHoursPerWeek: _, ...rest } = cheshireChild;
    const result = assessEligibility({ ...rest, startedSetting: false }, cheshireEast, AS_OF);
    expect(result.outcome).toBe("eligible");
  });

  it("ends support when the child starts a setting or school", () => {
    const setting = assessEligibility({ ...cheshireChild, startedSetting: true }, cheshireEast, AS_OF);
    expect(setting.outcome).toBe("not-eligible");
    expect(reason(setting, "age").parent).toContain("started at a nursery, pre-school or childminder");
    const school = assessEligibility(
      { ...cheshireChild, dateOfBirth: d("2022-05-14"), startedSetting: false, startedSchool: true },
      cheshireEast,
      AS_OF,
    );
    expect(reason(school, "age").result).toBe("not-met");
    expect(reason(school, "age").parent).toContain("started at school");
  });

  it("asks whether a child with hours in a setting has moved into it, and asks about school only once the child could have started", () => {
    const toddler = assessEligibility({ ...cheshireChild, settingHoursPerWeek: 6 }, cheshireEast, AS_OF);
    expect(toddler.missing.map((m) => m.fact)).toEqual(["startedSetting"]);
    // Four in May 2026, so could have started school in September 2026.
    const fourYearOld = assessEligibility({ ...cheshireChild, dateOfBirth: d("2022-05-14") }, cheshireEast, AS_OF);
    expect(fourYearOld.missing.map((m) => m.fact)).toEqual(["startedSchool"]);
    expect(reason(fourYearOld, "age").staff).toContain("Started school: not recorded.");
    const stillAtHome = assessEligibility(
      { ...cheshireChild, dateOfBirth: d("2022-05-14"), startedSchool: false, startedSetting: false },
      cheshireEast,
      AS_OF,
    );
    expect(stillAtHome.outcome).toBe("eligible");
  });

  it("takes a child who turns four on 1 September to start school the following year", () => {
    const born = d("2022-09-01");
    const result = assessEligibility({ ...cheshireChild, dateOfBirth: born }, cheshireEast, d("2027-08-31"));
    expect(reason(result, "age").staff).toContain("the earliest school start is 1 September 2027");
    const justBefore = assessEligibility(
      { ...cheshireChild, dateOfBirth: d("2022-08-31") },
      cheshireEast,
      d("2026-09-01"),
    );
    expect(justBefore.missing.map((m) => m.fact)).toEqual(["startedSchool"]);
  });

  it("ends support at the latest age, 60 months", () => {
    const born = d("2021-11-20");
    const ends = supportEndDate(born, cheshireEast);
    expect(ends).toBe("2026-11-20");
    const result = assessEligibility({ ...cheshireChild, dateOfBirth: born }, cheshireEast, ends);
    expect(reason(result, "age").result).toBe("not-met");
    expect(reason(result, "age").parent).toContain("old enough to have started school");
    expect(result.signposting).not.toContain(
      "Your local family hub or children's centre can tell you about funded early education places.",
    );
  });
});

describe("assessEligibility with a council's own protocol", () => {
  const monthsByAge = customProtocol((input) => {
    input.id = "months-by-age";
    input.eligibility.need.values = [
      {
        from: "2024-04-01",
        value: {
          diagnosisQualifies: false,
          delay: { kind: "months-by-age", underTwoMonths: 6, twoAndOverMonths: 12, minAreas: 2 },
        },
      },
    ];
  });
  const twoAreas = (delayMonths: number) => [
    { areaId: "physical", delayMonths },
    { areaId: "sensory", delayMonths },
  ];

  it("applies 6 months under 2 and 12 months from 2", () => {
    const underTwo = { ...lancashireChild, dateOfBirth: addDays(addMonths(AS_OF, -24), 1) };
    const two = { ...lancashireChild, dateOfBirth: addMonths(AS_OF, -24) };
    expect(assessEligibility({ ...underTwo, developmentalDelays: twoAreas(6) }, monthsByAge, AS_OF).outcome).toBe(
      "eligible",
    );
    const atTwo = assessEligibility({ ...two, developmentalDelays: twoAreas(6) }, monthsByAge, AS_OF);
    expect(reason(atTwo, "need").result).toBe("not-met");
    expect(reason(atTwo, "need").staff).toContain("threshold 12 months (age 24 months, 2 or over)");
    expect(assessEligibility({ ...two, developmentalDelays: twoAreas(12) }, monthsByAge, AS_OF).outcome).toBe(
      "eligible",
    );
  });

  it("ignores a diagnosis where the council does not count one on its own", () => {
    const result = assessEligibility(
      { ...lancashireChild, diagnosis: true, developmentalDelays: twoAreas(1) },
      monthsByAge,
      AS_OF,
    );
    expect(reason(result, "need").result).toBe("not-met");
    expect(reason(result, "need").staff).not.toContain("Diagnosis");
  });

  it("uses the need rule and setting-hours limit in force on the day", () => {
    const changing = customProtocol((input) => {
      input.eligibility.need.values = [
        ...input.eligibility.need.values,
        {
          from: "2027-01-01",
          value: { diagnosisQualifies: true, delay: { kind: "fraction-of-age", fraction: 0.5, minAreas: 2 } },
        },
      ];
      input.eligibility.settingHours.values = [
        ...input.eligibility.settingHours.values,
        { from: "2027-01-01", value: { maxHoursPerWeek: 10 } },
      ];
    });
    // Born 2025-07-01: 17 months on 2026-12-31 (a third is 5.67), 18 months on 2027-01-01 (half is 9).
    const child = {
      ...lancashireChild,
      dateOfBirth: d("2025-07-01"),
      settingHoursPerWeek: 12,
      developmentalDelays: twoAreas(7),
    };
    const before = assessEligibility(child, changing, d("2026-12-31"));
    expect(results(before)).toMatchObject({ need: "met", "setting-hours": "met" });
    const after = assessEligibility(child, changing, d("2027-01-01"));
    expect(results(after)).toMatchObject({ need: "not-met", "setting-hours": "not-met" });
    expect(reason(after, "need").staff).toContain("Rule in force from 1 January 2027");
    expect(reason(after, "need").staff).toContain("threshold 9 months (1/2 of 18 months)");
    expect(reason(after, "setting-hours").staff).toContain(
      "the limit is 10 hours a week (in force from 1 January 2027)",
    );
  });

  it("says plainly when no rule was in force yet", () => {
    // The child is not born yet on that day, so no delays can be recorded.
    const result = assessEligibility({ ...lancashireChild, developmentalDelays: [] }, lancashire, d("2024-03-31"));
    expect(reason(result, "need").result).toBe("not-met");
    expect(reason(result, "need").staff).toBe(
      "No need rule is in force on 31 March 2024: the protocol's first applies from 1 April 2024.",
    );
    expect(reason(result, "setting-hours").staff).toBe(
      "No setting hours limit is in force on 31 March 2024: the protocol's first applies from 1 April 2024.",
    );
  });

  it("applies a minimum age and a fixed end age", () => {
    const window = customProtocol((input) => {
      input.eligibility.age.minimumAgeMonths = 3;
      input.eligibility.age.end = { rule: "age-in-months", months: 30 };
    });
    const baby = assessEligibility(
      { ...lancashireChild, dateOfBirth: d("2026-10-01"), developmentalDelays: [] },
      window,
      AS_OF,
    );
    expect(reason(baby, "age").result).toBe("not-met");
    expect(reason(baby, "age").parent).toBe(
      "Portage in Lancashire starts from 3 months old, so your child can be referred from 1 January 2027.",
    );
    expect(baby.signposting[0]).toBe("You are welcome to get in touch again from 1 January 2027.");
    const born = d("2024-05-20");
    expect(
      reason(assessEligibility({ ...lancashireChild, dateOfBirth: born }, window, d("2026-11-19")), "age").result,
    ).toBe("met");
    const thirtyMonths = assessEligibility({ ...lancashireChild, dateOfBirth: born }, window, d("2026-11-20"));
    expect(reason(thirtyMonths, "age").parent).toBe(
      "Portage in Lancashire is for children up to 30 months old, an age your child reached on 20 November 2026.",
    );
    expect(assessEligibility({}, window, AS_OF).supportEndsRule).toBe("Support ends when the child is 30 months old.");
    // That day has come, so the rule is told in the past tense; the day before, in the present.
    expect(thirtyMonths.supportEndsRule).toBe(
      "Support ended when the child was 30 months old, on 20 November 2026; the last day of support was 19 November 2026.",
    );
    expect(
      assessEligibility({ ...lancashireChild, dateOfBirth: born }, window, d("2026-11-19")).supportEndsRule,
    ).toContain("on 20 November 2026; the last day of support is 19 November 2026");
  });

  it("requires a panel on top of delay thresholds where the council sets both", () => {
    const panelAndDelay = customProtocol((input) => {
      input.eligibility.need.values = [
        {
          from: "2024-04-01",
          value: {
            diagnosisQualifies: false,
            delay: { kind: "fraction-of-age", fraction: 1 / 3, minAreas: 2 },
            panelRequired: { name: "Referral Panel" },
          },
        },
      ];
    });
    const unknownPanel = assessEligibility(lancashireChild, panelAndDelay, AS_OF);
    expect(unknownPanel.missing.map((m) => m.fact)).toEqual(["knownToPanel"]);
    const known = assessEligibility({ ...lancashireChild, knownToPanel: true }, panelAndDelay, AS_OF);
    expect(known.outcome).toBe("eligible");
    expect(reason(known, "need").parent).toContain("and the Referral Panel knows about your child");
    const notKnown = assessEligibility({ ...lancashireChild, knownToPanel: false }, panelAndDelay, AS_OF);
    expect(reason(notKnown, "need").parent).toContain("brought to the Referral Panel");
    const knownButNoDelay = assessEligibility(
      { ...lancashireChild, knownToPanel: true, developmentalDelays: [] },
      panelAndDelay,
      AS_OF,
    );
    expect(reason(knownButNoDelay, "need").parent).toContain("does not need Portage at the moment");
    const notKnownNoDelay = assessEligibility(
      { ...lancashireChild, knownToPanel: false, developmentalDelays: [] },
      panelAndDelay,
      AS_OF,
    );
    expect(reason(notKnownNoDelay, "need").parent).toContain("does not need Portage at the moment");
  });

  it("finds no way to qualify in a need rule that offers none", () => {
    // parseProtocol refuses such a rule; a protocol built by hand still gets a clear answer.
    const input = structuredClone(lancashireInput) as ProtocolInput;
    input.eligibility.need.values = [{ from: "2024-04-01", value: { diagnosisQualifies: false, delay: null } }];
    expect(parseProtocol(input)).toMatchObject({
      success: false,
      problems: [{ path: "eligibility.need.values.0.value", message: expect.stringContaining("no child could meet") }],
    });
    const none: Protocol = {
      ...lancashire,
      eligibility: {
        ...lancashire.eligibility,
        need: {
          ...lancashire.eligibility.need,
          values: [{ from: d("2024-04-01"), value: { diagnosisQualifies: false, delay: null } }],
        },
      },
    };
    const result = assessEligibility(lancashireChild, none, AS_OF);
    expect(reason(result, "need").result).toBe("not-met");
    expect(reason(result, "need").staff).toContain("The rule gives no way to qualify");
  });

  it("applies Cheshire East's rules only from the day they were set", () => {
    const child = { ...cheshireChild, dateOfBirth: d("2023-06-01") };
    const beforeRules = assessEligibility(child, cheshireEast, d("2024-01-25"));
    expect(reason(beforeRules, "need").result).toBe("not-met");
    expect(reason(beforeRules, "need").parent).toContain("Please contact the service");
    expect(assessEligibility(child, cheshireEast, d("2024-01-26")).outcome).toBe("eligible");
  });
});

describe("refusing input it cannot use", () => {
  it("refuses facts that fail the schema, listing every problem with its path", () => {
    const bad = {
      settingHoursPerWeek: -1,
      developmentalDelays: [
        { areaId: "physical", delayMonths: 3 },
        { areaId: "physical", delayMonths: 4 },
      ],
      favouriteColour: "blue",
    } as unknown as EligibilityFacts;
    try {
      assessEligibility(bad, lancashire, AS_OF);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EligibilityInputError);
      const problems = (error as EligibilityInputError).problems.map((p) => p.path);
      expect(problems).toEqual(
        expect.arrayContaining(["settingHoursPerWeek", "developmentalDelays", "favouriteColour"]),
      );
      expect((error as Error).message).toContain("settingHoursPerWeek: must not be negative");
    }
  });

  it("refuses a date that is not a real day", () => {
    expect(() => assessEligibility({}, lancashire, "2026-02-30" as IsoDate)).toThrow(
      '"2026-02-30" is not a date in the form YYYY-MM-DD',
    );
  });

  it("trims what the schema trims, so a route with stray spaces still matches", () => {
    const result = assessEligibility({ ...lancashireChild, routeId: " self-referral " }, lancashire, AS_OF);
    expect(reason(result, "referral-route").result).toBe("met");
  });
});

// A delay longer than the child's age is an input error, so the generated facts keep each delay
// within the child's age on the day checked.
function withinAge(facts: EligibilityFacts, asOf: IsoDate): EligibilityFacts {
  const dob = facts.dateOfBirth;
  if (dob === undefined || facts.developmentalDelays === undefined) return facts;
  const age = Math.max(0, ageInMonths(dob, asOf));
  return {
    ...facts,
    developmentalDelays: facts.developmentalDelays.map((delay) => ({
      ...delay,
      delayMonths: Math.min(delay.delayMonths, age),
    })),
  };
}
const assessWithinAge = (facts: EligibilityFacts, protocol: Protocol, asOf: IsoDate) =>
  assessEligibility(withinAge(facts, asOf), protocol, asOf);

describe("properties", () => {
  const protocols = fc.constantFrom(lancashire, cheshireEast);

  it("decides the outcome from the clauses: any not met, else any unknown, else eligible", () => {
    fc.assert(
      fc.property(arbitraryFacts, protocols, arbitraryAsOf, (facts, protocol, asOf) => {
        const result = assessWithinAge(facts, protocol, asOf);
        const list = result.reasons.map((r) => r.result);
        const expected = list.includes("not-met")
          ? "not-eligible"
          : list.includes("unknown")
            ? "more-information-needed"
            : "eligible";
        return (
          result.outcome === expected &&
          result.reasons.length === 7 &&
          (result.outcome === "not-eligible") === result.signposting.length > 0 &&
          (result.outcome === "more-information-needed") === result.missing.length > 0 &&
          (facts.dateOfBirth === undefined) === (result.supportEnds === undefined)
        );
      }),
    );
  });

  it("only ever asks for facts it has not been given, each once", () => {
    fc.assert(
      fc.property(arbitraryFacts, protocols, arbitraryAsOf, (facts, protocol, asOf) => {
        const asked = assessWithinAge(facts, protocol, asOf).missing.map((m) => m.fact);
        return asked.every((fact) => facts[fact] === undefined) && new Set(asked).size === asked.length;
      }),
    );
  });

  it("keeps a clause that is not met not met when more facts are learnt, so 'not eligible' is final", () => {
    fc.assert(
      fc.property(arbitraryFacts, arbitraryFacts, protocols, arbitraryAsOf, (known, more, protocol, asOf) => {
        const before = assessWithinAge(known, protocol, asOf);
        const after = assessWithinAge({ ...more, ...known }, protocol, asOf);
        return before.reasons.every((r, i) => r.result !== "not-met" || after.reasons[i]?.result === "not-met");
      }),
    );
  });

  it("answering the questions asked always settles the outcome", () => {
    fc.assert(
      fc.property(arbitraryFacts, arbitraryFacts, protocols, arbitraryAsOf, (known, answers, protocol, asOf) => {
        const first = assessWithinAge(known, protocol, asOf);
        if (first.outcome !== "more-information-needed") return true;
        // Answer every question; keep the rest as known. One answer can raise a follow-up
        // (the school question once the age is known), so allow two rounds.
        let facts: EligibilityFacts = { ...known };
        for (let round = 0; round < 2; round += 1) {
          const { missing } = assessWithinAge(facts, protocol, asOf);
          const filled = { ...facts } as Record<string, unknown>;
          for (const m of missing) filled[m.fact] = answers[m.fact] ?? defaultAnswer(m.fact, asOf);
          facts = filled as EligibilityFacts;
        }
        return assessWithinAge(facts, protocol, asOf).outcome !== "more-information-needed";
      }),
    );
  });
});

function defaultAnswer(fact: keyof EligibilityFacts, asOf: IsoDate): unknown {
  const answers: Record<keyof EligibilityFacts, unknown> = {
    dateOfBirth: addMonths(asOf, -20),
    diagnosis: false,
    diagnosisDescription: "none",
    developmentalDelays: [],
    knownToPanel: false,
    settingHoursPerWeek: 0,
    startedSetting: false,
    startedSchool: false,
    livesInArea: true,
    routeId: "self-referral",
    consentGiven: true,
    availableForVisits: true,
  };
  return answers[fact];
}
