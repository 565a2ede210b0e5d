// The rules councils publish that the presets do not use: school entry as the end and as a
// cut-off, delay thresholds that change with age, a required area, need rules combined with
// all, a setting-hours level that flags for review, and delays checked against the protocol.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseIsoDate } from "../dates/date-only.js";
import { dueExits } from "../exits/due-exits.js";
import { lancashire, lancashireInput, type Protocol, type ProtocolInput, parseProtocol } from "../protocol/index.js";
import { assessEligibility, type EligibilityAssessment } from "./assess.js";
import {
  type EligibilityFacts,
  EligibilityInputError,
  eligibilityFactProblems,
  parseEligibilityFacts,
} from "./facts.js";

const d = parseIsoDate;
const examples = join(import.meta.dirname, "..", "..", "examples", "protocols");
function example(name: string): Protocol {
  const parsed = parseProtocol(readFileSync(join(examples, `${name}.json`), "utf8"));
  if (!parsed.success) throw new Error(JSON.stringify(parsed.problems));
  return parsed.protocol;
}
const wiltshire = example("wiltshire");
const hampshire = example("hampshire");
const leeds = example("leeds");
const reason = (result: EligibilityAssessment, topic: string) => {
  const found = result.reasons.find((r) => r.topic === topic);
  if (found === undefined) throw new Error(`no ${topic} reason`);
  return found;
};
const everythingElse = { livesInArea: true, consentGiven: true, availableForVisits: true, settingHoursPerWeek: 0 };

describe("school entry as the end of support and as a cut-off", () => {
  const child: EligibilityFacts = {
    ...everythingElse,
    dateOfBirth: d("2022-11-05"),
    diagnosis: true,
    routeId: "parent-referral",
  };

  it("ends support on the 1 September after the fourth birthday", () => {
    const result = assessEligibility(child, hampshire, d("2026-11-20"));
    expect(result.supportEnds).toBe("2027-09-01");
    expect(result.supportEndsRule).toBe(
      "Support ends when the child can start school, on 1 September 2027; the last day of support is 31 August 2027.",
    );
    const past = assessEligibility(child, hampshire, d("2027-09-01"));
    expect(reason(past, "age").result).toBe("not-met");
    expect(reason(past, "age").parent).toBe(
      "Portage in Hampshire is for children before they start school, and your child has been able to start school since 1 September 2027.",
    );
    expect(past.supportEndsRule).toContain("Support ended when the child could start school");
  });

  it("takes a child on only with at least a term left, counting the first day of the summer term", () => {
    expect(reason(assessEligibility(child, hampshire, d("2027-04-01")), "age").result).toBe("met");
    expect(reason(assessEligibility(child, hampshire, d("2027-04-01")), "age").staff).toContain(
      "Taken on until 1 April 2027, 1 term before school entry on 1 September 2027.",
    );
    const late = assessEligibility(child, hampshire, d("2027-04-02"));
    expect(reason(late, "age")).toMatchObject({
      result: "not-met",
      parent:
        "Portage in Hampshire starts at least 1 term before school entry, so that there is time for visits to help. Your child can start school on 1 September 2027, which is too soon.",
      staff:
        "Age 52 months on 2 April 2027; school entry 1 September 2027. The protocol takes children on only with at least 1 term before school entry: the last day for this child was 1 April 2027.",
    });
  });

  it("counts an academic year as three terms for Wiltshire", () => {
    const wiltshireChild = { ...child, routeId: "parent-referral", diagnosis: false, developmentalDelays: [] };
    expect(reason(assessEligibility(wiltshireChild, wiltshire, d("2026-09-01")), "age").result).toBe("met");
    expect(reason(assessEligibility(wiltshireChild, wiltshire, d("2026-09-02")), "age").result).toBe("not-met");
  });

  it("raises the age-limit exit on the school entry date", () => {
    expect(
      dueExits({ dateOfBirth: d("2022-11-05"), livesInArea: true }, hampshire, d("2027-07-01")).map((e) => [
        e.reasonId,
        e.due,
        e.why,
      ]),
    ).toEqual([
      [
        "age-limit",
        "2027-09-01",
        "Born 5 November 2022: can start school on 1 September 2027, when Portage support ends.",
      ],
    ]);
  });
});

