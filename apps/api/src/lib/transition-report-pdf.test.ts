// The transition report read back with PDF.js (through unpdf), as a setting's SENCO or a screen
// reader would: the child's progress is in its words, in the domain's sections, tagged.
import { extractText, getDocumentProxy } from "unpdf";
import { expect, it } from "vitest";
import { type TransitionReportPdfInput, transitionReportPdf } from "./transition-report-pdf.js";

const INPUT: TransitionReportPdfInput = {
  serviceName: "Lancashire Portage",
  childFirstName: "Łucja",
  childLastName: "Example",
  dateOfBirth: "2023-10-02",
  exitedOn: "2026-12-18",
  reason: "Reached the end of the age range",
  homeVisitorName: "Jo Smith",
  sharingNote: "The family's consent to share this report with the setting is recorded separately by the service.",
  report: {
    strengthsAndInterests: "Loves bubbles, songs with actions and the garden swing.",
    canNowDo: [
      {
        areaId: "communication-and-language",
        area: "Communication and language",
        summary: "Says 'more' to ask for bubbles.",
      },
    ],
    targetsAchieved: [
      {
        areaId: "communication-and-language",
        area: "Communication and language",
        target: "say 'more' to ask for more bubbles when an adult pauses",
        teachingStepsThatHelp: ["looks at the adult when the bubbles stop", "says 'more'"],
      },
    ],
    targetsWorkingOn: [
      {
        areaId: "physical",
        area: "Physical development",
        target: "walk five steps holding one hand",
        teachingStepsThatHelp: ["stands holding both hands"],
      },
    ],
    howChildLearnsBest: "Short turns, shown first, with lots of praise.",
    professionalsInvolved: [{ role: "Health visitor", name: "Sam Lee" }],
    familyWantsSettingToKnow: "She naps after lunch and needs her cup with a lid.",
    sharing: {
      settingName: "Little Acorns Nursery",
      recipientId: "setting-senco",
      recipient: "Nursery or setting SENCO",
      consentId: "referral:1",
    },
  },
};

it("holds the child's progress in the domain's sections, titled and tagged", async () => {
  const bytes = await transitionReportPdf(INPUT);
  expect(Buffer.from(bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
  const pdf = await getDocumentProxy(bytes.slice());
  const { text } = await extractText(pdf, { mergePages: true });
  const words = text.replace(/\s+/g, " ");
  for (const expected of [
    "Transition report: Lucja Example",
    "The child's strengths and interests",
    "Loves bubbles, songs with actions",
    "What the child can now do",
    "Says 'more' to ask for bubbles.",
    "Targets achieved and being worked on",
    "say 'more' to ask for more bubbles",
    "looks at the adult when the bubbles stop",
    "walk five steps holding one hand",
    "How the child learns best",
    "Health visitor, Sam Lee",
    "What the family wants the setting to know",
    "needs her cup with a lid",
    "Little Acorns Nursery",
    "recorded separately",
  ]) {
    expect(words).toContain(expected);
  }
  const info = (await pdf.getMetadata()).info as Record<string, unknown>;
  expect(info.Title).toBe("Transition report: Łucja Example");
  expect((await pdf.getMarkInfo())?.Marked).toBe(true);
});

it("says so when no other professional is involved", async () => {
  const bytes = await transitionReportPdf({ ...INPUT, report: { ...INPUT.report, professionalsInvolved: [] } });
  const { text } = await extractText(await getDocumentProxy(bytes.slice()), { mergePages: true });
  expect(text).toContain("No other professionals are involved.");
});
