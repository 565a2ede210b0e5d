// The Consent and sharing forms as the API's bodies: a consent (to the service, or to share with
// the protocol's recipients), a withdrawal, a disclosure (with a coordinator's exception), and a
// report sent by email (a block's review report, or a closed case's transition report); where
// each API field path is shown on the page; and an email send's delivery in staff words.
import type {
  ConsentInput,
  DeliveryView,
  DisclosureInput,
  ReviewReportSendInput,
  TransitionReportSendInput,
  WithdrawalInput,
} from "@openportage/api";
import { type Checked, checked, dateField, errorList, given } from "./form-checks.ts";
import { type FieldRef, type Problem, pathKey } from "./problem.ts";
import { formatDateTime, plural } from "./words.ts";

type Values = Readonly<Record<string, string>>;

/** What a disclosure was, as staff say it. */
export const DISCLOSURE_KIND_NAMES: Readonly<Record<string, string>> = {
  report: "A report",
  summary: "A summary",
  conversation: "A conversation",
  notification: "A notification",
  "routine-notice": "Routine notice",
  other: "Something else",
};

/** How information left the service, as staff say it. */
export const CHANNEL_NAMES: Readonly<Record<string, string>> = {
  "secure-email": "Secure email",
  phone: "Phone",
  "in-person": "In person",
  post: "Post",
  other: "Another way",
  "notify-email": "Email through GOV.UK Notify",
};

/** A channel's name inside a sentence ("by secure email", "by email through GOV.UK Notify"). */
export function channelInSentence(channel: string): string {
  const name = CHANNEL_NAMES[channel] ?? channel;
  return name.charAt(0).toLowerCase() + name.slice(1);
}

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

/**
 * The domain's reason when the API refused a share on consent: the sharing decision's refusal
 * comes back as the problem's detail and, word for word, as the error on `recipientId`.
 */
export function sharingRefusal(problem: Problem): string | undefined {
  const { detail, errors } = problem;
  if (!detail) return undefined;
  return errors?.some((e) => pathKey(e.path) === "recipientId" && e.message === detail) ? detail : undefined;
}

/** The purpose a block's review report is sent for unless staff choose another. */
export const REVIEW_REPORT_PURPOSE = "coordinating-support";
/** The purpose the transition report is sent for unless staff choose another. */
export const TRANSITION_REPORT_PURPOSE = "transition-to-setting";
/** Who the transition report goes to, when the protocol lists them. */
export const TRANSITION_REPORT_RECIPIENT = "setting-senco";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The send form's idempotency key: the one posted back (so a form sent twice, or sent again after
 * a refusal or a time-out, is sent once), or `fresh()` when there is none or it is not a UUID.
 */
export function idempotencyKeyOf(posted: string | undefined, fresh: () => string): string {
  return posted && UUID.test(posted) ? posted : fresh();
}

const SEND_FIELD_IDS: Readonly<Record<string, FieldRef>> = {
  recipientId: { id: "recipientId", label: "Who to send it to" },
  purpose: { id: "purpose", label: "Why it is sent" },
  professionalId: { id: "professionalId", label: "The professional" },
  emailAddress: { id: "emailAddress", label: "The email address" },
};

/** What both report sends carry: an empty choice or box is left out, for the API to decide on. */
function sendFields(values: Values): TransitionReportSendInput {
  return {
    recipientId: values.recipientId ?? "",
    purpose: values.purpose ?? "",
    ...given("professionalId", values.professionalId),
    ...given("emailAddress", values.emailAddress),
    ...given("idempotencyKey", values.idempotencyKey),
  };
}

/** Sending a block's saved review report by email. */
export function reviewReportSendForm(values: Values): Checked<ReviewReportSendInput> {
  return checked({ blockId: values.blockId ?? "", ...sendFields(values) }, undefined, {
    blockId: { id: "blockId", label: "The review report" },
    ...SEND_FIELD_IDS,
  });
}

/**
 * Sending a closed case's transition report by email (coordinators). Its form has no professional
 * to choose (the professionals involved are the open case's), so the address must be typed.
 */
export function transitionReportSendForm(values: Values): Checked<TransitionReportSendInput> {
  const errors = errorList();
  const body = sendFields(values);
  if (!body.emailAddress && !body.professionalId) errors.add("emailAddress", "Enter the email address to send it to");
  return checked(body, errors.result(), SEND_FIELD_IDS);
}

/** An email send's delivery as staff read it: a tag, and a sentence on where it is. */
export interface DeliveryWords {
  readonly tag: string;
  /** The GOV.UK tag's colour class. */
  readonly colour: string;
  readonly detail: string;
}

/** Where an email send is on its way, in words: queued, sending, sent, trying again, failed or cancelled. */
export function deliveryInWords(delivery: DeliveryView): DeliveryWords {
  const lastError = delivery.lastError ? ` The last error: ${delivery.lastError.replace(/\.?$/, ".")}` : "";
  switch (delivery.status) {
    case "pending":
      if (delivery.attempts === 0)
        return {
          tag: "Queued",
          colour: "govuk-tag--grey",
          detail: "Waiting to go to GOV.UK Notify: it usually goes within a minute.",
        };
      return {
        tag: "Not sent: trying again",
        colour: "govuk-tag--yellow",
        detail: `Attempt ${delivery.attempts} did not go through.${lastError}${
          delivery.nextAttemptAt ? ` Next try at ${formatDateTime(delivery.nextAttemptAt)}.` : ""
        }`,
      };
    case "sending":
      return { tag: "Sending", colour: "govuk-tag--blue", detail: "Being handed to GOV.UK Notify now." };
    case "sent":
      return {
        tag: "Sent",
        colour: "govuk-tag--green",
        detail: delivery.sentAt
          ? `Sent on ${formatDateTime(delivery.sentAt)}: GOV.UK Notify accepted it.`
          : "GOV.UK Notify accepted it.",
      };
    case "failed":
      return {
        tag: "Failed",
        colour: "govuk-tag--red",
        detail: `Failed after ${plural(delivery.attempts, "attempt", "attempts")}: it was not sent.${lastError}`,
      };
    case "cancelled":
      return {
        tag: "Cancelled",
        colour: "govuk-tag--orange",
        detail: `Cancelled before it was sent${delivery.lastError ? `: ${delivery.lastError}` : "."}`,
      };
    case "set-aside":
      return {
        tag: "Set aside",
        colour: "govuk-tag--grey",
        detail: `Failed after ${plural(delivery.attempts, "attempt", "attempts")}, and set aside by staff: it was not sent.${lastError}`,
      };
  }
}
