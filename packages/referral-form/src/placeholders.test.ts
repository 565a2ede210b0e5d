// No `{placeholder}` reaches a parent: every label, hint, option and message of the form, and
// every message a submission can get back, read with the demo council's words filled in.
import { assessEligibility, cheshireEast, type IsoDate, lancashire } from "@openportage/domain";
import { describe, expect, it } from "vitest";
import {
  CHECKER_GUIDE,
  CHECKER_HEADINGS,
  checkAnswers,
  checkerReasons,
  checkerWords,
  NO_ANSWERS,
  toFacts,
} from "./checker.js";
import { fillText, formTextFor, referralFields } from "./fields.js";
import { fromFormEntries } from "./form-data.js";
import { parseReferral } from "./schema.js";

const text = formTextFor(lancashire);
const PLACEHOLDER = /\{[^}]*\}/;

describe("placeholders", () => {
  it("fills every placeholder in the form's words", () => {
    const words: string[] = [];
    for (const field of referralFields) {
      words.push(field.label, field.hint ?? "");
      for (const option of field.options ?? []) words.push(option.label, option.hint ?? "");
      for (const message of Object.values(field.messages)) words.push(message ?? "");
    }
    expect(words.join("\n")).toMatch(PLACEHOLDER);
    for (const word of words) expect(fillText(word, text), word).not.toMatch(PLACEHOLDER);
  });

  it("fills the messages a submission gets back, as JSON and as a form post", () => {
    const today = "2026-12-01" as IsoDate;
    const asJson = parseReferral({}, { today, text });
    const asForm = parseReferral(fromFormEntries(new URLSearchParams("childDateOfBirth-day=31&livesInArea=maybe")), {
      today,
      text,
    });
    for (const result of [asJson, asForm]) {
      expect(result.success).toBe(false);
      if (result.success) continue;
      const messages = result.errors.map((e) => e.message);
      expect(messages.some((m) => m.includes(lancashire.council.areaName))).toBe(true);
      for (const message of messages) expect(message).not.toMatch(PLACEHOLDER);
    }
  });

  it("leaves none in the eligibility checker's questions, messages and results, for each council", () => {
    for (const protocol of [lancashire, cheshireEast]) {
      const words = checkerWords(protocol);
      const strings: string[] = [CHECKER_GUIDE, ...Object.values(CHECKER_HEADINGS)];
      const collect = (value: unknown): void => {
        if (typeof value === "string") strings.push(value);
        else if (typeof value === "function") collect(value("Area"));
        else if (value && typeof value === "object") for (const inner of Object.values(value)) collect(inner);
      };
      collect(words);
      const today = "2026-11-20" as IsoDate;
      const bad = {
        ...NO_ANSWERS,
        dateOfBirth: { day: "31", month: "2", year: "2025" },
        attendsSetting: "yes" as const,
      };
      for (const error of checkAnswers(bad, today)) strings.push(error.message);
      for (const dob of ["2025-06-01", "2022-01-01", "2027-01-01"]) {
        const [year, month, day] = dob.split("-");
        const answers = { ...NO_ANSWERS, dateOfBirth: { day: day ?? "", month: month ?? "", year: year ?? "" } };
        const result = assessEligibility(toFacts(answers, protocol), protocol, today);
        strings.push(result.supportEndsRule, ...result.signposting, ...result.missing.map((m) => m.question));
        for (const row of checkerReasons(result)) strings.push(row.topic, row.result, row.text);
      }
      expect(strings.length).toBeGreaterThan(20);
      for (const text of strings) expect(text, protocol.id).not.toMatch(PLACEHOLDER);
    }
  });
});
