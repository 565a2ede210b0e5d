// What the report-send routes accept and answer with: a review report (open case) or the
// transition report (closed case) sent by email through the outbox, as GOV.UK Notify's document
// sending, after the domain's sharing decision allows it. Each send is a disclosure.
import * as v from "valibot";
import { DisclosureViewSchema, SharingDecisionSchema } from "../consent/contract.js";

const Id = v.pipe(
  v.string("must be chosen from the list"),
  v.regex(/^[a-z][a-z0-9-]*$/, "must be chosen from the list"),
  v.maxLength(80, "must be chosen from the list"),
);
const Uuid = (message: string) => v.pipe(v.string(message), v.uuid(message));
const Email = v.pipe(
  v.string("must be an email address"),
  v.trim(),
  v.maxLength(320, "must be 320 characters or fewer"),
  v.email("must be an email address, like name@example.gov.uk"),
);

const sendFields = {
  /** The protocol's recipient (kind of recipient) the family's consent must cover. */
  recipientId: Id,
  /** Why it is shared: one of the domain's purposes (`coordinating-support`, `transition-to-setting`, ...). */
  purpose: Id,
  /** One of the professionals involved with the child: their email address is used when `emailAddress` is left out. */
  professionalId: v.optional(Uuid("must be one of the professionals involved")),
  emailAddress: v.optional(Email),
  /** The form's idempotency key: the same send submitted twice is sent and recorded once. */
  idempotencyKey: v.optional(Uuid("must be a UUID")),
};

/** `POST /cases/:id/report-sends`: a block's review report. */
export const ReviewReportSendBody = v.strictObject({
  blockId: Uuid("must be one of the plan's blocks"),
  ...sendFields,
});
export type ReviewReportSendInput = v.InferInput<typeof ReviewReportSendBody>;

/** `POST /closed-cases/:id/report-sends`: the progress and transition report (coordinators). */
export const TransitionReportSendBody = v.strictObject(sendFields);
export type TransitionReportSendInput = v.InferInput<typeof TransitionReportSendBody>;

/** The disclosure a send made, with its delivery, and the decision that allowed it. */
export const ReportSendAnswerSchema = v.object({
  disclosure: DisclosureViewSchema,
  decision: SharingDecisionSchema,
  /** True when this answers a repeat of a send already made (same idempotency key). */
  repeated: v.boolean(),
});
export type ReportSendAnswer = v.InferOutput<typeof ReportSendAnswerSchema>;

/** `GET /closed-cases/:id/report-sends`: every send of the transition report, newest first. */
export const ReportSendsAnswerSchema = v.object({ disclosures: v.array(DisclosureViewSchema) });
export type ReportSendsAnswer = v.InferOutput<typeof ReportSendsAnswerSchema>;
