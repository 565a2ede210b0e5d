import { describe, expect, it } from "vitest";
import type { ConsentRecord } from "../consent/records.js";
import { parseIsoDate } from "../dates/date-only.js";
import { cheshireEast } from "../protocol/presets/cheshire-east.js";
import { lancashire } from "../protocol/presets/lancashire.js";
import { checkTransitionReport, TRANSITION_REPORT_SECTIONS, transitionReportContents } from "./transition-report.js";

const d = parseIsoDate;
const report = {
  id: "draft-7",
  strengthsAndInterests: "Loves music and bubbles; very determined.",
  canNowDo: [{ areaId: "physical", summary: "Walks holding one hand; climbs onto the sofa." }],
  targetsAchieved: [
    {
      areaId: "communication-and-language",
      target: "Says 'more' to ask for bubbles, 3 times out of 4",
      teachingStepsThatHelp: ["Pause before blowing the next bubble", "Model the word, then wait"],
    },
  ],
  targetsWorkingOn: [
    {
      areaId: "self-care",
      target: "Holds a spoon and brings it to the mouth",
      teachingStepsThatHelp: ["Hand-over-hand for the first spoonfuls"],
    },
  ],
  howChildLearnsBest: "Short turns with songs; sitting supported on the floor.",
  professionalsInvolved: [{ role: "Physiotherapist", name: "Sam Lee" }],
  familyWantsSettingToKnow: "She naps after lunch and needs her blue blanket.",
  sharing: { settingName: "Little Acorns Nursery", recipientId: "setting-senco", consentId: "share-1" },
};
const mum = { name: "Amira Khan", relationship: "mother" };
const consents: ConsentRecord[] = [
  { kind: "service", id: "svc-1", givenBy: mum, givenOn: d("2026-01-12"), recordedAs: "written" },
  {
    kind: "sharing",
    id: "share-1",
    givenBy: mum,
    givenOn: d("2026-06-01"),
    recordedAs: "written",
    recipientIds: ["setting-senco"],
    withdrawnOn: d("2026-09-01"),
  },
  {
    kind: "sharing",
    id: "share-2",
    givenBy: mum,
    givenOn: d("2026-06-01"),
    recordedAs: "written",
    recipientIds: ["setting-senco"],
    purposes: ["coordinating-support"],
  },
];

describe("transitionReportContents", () => {
  it("requires a report for leaving at the age limit and lists the sections", () => {
    const contents = transitionReportContents("age-limit", lancashire);
    expect(contents).toMatchObject({ reasonId: "age-limit", listed: true, required: true, clauseId: "exits" });
    expect(contents.why).toBe(
      'A child leaving because "Reached the end of the age range" takes a transition report to their next setting.',
    );
    expect(contents.sections.map((s) => s.id)).toEqual([
      "strengths-and-interests",
      "can-now-do",
      "targets",
      "how-child-learns-best",
      "professionals-involved",
      "family-views",
      "consent-to-share",
    ]);
  });

  it("does not require one when the family chose to stop", () => {
    const contents = transitionReportContents("family-withdrew", lancashire);
    expect(contents).toMatchObject({ listed: true, required: false });
    expect(contents.why).toBe(
      'The protocol does not ask for a transition report when a child leaves because "Family chose to stop".',
    );
  });

  it("refuses a reason the protocol does not list", () => {
    const contents = transitionReportContents("setting-hours", cheshireEast);
    expect(contents).toMatchObject({ listed: false, required: false });
    expect(contents.why).toBe('"setting-hours" is not an exit reason the protocol lists.');
  });
});

