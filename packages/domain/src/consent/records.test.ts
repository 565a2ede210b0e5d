import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { lancashire } from "../protocol/presets/lancashire.js";
import {
  type ConsentRecord,
  ConsentRecordSchema,
  consentProblems,
  DisclosureSchema,
  SharingExceptionSchema,
} from "./records.js";

const mum = { name: "Amira Khan", relationship: "mother" };
const sharing = {
  kind: "sharing",
  id: "share-1",
  givenBy: mum,
  givenOn: "2026-01-12",
  recordedAs: "written",
  recipientIds: ["health-visitor"],
};

function problems(schema: v.GenericSchema, input: unknown): string[] {
  const result = v.safeParse(schema, input, { abortEarly: false });
  return result.success ? [] : result.issues.map((i) => `${v.getDotPath(i)}: ${i.message}`);
}

describe("consent records", () => {
  it("accepts a written consent to the service and a verbal consent to share with its witness", () => {
    expect(
      problems(ConsentRecordSchema, {
        kind: "service",
        id: "svc-1",
        givenBy: mum,
        givenOn: "2026-01-12",
        recordedAs: "written",
      }),
    ).toEqual([]);
    expect(
      problems(ConsentRecordSchema, {
        ...sharing,
        recordedAs: "verbal",
        recordedBy: "Jo Hughes, home visitor",
        purposes: ["transition-to-setting"],
        withdrawnOn: "2026-01-12",
      }),
    ).toEqual([]);
  });

  it("refuses a withdrawal dated before consent was given", () => {
    expect(problems(ConsentRecordSchema, { ...sharing, withdrawnOn: "2026-01-11" })).toEqual([
      "withdrawnOn: cannot be before the day consent was given",
    ]);
  });

  it("refuses verbal consent that does not say who heard it", () => {
    expect(problems(ConsentRecordSchema, { ...sharing, recordedAs: "verbal" })).toEqual([
      "recordedBy: is required for verbal consent: name who heard it",
    ]);
  });

  it("checks the withdrawal date only once the date consent was given is itself a real date", () => {
    expect(problems(ConsentRecordSchema, { ...sharing, givenOn: "2026-02-30", withdrawnOn: "2026-01-01" })).toEqual([
      "givenOn: must be a real date written YYYY-MM-DD",
    ]);
  });

  it("refuses recipient and purpose ids that are not lower-case words joined by hyphens", () => {
    expect(
      problems(ConsentRecordSchema, {
        ...sharing,
        recipientIds: ["Health-visitor", "health visitor", "health-visitor"],
      }),
    ).toEqual([
      "recipientIds.0: must be lower-case letters, digits and hyphens, starting with a letter",
      "recipientIds.1: must be lower-case letters, digits and hyphens, starting with a letter",
    ]);
    expect(problems(ConsentRecordSchema, { ...sharing, id: " ", recordedAs: "emailed" })).toEqual([
      "id: must not be empty",
      "recordedAs: must be written or verbal",
    ]);
  });

  it("refuses consent to share with nobody, an empty purpose list, an unnamed giver and a bad date", () => {
    expect(
      problems(ConsentRecordSchema, {
        ...sharing,
        givenBy: { name: " ", relationship: "mother" },
        givenOn: "2026-02-30",
        recipientIds: [],
        purposes: [],
      }),
    ).toEqual([
      "givenBy.name: must not be empty",
      "givenOn: must be a real date written YYYY-MM-DD",
      "recipientIds: must name at least one recipient",
      "purposes: must list at least one purpose, or be left out",
    ]);
  });
});

describe("consentProblems", () => {
  it("names each recipient the protocol does not list", () => {
    const consent = v.parse(ConsentRecordSchema, {
      ...sharing,
      recipientIds: ["health-visitor", "police", "family-wellbeing-service", "dentist"],
    });
    expect(consentProblems(consent, lancashire)).toEqual([
      { path: "recipientIds.1", message: '"police" is not a recipient the protocol lists' },
      { path: "recipientIds.3", message: '"dentist" is not a recipient the protocol lists' },
    ]);
  });

  it("finds nothing to check in consent to the service", () => {
    const consent: ConsentRecord = v.parse(ConsentRecordSchema, {
      kind: "service",
      id: "svc-1",
      givenBy: mum,
      givenOn: "2026-01-12",
      recordedAs: "written",
    });
    expect(consentProblems(consent, lancashire)).toEqual([]);
  });
});

describe("disclosure records", () => {
  const base = {
    recipientId: "health-visitor",
    purpose: "coordinating-support",
    sharedOn: "2026-03-02",
    summary: "Latest play plan and review summary",
    sharedBy: "Jo Hughes",
  };
  const exception = { reason: "Risk of harm seen at the visit.", decidedBy: "Priya Shah", decidedOn: "2026-03-02" };

  it("needs the consent record for a disclosure on consent", () => {
    expect(problems(DisclosureSchema, { ...base, basis: "consent", consentId: "share-1" })).toEqual([]);
    expect(problems(DisclosureSchema, { ...base, basis: "consent" })).toHaveLength(1);
  });

  it("needs the recorded decision for a disclosure without consent", () => {
    expect(problems(DisclosureSchema, { ...base, basis: "safeguarding", exception })).toEqual([]);
    expect(problems(DisclosureSchema, { ...base, basis: "legal-duty", exception })).toEqual([]);
    expect(problems(DisclosureSchema, { ...base, basis: "safeguarding", consentId: "share-1" })).not.toEqual([]);
    expect(
      problems(DisclosureSchema, { ...base, basis: "safeguarding", exception: { ...exception, reason: "" } }),
    ).toEqual(["exception.reason: must not be empty"]);
  });

  it("refuses a summary left empty and an unknown basis", () => {
    expect(problems(DisclosureSchema, { ...base, summary: "", basis: "consent", consentId: "share-1" })).toEqual([
      "summary: must not be empty",
    ]);
    expect(problems(DisclosureSchema, { ...base, basis: "legitimate-interest" })).toHaveLength(1);
  });

  it("reads an exception decision", () => {
    expect(problems(SharingExceptionSchema, { basis: "legal-duty", ...exception })).toEqual([]);
    expect(problems(SharingExceptionSchema, { basis: "safeguarding", ...exception })).toEqual([]);
    expect(problems(SharingExceptionSchema, { basis: "consent", ...exception })).toEqual([
      "basis: must be safeguarding or legal-duty",
    ]);
  });
});
