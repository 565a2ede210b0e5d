// What the demo's mail viewer answers with: the family emails the outbox holds (demo mode only).
import * as v from "valibot";

/** One family email in the outbox. */
export const DemoMailSchema = v.object({
  id: v.string(),
  kind: v.picklist(["family-invitation", "family-code"]),
  emailAddress: v.string(),
  /** The template's personalisation: the invitation's `link` and `expires_on`, or the `code` and `minutes`. */
  personalisation: v.record(v.string(), v.string()),
  status: v.string(),
  createdAt: v.string(),
  sentAt: v.nullable(v.string()),
});
export type DemoMail = v.InferOutput<typeof DemoMailSchema>;

/** `GET /family/demo-mail`: the newest first. */
export const DemoMailListSchema = v.object({ mail: v.array(DemoMailSchema) });
export type DemoMailList = v.InferOutput<typeof DemoMailListSchema>;
