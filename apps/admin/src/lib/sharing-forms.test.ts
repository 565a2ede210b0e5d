import { describe, expect, it } from "vitest";
import { consentForm, disclosureForm, withdrawalForm } from "./sharing-forms.ts";

const DATE = { "givenOn-day": "2", "givenOn-month": "11", "givenOn-year": "2026" };

describe("sharing forms", () => {
  it("builds a consent to the service, and one to share with the recipients ticked", () => {
    const values = {
      ...DATE,
      givenByName: "Sam",
      givenByRelationship: "mother",
      recordedAs: "written",
      covers: "Visits",
    };
    expect(consentForm(values, "service", []).body).toEqual({
      kind: "service",
      givenBy: { name: "Sam", relationship: "mother" },
      givenOn: "2026-11-02",
      recordedAs: "written",
      covers: "Visits",
    });
    const sharing = consentForm({ ...values, recordedAs: "verbal", recordedBy: "Harriet" }, "sharing", [
      "health-visitor",
    ]);
    expect(sharing.body).toMatchObject({ kind: "sharing", recordedBy: "Harriet", recipientIds: ["health-visitor"] });
    expect(sharing.fieldIds["givenBy.name"]).toMatchObject({ id: "givenByName" });
  });

  it("refuses a date that is not a date, on its day box", () => {
    const bad = withdrawalForm({ "withdrawnOn-day": "31", "withdrawnOn-month": "2", "withdrawnOn-year": "2026" }, 1);
    expect(bad.errors?.summary[0]?.href).toBe("#withdrawnOn-day");
    expect(withdrawalForm({}, 1).errors?.fields["withdrawnOn-day"]).toBe("Enter the day consent was withdrawn");
  });

  it("sends the exception only when it is ticked", () => {
    const values = {
      recipientId: "health-visitor",
      purpose: "coordinating-support",
      what: "summary",
      channel: "phone",
      "disclosedOn-day": "10",
      "disclosedOn-month": "11",
      "disclosedOn-year": "2026",
      exceptionBasis: "safeguarding",
      exceptionReason: "Harm",
      exceptionLawfulBasis: "s47",
    };
    expect(disclosureForm(values).body?.exception).toBeUndefined();
    expect(disclosureForm({ ...values, exception: "yes" }).body?.exception).toEqual({
      basis: "safeguarding",
      reason: "Harm",
      lawfulBasis: "s47",
    });
  });
});
