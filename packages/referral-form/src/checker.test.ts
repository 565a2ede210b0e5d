import { assessEligibility, type IsoDate, lancashire } from "@openportage/domain";
import { describe, expect, it } from "vitest";
import {
  checkerAnswersFrom,
  checkerHelp,
  checkerReasons,
  checkerWords,
  supportEndHeading,
  toFacts,
} from "./checker.js";

const today = "2026-11-20" as IsoDate;
const signposts = [
  { name: "Lancashire's Local Offer", description: "Support in Lancashire.", url: "https://example.gov.uk/" },
  { name: "Your health visitor or GP", description: "They can talk it through." },
];

describe("the checker's form post", () => {
  it("reads the answers, ignoring anything that is not a question or a choice", () => {
    const form = new URLSearchParams(
      "dateOfBirth-day=1&dateOfBirth-month=2&dateOfBirth-year=2025&diagnosis=maybe&livesInArea=yes&delayKnown=yes&delayAreas=physical&delayAreas=nowhere&delayMonths-physical=6&delayMonths-nowhere=9&attendsSetting=not-sure&extra=1",
    );
    const answers = checkerAnswersFrom(form, lancashire);
    expect(answers).toMatchObject({
      dateOfBirth: { day: "1", month: "2", year: "2025" },
      diagnosis: "",
      livesInArea: "yes",
      delayAreas: ["physical"],
      delayMonths: { physical: "6" },
      attendsSetting: "",
    });
    expect(toFacts(answers, lancashire)).toMatchObject({
      developmentalDelays: [{ areaId: "physical", delayMonths: 6 }],
    });
  });
});

describe("the checker's result", () => {
  it("gives help once: the council's signposts, and only the rules' advice they do not already give", () => {
    const result = assessEligibility(
      toFacts(
        checkerAnswersFrom(
          new URLSearchParams("dateOfBirth-day=1&dateOfBirth-month=1&dateOfBirth-year=2022"),
          lancashire,
        ),
        lancashire,
      ),
      lancashire,
      today,
    );
    expect(result.outcome).toBe("not-eligible");
    const help = checkerHelp(result, signposts).map((item) => `${item.name ?? ""} ${item.text}`);
    expect(help.filter((text) => /health visitor/i.test(text))).toHaveLength(1);
    expect(help.filter((text) => /local offer/i.test(text))).toHaveLength(1);
    expect(help).toContain("Lancashire's Local Offer Support in Lancashire.");
    // Without signposts of its own, the rules' advice is all there is.
    expect(checkerHelp(result, []).some((item) => /health visitor/i.test(item.text))).toBe(true);
    expect(supportEndHeading(result)).toBe("When Portage ended");
    expect(checkerReasons(result).map((row) => row.topic)).not.toContain("consent");
  });

  it("says when Portage would end for a child still young enough", () => {
    const result = assessEligibility({ dateOfBirth: "2025-06-01" as IsoDate }, lancashire, today);
    expect(supportEndHeading(result)).toBe("When Portage would end");
  });

  it("asks about the council's own area", () => {
    expect(checkerWords(lancashire).livesInArea.label).toBe("Does your child live in Lancashire?");
  });
});
