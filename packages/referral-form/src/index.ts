/**
 * @openportage/referral-form: the public self-referral form, defined once. The questions with
 * their labels, hints and error messages as data; the valibot schema that validates a submission
 * as JSON or as posted form fields; and the mapping from a referral to eligibility facts. Also the
 * eligibility checker's questions, answers and result words (`checker.ts`), for the site's
 * island and the API's page without JavaScript.
 */
export * from "./checker.js";
export * from "./facts.js";
export * from "./fields.js";
export * from "./fixtures.js";
export * from "./form-data.js";
export * from "./schema.js";