describe("delay thresholds that change with age, and a required area", () => {
  const delays = (cognition: number, language: number) => [
    { areaId: "cognition", delayMonths: cognition },
    { areaId: "language", delayMonths: language },
  ];
  const facts = (dob: string, delayMonths: { areaId: string; delayMonths: number }[]): EligibilityFacts => ({
    ...everythingElse,
    dateOfBirth: d(dob),
    diagnosis: false,
    developmentalDelays: delayMonths,
    routeId: "parent-referral",
  });

  it("uses 30% under 3 and 50% from 3", () => {
    // 35 months: 30% is 10.5 months.
    const under3 = assessEligibility(facts("2023-12-20", delays(11, 11)), wiltshire, d("2026-11-20"));
    expect(reason(under3, "need").result).toBe("met");
    expect(reason(under3, "need").staff).toContain("threshold 10.5 months (3/10 of 35 months)");
    expect(
      reason(assessEligibility(facts("2023-12-20", delays(10, 11)), wiltshire, d("2026-11-20")), "need").result,
    ).toBe("not-met");
    // 36 months: now 50%, 18 months.
    const at3 = assessEligibility(facts("2023-11-20", delays(11, 11)), wiltshire, d("2026-11-20"));
    expect(reason(at3, "need").result).toBe("not-met");
    expect(reason(at3, "need").staff).toContain("threshold 18 months (1/2 of 36 months)");
    expect(reason(at3, "need").staff).toContain(
      "Delay rule: a delay of at least 1/2 of the child's age, 3/10 under 36 months in 2 or more areas, one of them cognition",
    );
  });

  it("needs one of the areas to be the required one", () => {
    const withoutCognition = assessEligibility(
      facts("2024-09-10", [
        { areaId: "motor", delayMonths: 9 },
        { areaId: "language", delayMonths: 9 },
        { areaId: "cognition", delayMonths: 2 },
      ]),
      wiltshire,
      d("2026-11-20"),
    );
    expect(reason(withoutCognition, "need").result).toBe("not-met");
    expect(reason(withoutCognition, "need").staff).toContain(
      "reached in 2 areas of 3 assessed (motor 9 months, language 9 months), not in cognition, not met",
    );
  });

  it("applies a required area to a months-by-age rule too", () => {
    const input = structuredClone(lancashireInput) as ProtocolInput;
    input.eligibility.need.values = [
      {
        from: "2024-04-01",
        value: {
          diagnosisQualifies: false,
          delay: {
            kind: "months-by-age",
            underTwoMonths: 6,
            twoAndOverMonths: 12,
            minAreas: 2,
            requiredAreaId: "physical",
          },
        },
      },
    ];
    const parsed = parseProtocol(input);
    if (!parsed.success) throw new Error("invalid");
    const child = {
      ...everythingElse,
      dateOfBirth: d("2025-05-14"),
      routeId: "self-referral",
      developmentalDelays: [
        { areaId: "communication-and-language", delayMonths: 6 },
        { areaId: "sensory", delayMonths: 6 },
      ],
    };
    expect(reason(assessEligibility(child, parsed.protocol, d("2026-11-20")), "need").result).toBe("not-met");
    const withPhysical = {
      ...child,
      developmentalDelays: [...child.developmentalDelays, { areaId: "physical", delayMonths: 7 }],
    };
    expect(reason(assessEligibility(withPhysical, parsed.protocol, d("2026-11-20")), "need").result).toBe("met");
  });
});

describe("need rules combined with all", () => {
  const protocolWith = (combine: "any" | "all") => {
    const input = structuredClone(lancashireInput) as ProtocolInput;
    input.eligibility.need.values = [
      {
        from: "2024-04-01",
        value: { diagnosisQualifies: true, delay: { kind: "fraction-of-age", fraction: 1 / 3, minAreas: 2 }, combine },
      },
    ];
    const parsed = parseProtocol(input);
    if (!parsed.success) throw new Error("invalid");
    return parsed.protocol;
  };
  const child = {
    ...everythingElse,
    dateOfBirth: d("2025-05-14"),
    routeId: "self-referral",
    diagnosis: true,
    developmentalDelays: [{ areaId: "physical", delayMonths: 6 }],
  };

  it("with any, a diagnosis is enough; with all, the delay is needed too", () => {
    expect(reason(assessEligibility(child, protocolWith("any"), d("2026-11-20")), "need").result).toBe("met");
    const all = assessEligibility(child, protocolWith("all"), d("2026-11-20"));
    expect(reason(all, "need").result).toBe("not-met");
    expect(reason(all, "need").staff).toContain("Diagnosis: yes, needed together with the delay rule.");
    expect(reason(all, "need").staff).toContain("The rule needs all of these together.");
    const both = {
      ...child,
      developmentalDelays: [...child.developmentalDelays, { areaId: "sensory", delayMonths: 6 }],
    };
    expect(reason(assessEligibility(both, protocolWith("all"), d("2026-11-20")), "need").result).toBe("met");
    const { developmentalDelays: _, ...unknownDelay } = child;
    const asked = assessEligibility(unknownDelay, protocolWith("all"), d("2026-11-20"));
    expect(asked.missing.map((m) => m.fact)).toEqual(["developmentalDelays"]);
  });
});

