// The Consent and sharing forms as the API's bodies: a consent (to the service, or to share with
// the protocol's recipients), a withdrawal, and a disclosure (with a coordinator's exception); and
// where each API field path is shown on the page.
import type { ConsentInput, DisclosureInput, WithdrawalInput } from "@openportage/api";
import { type Checked, checked, dateField, errorList, given } from "./form-checks.ts";
import type { FieldRef } from "./problem.ts";

type Values = Readonly<Record<string, string>>;

/** What a disclosure was, as staff say it. */
export const DISCLOSURE_KIND_NAMES: Readonly<Record<string, string>> = {
  report: "A report",
  summary: "A summary",
  conversation: "A conversation",
  notification: "A notification",
  other: "Something else",
};

/** How information left the service, as staff say it. */
export const CHANNEL_NAMES: Readonly<Record<string, string>> = {
  "secure-email": "Secure email",
  phone: "Phone",
  "in-person": "In person",
  post: "Post",
  other: "Another way",
};

/** The lawful bases for sharing without consent. */
export const BASIS_NAMES: Readonly<Record<string, string>> = {
  consent: "Consent",
  safeguarding: "Safeguarding (without consent)",
  "legal-duty": "A legal duty (without consent)",
};

/** A consent to the service, or to share with the recipients ticked. */
export function consentForm(
  values: Values,
  kind: "service" | "sharing",
  recipientIds: readonly string[],
): Checked<ConsentInput> {
  const errors = errorList();
  const givenOn = dateField(values, "givenOn", "The day consent was given", errors);
  const common = {
    givenBy: { name: values.givenByName ?? "", relationship: values.givenByRelationship ?? "" },
    givenOn: givenOn ?? "",
    recordedAs: (values.recordedAs ?? "") as "written" | "verbal",
    ...given("recordedBy", values.recordedBy),
  };
  const body: ConsentInput =
    kind === "service"
      ? { kind: "service", ...common, covers: values.covers ?? "" }
      : { kind: "sharing", ...common, recipientIds: [...recipientIds] };
  const fieldIds: Record<string, FieldRef> = {
    "givenBy.name": { id: "givenByName", label: "The name of who gave consent" },
    "givenBy.relationship": { id: "givenByRelationship", label: "Their relationship to the child" },
    givenOn: { id: "givenOn-day", label: "The day consent was given" },
    recordedAs: { id: "recordedAs", label: "How consent was given" },
    recordedBy: { id: "recordedBy", label: "Who heard the consent" },
    covers: { id: "covers", label: "What the consent covers" },
    recipientIds: { id: "recipientIds", label: "Who it may be shared with" },
  };
  return checked(body, errors.result(), fieldIds);
}

/** A withdrawal, from a day. */
export function withdrawalForm(values: Values, version: number): Checked<WithdrawalInput> {
  const errors = errorList();
  const withdrawnOn = dateField(values, "withdrawnOn", "The day consent was withdrawn", errors);
  if (withdrawnOn === undefined && !errors.result())
    errors.add("withdrawnOn-day", "Enter the day consent was withdrawn");
  return checked({ version, withdrawnOn: withdrawnOn ?? "" }, errors.result(), {
    withdrawnOn: { id: "withdrawnOn-day", label: "The day consent was withdrawn" },
  });
}

/** A disclosure; with `exception` ("yes") a coordinator's decision to share without consent. */
export function disclosureForm(values: Values): Checked<DisclosureInput> {
  const errors = errorList();
  const disclosedOn = dateField(values, "disclosedOn", "The day it was shared", errors);
  const body: DisclosureInput = {
    recipientId: values.recipientId ?? "",
    purpose: values.purpose ?? "",
    what: (values.what ?? "") as DisclosureInput["what"],
    ...given("description", values.description),
    channel: (values.channel ?? "") as DisclosureInput["channel"],
    disclosedOn: disclosedOn ?? "",
    ...(values.exception === "yes"
      ? {
          exception: {
            basis: (values.exceptionBasis ?? "") as "safeguarding" | "legal-duty",
            reason: values.exceptionReason ?? "",
            lawfulBasis: values.exceptionLawfulBasis ?? "",
          },
        }
      : {}),
  };
  return checked(body, errors.result(), {
    recipientId: { id: "recipientId", label: "Who it was shared with" },
    purpose: { id: "purpose", label: "Why it was shared" },
    what: { id: "what", label: "What was shared" },
    description: { id: "description", label: "The description" },
    channel: { id: "channel", label: "How it was shared" },
    disclosedOn: { id: "disclosedOn-day", label: "The day it was shared" },
    exception: { id: "exception", label: "Sharing without consent" },
    "exception.basis": { id: "exceptionBasis", label: "The basis for sharing without consent" },
    "exception.reason": { id: "exceptionReason", label: "The reason" },
    "exception.lawfulBasis": { id: "exceptionLawfulBasis", label: "The lawful basis" },
  });
}