describe("checkTransitionReport", () => {
  it("passes a complete report, keeping the draft's own fields out of the result", () => {
    const check = checkTransitionReport(report, lancashire);
    expect(check.complete).toBe(true);
    expect(check.missing).toEqual([]);
    if (check.complete) expect(check.report).not.toHaveProperty("id");
  });

  it("lists every section of a draft that is not a report at all", () => {
    for (const draft of [null, "report", 3]) {
      const check = checkTransitionReport(draft, lancashire);
      expect(check.complete).toBe(false);
      expect(check.missing.map((m) => m.section)).toEqual(TRANSITION_REPORT_SECTIONS.map((s) => s.id));
      expect(new Set(check.missing.map((m) => m.problem))).toEqual(new Set(["not written yet"]));
    }
  });

  it("lists the sections of an empty draft in report order with their titles", () => {
    const check = checkTransitionReport({}, lancashire);
    expect(check.missing.map((m) => [m.section, m.problem])).toEqual([
      ["strengths-and-interests", "strengthsAndInterests: not written yet"],
      ["can-now-do", "canNowDo: not written yet"],
      ["targets", "targetsAchieved: not written yet"],
      ["targets", "targetsWorkingOn: not written yet"],
      ["how-child-learns-best", "howChildLearnsBest: not written yet"],
      ["professionals-involved", "professionalsInvolved: not written yet"],
      ["family-views", "familyWantsSettingToKnow: not written yet"],
      ["consent-to-share", "sharing: not written yet"],
    ]);
    expect(check.missing[0]?.title).toBe("The child's strengths and interests");
  });

  it("says precisely what is wrong inside a section", () => {
    const check = checkTransitionReport(
      {
        ...report,
        familyWantsSettingToKnow: "  ",
        canNowDo: [],
        targetsWorkingOn: [{ areaId: "self-care", target: "Holds a spoon", teachingStepsThatHelp: [] }],
      },
      lancashire,
    );
    expect(check.missing.map((m) => [m.section, m.problem])).toEqual([
      ["can-now-do", "canNowDo: must say what the child can now do in at least one area"],
      ["targets", "targetsWorkingOn.0.teachingStepsThatHelp: must name at least one teaching step that helps"],
      ["family-views", "familyWantsSettingToKnow: must not be empty"],
    ]);
  });

  it("needs each professional's role", () => {
    const check = checkTransitionReport({ ...report, professionalsInvolved: [{ name: "Sam Lee" }] }, lancashire);
    expect(check.missing.map((m) => [m.section, m.problem])).toEqual([
      ["professionals-involved", "professionalsInvolved.0.role: not written yet"],
    ]);
  });

  it("accepts an empty list of professionals but not a report with no targets", () => {
    expect(checkTransitionReport({ ...report, professionalsInvolved: [] }, lancashire).complete).toBe(true);
    const check = checkTransitionReport({ ...report, targetsAchieved: [], targetsWorkingOn: [] }, lancashire);
    expect(check.missing).toEqual([
      {
        section: "targets",
        title: "Targets achieved and being worked on",
        problem: "names no targets: list those achieved and those being worked on",
      },
    ]);
  });

  it("refuses areas and recipients the protocol does not have", () => {
    const check = checkTransitionReport(
      {
        ...report,
        canNowDo: [{ areaId: "motor", summary: "Walks" }],
        targetsAchieved: [{ ...report.targetsAchieved[0], areaId: "language" }],
        sharing: { ...report.sharing, recipientId: "family-wellbeing-service" },
      },
      cheshireEast,
    );
    expect(check.missing.map((m) => m.problem)).toEqual([
      'canNowDo.0.areaId: "motor" is not one of the protocol\'s areas',
      'targetsAchieved.0.areaId: "language" is not one of the protocol\'s areas',
      'sharing.recipientId: "family-wellbeing-service" is not a recipient the protocol lists',
    ]);
  });

  it("checks the cited consent allows sending the report on the day", () => {
    expect(checkTransitionReport(report, lancashire, { consents, sendOn: d("2026-08-28") }).complete).toBe(true);
    const late = checkTransitionReport(report, lancashire, { consents, sendOn: d("2026-09-01") });
    expect(late.missing).toEqual([
      {
        section: "consent-to-share",
        title: "Consent to share with the setting",
        problem:
          "sharing.consentId: Amira Khan (mother) withdrew consent to share with Nursery or setting SENCO on 1 September 2026: nothing may be shared on it from that day.",
      },
    ]);
    const wrongPurpose = checkTransitionReport(
      { ...report, sharing: { ...report.sharing, consentId: "share-2" } },
      lancashire,
      { consents, sendOn: d("2026-08-28") },
    );
    expect(wrongPurpose.missing[0]?.problem).toContain("covers coordinating-support, not transition-to-setting");
    const stopped: ConsentRecord[] = [
      {
        kind: "service",
        id: "svc-1",
        givenBy: mum,
        givenOn: d("2026-01-12"),
        recordedAs: "written",
        withdrawnOn: d("2026-07-01"),
      },
      ...consents.slice(1),
    ];
    const afterStopping = checkTransitionReport(report, lancashire, { consents: stopped, sendOn: d("2026-08-28") });
    expect(afterStopping.missing[0]?.problem).toContain("withdrew consent to the service on 1 July 2026");
    const unknown = checkTransitionReport(
      { ...report, sharing: { ...report.sharing, consentId: "svc-1" } },
      lancashire,
      { consents, sendOn: d("2026-08-28") },
    );
    expect(unknown.missing[0]?.problem).toBe('sharing.consentId: Consent "svc-1" is not a consent to share on record.');
  });
});
