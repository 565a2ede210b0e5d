import type { DeliveryView } from "@openportage/api";
import { describe, expect, it } from "vitest";
import { formErrors } from "./problem.ts";
import {
  channelInSentence,
  consentForm,
  deliveryInWords,
  disclosureForm,
  idempotencyKeyOf,
  reviewReportSendForm,
  sharingRefusal,
  transitionReportSendForm,
  withdrawalForm,
} from "./sharing-forms.ts";

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

const KEY = "0b7c6f5e-3a2d-4c1b-9e8f-7a6b5c4d3e2f";
const BLOCK = "5f0a1b2c-3d4e-4f5a-8b6c-7d8e9f0a1b2c";
const PROFESSIONAL = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

describe("sending a report by email", () => {
  it("sends the block, the recipient and the purpose, leaving out a professional and an address not given", () => {
    const sent = reviewReportSendForm({
      blockId: BLOCK,
      recipientId: "health-visitor",
      purpose: "coordinating-support",
      professionalId: "",
      emailAddress: "",
      idempotencyKey: KEY,
    });
    expect(sent.errors).toBeUndefined();
    expect(sent.body).toEqual({
      blockId: BLOCK,
      recipientId: "health-visitor",
      purpose: "coordinating-support",
      idempotencyKey: KEY,
    });
    expect(Object.keys(sent.body ?? {})).not.toContain("emailAddress");
  });

  it("sends the professional chosen and the address typed", () => {
    const sent = reviewReportSendForm({
      blockId: BLOCK,
      recipientId: "health-visitor",
      purpose: "coordinating-support",
      professionalId: PROFESSIONAL,
      emailAddress: "jo.visitor@nhs.example",
    });
    expect(sent.body).toMatchObject({ professionalId: PROFESSIONAL, emailAddress: "jo.visitor@nhs.example" });
    expect(sent.body).not.toHaveProperty("idempotencyKey");
  });

  it("leaves the transition report without a block, and empty choices for the API to name", () => {
    const sent = transitionReportSendForm({ blockId: BLOCK, emailAddress: "senco@nursery.example" });
    expect(sent.body).toEqual({ recipientId: "", purpose: "", emailAddress: "senco@nursery.example" });
  });

  it("asks for the transition report's address, which no professional can give", () => {
    const sent = transitionReportSendForm({ recipientId: "setting-senco", purpose: "transition-to-setting" });
    expect(sent.body).toBeUndefined();
    expect(sent.errors?.summary).toEqual([{ text: "Enter the email address to send it to", href: "#emailAddress" }]);
    expect(sent.errors?.fields.emailAddress).toBe("Enter the email address to send it to");
  });

  it("shows the API's refusals on the fields of the send form", () => {
    const { fieldIds } = reviewReportSendForm({});
    const errors = formErrors(
      {
        title: "Invalid",
        status: 422,
        errors: [
          { path: "emailAddress", message: "is needed: give an email address or choose a professional" },
          { path: "blockId", message: "must be one of the plan's blocks" },
        ],
      },
      fieldIds,
    );
    expect(errors.summary).toEqual([
      { text: "The email address is needed: give an email address or choose a professional", href: "#emailAddress" },
      { text: "The review report must be one of the plan's blocks", href: "#blockId" },
    ]);
  });

  it("keeps a posted idempotency key, and makes a fresh one for a missing or malformed key", () => {
    const fresh = () => "fresh";
    expect(idempotencyKeyOf(KEY, fresh)).toBe(KEY);
    expect(idempotencyKeyOf("", fresh)).toBe("fresh");
    expect(idempotencyKeyOf(undefined, fresh)).toBe("fresh");
    expect(idempotencyKeyOf(`${KEY}x`, fresh)).toBe("fresh");
    expect(idempotencyKeyOf("not-a-uuid-at-all", fresh)).toBe("fresh");
  });
});

describe("the sharing decision's refusal", () => {
  const reason =
    "Sam Sharing withdrew consent to share with Health visitor on 2 November 2026: nothing may be shared on it from that day.";
  it("is the detail when the recipient's error says the same", () => {
    expect(
      sharingRefusal({
        title: "Invalid",
        status: 422,
        detail: reason,
        errors: [{ path: "recipientId", message: reason }],
      }),
    ).toBe(reason);
  });
  it("is not a validation error on the recipient, nor another field's", () => {
    expect(
      sharingRefusal({
        title: "Invalid",
        status: 422,
        detail: "Check your answers",
        errors: [{ path: "recipientId", message: "is not a recipient the protocol lists" }],
      }),
    ).toBeUndefined();
    expect(
      sharingRefusal({
        title: "Invalid",
        status: 422,
        detail: reason,
        errors: [{ path: "emailAddress", message: reason }],
      }),
    ).toBeUndefined();
    expect(sharingRefusal({ title: "Conflict", status: 409 })).toBeUndefined();
  });
});

describe("an email send's delivery", () => {
  const base: DeliveryView = {
    status: "pending",
    emailAddress: "jo@nhs.example",
    attempts: 0,
    lastError: null,
    nextAttemptAt: "2026-11-10T10:00:00.000Z",
    sentAt: null,
    documentName: "review-block-1.pdf",
  };

  it("is queued before the first attempt, and trying again after a failed one", () => {
    expect(deliveryInWords(base).tag).toBe("Queued");
    const again = deliveryInWords({
      ...base,
      attempts: 2,
      lastError: "Notify answered 500",
      nextAttemptAt: "2026-11-10T10:05:00.000Z",
    });
    expect(again.tag).toBe("Not sent: trying again");
    expect(again.detail).toBe(
      "Attempt 2 did not go through. The last error: Notify answered 500. Next try at 10 November 2026 at 10:05am.",
    );
  });

  it("says when it was sent, in England's time", () => {
    const sent = deliveryInWords({ ...base, status: "sent", attempts: 1, sentAt: "2026-07-01T13:30:00.000Z" });
    expect(sent).toMatchObject({ tag: "Sent", colour: "govuk-tag--green" });
    expect(sent.detail).toContain("1 July 2026 at 2:30pm");
  });

  it("says how many attempts a failed send had, and why a cancelled one stopped", () => {
    const failed = deliveryInWords({ ...base, status: "failed", attempts: 5, lastError: "Timed out." });
    expect(failed).toMatchObject({ tag: "Failed", colour: "govuk-tag--red" });
    expect(failed.detail).toBe("Failed after 5 attempts: it was not sent. The last error: Timed out.");
    expect(deliveryInWords({ ...base, status: "failed", attempts: 1 }).detail).toBe(
      "Failed after 1 attempt: it was not sent.",
    );
    const cancelled = deliveryInWords({ ...base, status: "cancelled", lastError: "Sam withdrew consent." });
    expect(cancelled.tag).toBe("Cancelled");
    expect(cancelled.detail).toBe("Cancelled before it was sent: Sam withdrew consent.");
  });

  it("names the channel inside a sentence, keeping GOV.UK Notify's capitals", () => {
    expect(channelInSentence("notify-email")).toBe("email through GOV.UK Notify");
    expect(channelInSentence("secure-email")).toBe("secure email");
    expect(channelInSentence("carrier-pigeon")).toBe("carrier-pigeon");
  });
});