describe("need rules combined with all, and a panel on top", () => {
  it("blames the panel only when every way to qualify is met or still open", () => {
    const input = structuredClone(lancashireInput) as ProtocolInput;
    input.eligibility.need.values = [
      {
        from: "2024-04-01",
        value: {
          diagnosisQualifies: true,
          delay: { kind: "fraction-of-age", fraction: 1 / 3, minAreas: 2 },
          panelRequired: { name: "Early Years Forum" },
          combine: "all",
        },
      },
    ];
    const parsed = parseProtocol(input);
    if (!parsed.success) throw new Error("invalid");
    const child = {
      ...everythingElse,
      dateOfBirth: d("2025-05-14"),
      routeId: "self-referral",
      diagnosis: true,
      knownToPanel: false,
      developmentalDelays: [{ areaId: "physical", delayMonths: 6 }],
    };
    const delayLacking = assessEligibility(child, parsed.protocol, d("2026-11-20"));
    expect(reason(delayLacking, "need").parent).toContain("does not need Portage at the moment");
    const both = {
      ...child,
      developmentalDelays: [...child.developmentalDelays, { areaId: "sensory", delayMonths: 6 }],
    };
    expect(reason(assessEligibility(both, parsed.protocol, d("2026-11-20")), "need").parent).toContain(
      "brought to the Early Years Forum",
    );
  });
});

describe("setting hours that flag for review", () => {
  const child = { ...everythingElse, dateOfBirth: d("2024-01-15"), diagnosis: true, routeId: "parent-referral" };

  it("flags 15 hours or more without refusing the child", () => {
    const at15 = assessEligibility({ ...child, settingHoursPerWeek: 15 }, hampshire, d("2026-11-20"));
    expect(at15.outcome).toBe("eligible");
    expect(at15.flags).toEqual([
      {
        clauseId: "setting-hours",
        topic: "setting-hours",
        kind: "review-support",
        parent:
          "Your child spends 15 hours a week in a setting. The service will talk with you about the support that suits your child best, which may be different with that many hours.",
        staff:
          "15 hours a week in a setting, at or over 15 hours (review level in force from 1 September 2024): review the support offered.",
      },
    ]);
    expect(assessEligibility({ ...child, settingHoursPerWeek: 14.5 }, hampshire, d("2026-11-20")).flags).toEqual([]);
    const { settingHoursPerWeek: _, ...unknownHours } = child;
    expect(assessEligibility(unknownHours, hampshire, d("2026-11-20")).flags).toEqual([]);
  });

  it("raises no flags for the presets, which have no review level", () => {
    expect(
      assessEligibility({ ...child, routeId: "self-referral", settingHoursPerWeek: 15 }, lancashire, d("2026-11-20"))
        .flags,
    ).toEqual([]);
  });
});

describe("delays that cannot be right are input errors", () => {
  const child: EligibilityFacts = {
    ...everythingElse,
    dateOfBirth: d("2025-11-01"),
    routeId: "parent-form",
    developmentalDelays: [
      { areaId: "cognition", delayMonths: 3 },
      { areaId: "communication-and-language", delayMonths: 13 },
    ],
  };

  it("refuses a delay in an area the protocol does not have, and one longer than the child's age, together", () => {
    const thrown = (() => {
      try {
        assessEligibility(child, leeds, d("2026-11-20"));
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(EligibilityInputError);
    expect((thrown as EligibilityInputError).problems).toEqual([
      {
        path: "developmentalDelays.0.areaId",
        message:
          '"cognition" is not an area of development in this protocol: use one of communication-and-language, personal-social-emotional, physical, self-care, play-and-thinking, sensory',
      },
      {
        path: "developmentalDelays.1.delayMonths",
        message: "must not be more than the child's age, 12 months on 20 November 2026",
      },
    ]);
  });

  it("accepts a delay equal to the child's age, and says so in parseEligibilityFacts with a context", () => {
    const equal = { ...child, developmentalDelays: [{ areaId: "physical", delayMonths: 12 }] };
    expect(eligibilityFactProblems(equal, { protocol: leeds, asOf: d("2026-11-20") })).toEqual([]);
    expect(parseEligibilityFacts(child).success).toBe(true);
    const parsed = parseEligibilityFacts(child, { protocol: leeds, asOf: d("2026-11-20") });
    expect(parsed.success).toBe(false);
    if (!parsed.success)
      expect(parsed.problems.map((p) => p.path)).toEqual([
        "developmentalDelays.0.areaId",
        "developmentalDelays.1.delayMonths",
      ]);
    const oneMonth = eligibilityFactProblems(
      { dateOfBirth: d("2026-10-01"), developmentalDelays: [{ areaId: "physical", delayMonths: 2 }] },
      { protocol: leeds, asOf: d("2026-11-20") },
    );
    expect(oneMonth[0]?.message).toBe("must not be more than the child's age, 1 month on 20 November 2026");
  });
});
