// Schemas that describe requests and responses in the OpenAPI document. Request bodies are
// validated by the schemas next to each route (and by @openportage/referral-form for referrals);
// these say the same thing in a form JSON Schema can carry.
import { HONEYPOT_FIELD, IDEMPOTENCY_FIELD, referralFields } from "@openportage/referral-form";
import * as v from "valibot";

/** RFC 9457 problem details, as every error is sent. */
export const ProblemSchema = v.object({
  type: v.pipe(v.string(), v.description("A URI naming the kind of problem, e.g. /api/problems/validation")),
  title: v.string(),
  status: v.number(),
  detail: v.optional(v.string()),
  errors: v.optional(
    v.array(
      v.object({
        field: v.pipe(v.string(), v.description("Dotted path of the field")),
        pointer: v.pipe(v.string(), v.description("JSON Pointer to the field")),
        message: v.string(),
      }),
    ),
  ),
});

/** The answer to a stored referral. */
export const ReferralAcceptedSchema = v.object({
  reference: v.pipe(v.string(), v.description("The family's reference, XXXX-XXXX, without I, O, 0 or 1")),
  receivedAt: v.pipe(v.string(), v.description("When it was stored (UTC)")),
});

function fieldSchema(field: (typeof referralFields)[number]): v.GenericSchema {
  if (field.kind === "date") {
    return v.pipe(
      v.strictObject({ day: v.string(), month: v.string(), year: v.string() }),
      v.description(`${field.label} (as typed: day, month and year)`),
    );
  }
  if (field.kind === "checkboxes") {
    const values = (field.options ?? []).map((o) => o.value) as [string, ...string[]];
    return v.pipe(v.union([v.picklist(values), v.array(v.picklist(values))]), v.description(field.label));
  }
  if (field.kind === "radios") {
    const values = (field.options ?? []).map((o) => o.value) as [string, ...string[]];
    return v.pipe(v.picklist(values), v.description(field.label));
  }
  return v.pipe(v.string(), v.maxLength(field.maxLength ?? 2000), v.description(field.label));
}

/** The referral form's JSON body, generated from the form's own definition. */
export const ReferralInputDocSchema = v.strictObject({
  [IDEMPOTENCY_FIELD]: v.optional(
    v.pipe(v.string(), v.description("The form's idempotency key (or send the Idempotency-Key header)")),
  ),
  [HONEYPOT_FIELD]: v.optional(v.pipe(v.string(), v.description("Leave empty (a trap for bots)"))),
  ...Object.fromEntries(
    referralFields.map((field) => [field.name, field.optional ? v.optional(fieldSchema(field)) : fieldSchema(field)]),
  ),
});
