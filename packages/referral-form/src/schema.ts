// Validation of a self-referral: one valibot schema for the JSON body the site's form island
// sends and for the flattened fields a plain HTML form posts (see `fromFormEntries`). Every
// error carries the question it belongs to and the GOV.UK-style message from `fields.ts`.
import { dateFromParts, type IsoDate, textProblem, textProblemMessage } from "@openportage/domain";
import * as v from "valibot";
import {
  concernAreaOptions,
  type FieldDefinition,
  type FormTextValues,
  fillText,
  HONEYPOT_FIELD,
  IDEMPOTENCY_FIELD,
  professionalOptions,
  referralFields,
} from "./fields.js";

function field(name: string): FieldDefinition {
  const found = referralFields.find((f) => f.name === name);
  if (!found) throw new Error(`no question named ${name}`);
  return found;
}

function message(name: string, key: string): string {
  const text = field(name).messages[key];
  if (text === undefined) throw new Error(`question ${name} has no "${key}" message`);
  return text;
}

/** What people call the question's answer, for messages ("Child's first name"). */
function subjectOf(name: string): string {
  const tooLong = field(name).messages.tooLong;
  return tooLong?.replace(/ must be .*$/, "") ?? field(name).label;
}

/**
 * No control characters or hidden formatting, and no line breaks unless the question is a
 * textarea (the domain's `textProblem`): a NUL must never cut a name short.
 */
function safeText<T extends string | undefined>(name: string) {
  const multiLine = field(name).kind === "textarea";
  return v.rawCheck<T>(({ dataset, addIssue }) => {
    if (!dataset.typed || dataset.value === undefined) return;
    const problem = textProblem(dataset.value, { multiLine });
    if (problem) addIssue({ message: textProblemMessage(subjectOf(name), problem) });
  });
}

/** A required line of text: trimmed, not empty, at most the question's length. */
function requiredText(name: string) {
  const max = field(name).maxLength ?? 2000;
  return v.pipe(
    v.string(message(name, "required")),
    v.trim(),
    safeText(name),
    v.nonEmpty(message(name, "required")),
    v.maxLength(max, message(name, "tooLong")),
  );
}

/** An optional line of text: absent or blank becomes `undefined`. */
function optionalText(name: string) {
  const max = field(name).maxLength ?? 2000;
  return v.pipe(
    v.optional(v.string(message(name, "tooLong"))),
    v.transform((value) => (value === undefined ? undefined : value.trim())),
    safeText(name),
    v.check((value) => value === undefined || value.length <= max, message(name, "tooLong")),
    v.transform((value) => (value === "" ? undefined : value)),
  );
}

function choice<const T extends string>(name: string) {
  const values = (field(name).options ?? []).map((o) => o.value) as [T, ...T[]];
  return v.picklist(values, message(name, "required"));
}

/** Checkboxes: one value or several (a form posts one key per ticked box), each from the list. */
function checkboxes(name: string, options: readonly { value: string }[]) {
  const allowed = options.map((o) => o.value);
  const invalid = field(name).messages.format ?? message(name, "required");
  return v.pipe(
    v.optional(v.union([v.string(), v.array(v.string())], invalid), []),
    v.transform((value) => (typeof value === "string" ? (value === "" ? [] : [value]) : value)),
    v.check((values) => values.every((x) => allowed.includes(x)), invalid),
    v.transform((values) => [...new Set(values)]),
  );
}

const UK_POSTCODE = /^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$/;
const PHONE = /^\+?[0-9 ()-]{10,20}$/;
const HOURS = /^\d{1,2}(\.\d{1,2})?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Idempotency keys: what `crypto.randomUUID()` gives, or any other 16-128 URL-safe characters. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

/** The date of birth as the three boxes the parent typed into. */
const DatePartsSchema = v.strictObject({
  day: v.optional(v.string(), ""),
  month: v.optional(v.string(), ""),
  year: v.optional(v.string(), ""),
});

/** Options that make validation depend on the day it runs: the API passes its clock's date. */
export interface ReferralSchemaOptions {
  /** Today's date: a date of birth must be before it. */
  readonly today: IsoDate;
  /**
   * The council's words for the `{areaName}` and `{serviceName}` placeholders in messages. Give it
   * wherever the messages reach a person (the site, the API's answers); without it they stay as
   * written in the definition.
   */
  readonly text?: FormTextValues;
}

function dateOfBirth(today: IsoDate) {
  const name = "childDateOfBirth";
  return v.pipe(
    v.optional(DatePartsSchema, {}),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const day = dataset.value.day.trim();
      const month = dataset.value.month.trim();
      const year = dataset.value.year.trim();
      const fail = (key: string) => {
        addIssue({ message: message(name, key) });
        return NEVER;
      };
      if (!day && !month && !year) return fail("required");
      if (!day) return fail("missingDay");
      if (!month) return fail("missingMonth");
      if (!year) return fail("missingYear");
      if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return fail("format");
      const date = dateFromParts(Number(year), Number(month), Number(day));
      if (date === undefined) return fail("format");
      if (date >= today) return fail("future");
      if (date < "2000-01-01") return fail("tooOld");
      return date;
    }),
  );
}

/** The schema of a referral submission, for a given day. Use {@link parseReferral} rather than calling it directly. */
export function referralSchema(options: ReferralSchemaOptions) {
  return v.pipe(
    v.strictObject({
      [IDEMPOTENCY_FIELD]: v.optional(
        v.pipe(
          v.string("The form has expired. Reload the page and try again"),
          v.regex(IDEMPOTENCY_KEY_PATTERN, "The form has expired. Reload the page and try again"),
        ),
      ),
      [HONEYPOT_FIELD]: v.optional(v.pipe(v.string(), v.maxLength(1000))),
      childFirstName: requiredText("childFirstName"),
      childLastName: requiredText("childLastName"),
      childDateOfBirth: dateOfBirth(options.today),
      childSex: choice<"female" | "male" | "not-said">("childSex"),
      homeLanguages: requiredText("homeLanguages"),
      interpreterNeeded: choice<"yes" | "no">("interpreterNeeded"),
      addressLine1: requiredText("addressLine1"),
      addressLine2: optionalText("addressLine2"),
      addressTown: requiredText("addressTown"),
      postcode: v.pipe(
        v.string(message("postcode", "required")),
        safeText("postcode"),
        v.transform((value) => value.trim().toUpperCase().replace(/\s+/g, " ")),
        v.nonEmpty(message("postcode", "required")),
        v.regex(UK_POSTCODE, message("postcode", "format")),
        v.transform((value) => value.replace(UK_POSTCODE, "$1 $2")),
      ),
      livesInArea: choice<"yes" | "no" | "not-sure">("livesInArea"),
      carerName: requiredText("carerName"),
      carerRelationship: requiredText("carerRelationship"),
      carerPhone: v.pipe(
        v.string(message("carerPhone", "required")),
        v.trim(),
        safeText("carerPhone"),
        v.nonEmpty(message("carerPhone", "required")),
        v.regex(PHONE, message("carerPhone", "format")),
      ),
      carerEmail: v.pipe(
        optionalText("carerEmail"),
        v.check(
          (value) => value === undefined || (value.length <= 254 && EMAIL.test(value)),
          message("carerEmail", "format"),
        ),
      ),
      helpWanted: requiredText("helpWanted"),
      diagnosis: optionalText("diagnosis"),
      developmentalConcerns: requiredText("developmentalConcerns"),
      concernAreas: checkboxes("concernAreas", concernAreaOptions),
      professionalsInvolved: checkboxes("professionalsInvolved", professionalOptions),
      professionalsDetails: optionalText("professionalsDetails"),
      earlyHelp: choice<"yes" | "no" | "not-sure">("earlyHelp"),
      ehcPlan: choice<"yes" | "applied" | "no" | "not-sure">("ehcPlan"),
      dla: choice<"yes" | "applied" | "no" | "not-sure">("dla"),
      attendsSetting: choice<"yes" | "no">("attendsSetting"),
      settingName: optionalText("settingName"),
      settingHoursPerWeek: v.pipe(
        v.optional(v.string(message("settingHoursPerWeek", "format")), ""),
        v.trim(),
        v.check((value) => value === "" || HOURS.test(value), message("settingHoursPerWeek", "format")),
        v.transform((value) => (value === "" ? undefined : Number(value))),
        v.check((value) => value === undefined || value <= 60, message("settingHoursPerWeek", "range")),
      ),
      availableForVisits: choice<"yes" | "no" | "not-sure">("availableForVisits"),
      homeVisitSafety: optionalText("homeVisitSafety"),
      consentToReferral: v.pipe(
        checkboxes("consentToReferral", [{ value: "yes" }]),
        v.check((values) => values.includes("yes"), message("consentToReferral", "required")),
        v.transform(() => true as const),
      ),
      consentToSharing: choice<"yes" | "no">("consentToSharing"),
    }),
    v.forward(
      v.partialCheck(
        [["attendsSetting"], ["settingName"]],
        (input) => input.attendsSetting !== "yes" || input.settingName !== undefined,
        message("settingName", "required"),
      ),
      ["settingName"],
    ),
    v.forward(
      v.partialCheck(
        [["attendsSetting"], ["settingHoursPerWeek"]],
        (input) => input.attendsSetting !== "yes" || input.settingHoursPerWeek !== undefined,
        message("settingHoursPerWeek", "required"),
      ),
      ["settingHoursPerWeek"],
    ),
  );
}

/** A submission as valibot validates it, with the form's bookkeeping fields still in. */
type Submission = v.InferOutput<ReturnType<typeof referralSchema>>;

/** A validated referral: the parent's answers, trimmed and typed. */
export type Referral = Omit<Submission, typeof IDEMPOTENCY_FIELD | typeof HONEYPOT_FIELD>;

/** The JSON body the API accepts (what the site's form island sends). */
export type ReferralInput = v.InferInput<ReturnType<typeof referralSchema>>;

/** The answers of a referral in the shape the form sends them, to edit and validate again. */
export function toReferralInput(referral: Referral): ReferralInput {
  const [year, month, day] = referral.childDateOfBirth.split("-");
  const input: Record<string, unknown> = {
    ...referral,
    childDateOfBirth: { day: String(Number(day)), month: String(Number(month)), year: String(year) },
    settingHoursPerWeek: referral.settingHoursPerWeek === undefined ? "" : String(referral.settingHoursPerWeek),
    consentToReferral: "yes",
  };
  for (const key of Object.keys(input)) if (input[key] === undefined) delete input[key];
  return input as ReferralInput;
}

/** One problem with a submission, ready for an error summary and the problem document. */
export interface ReferralError {
  /** The question's name (a key of the JSON body), or the unknown key that was sent. */
  readonly field: string;
  /** The id of the input to link to from an error summary (`childDateOfBirth-day` for a date). */
  readonly href: string;
  readonly message: string;
}

/** The outcome of {@link parseReferral}. */
export type ReferralParseResult =
  | {
      readonly success: true;
      readonly referral: Referral;
      readonly idempotencyKey: string | undefined;
      /** True when the honeypot was filled: treat as a bot, store nothing. */
      readonly honeypot: boolean;
    }
  | { readonly success: false; readonly errors: readonly ReferralError[] };

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Finds `__proto__`, `constructor` or `prototype` keys at any depth (prototype pollution). */
export function forbiddenKeyPath(value: unknown, path = ""): string | undefined {
  if (value === null || typeof value !== "object") return undefined;
  for (const key of Object.keys(value)) {
    const here = path ? `${path}.${key}` : key;
    if (FORBIDDEN_KEYS.has(key)) return here;
    const inner = forbiddenKeyPath((value as Record<string, unknown>)[key], here);
    if (inner) return inner;
  }
  return undefined;
}

function hrefFor(fieldName: string, input: unknown): string {
  // GOV.UK radios and checkboxes give the first option the question's name as its id.
  if (fieldName !== "childDateOfBirth") return `#${fieldName}`;
  // Link to the first part of the date the parent needs to fix.
  const parts = (input as { childDateOfBirth?: Record<string, unknown> } | undefined)?.childDateOfBirth ?? {};
  for (const part of ["day", "month", "year"]) {
    const value = parts[part];
    if (typeof value !== "string" || value.trim() === "") return `#childDateOfBirth-${part}`;
  }
  return "#childDateOfBirth-day";
}

/**
 * Validates a referral (the JSON shape, or the output of `fromFormEntries`). Returns the referral
 * or every problem, in the form's order, one per question.
 */
export function parseReferral(input: unknown, options: ReferralSchemaOptions): ReferralParseResult {
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    return { success: false, errors: [{ field: "", href: "#", message: "Send the referral form's answers" }] };
  }
  const forbidden = forbiddenKeyPath(input);
  if (forbidden) {
    return {
      success: false,
      errors: [{ field: forbidden, href: "#", message: UNKNOWN_FIELD }],
    };
  }
  const result = v.safeParse(schemaFor(options.today), input, { abortEarly: false });
  if (result.success) {
    const { [IDEMPOTENCY_FIELD]: idempotencyKey, [HONEYPOT_FIELD]: honeypot, ...referral } = result.output;
    return { success: true, referral, idempotencyKey, honeypot: honeypot !== undefined && honeypot.trim() !== "" };
  }
  const order = referralFields.map((f) => f.name);
  const seen = new Set<string>();
  const errors: ReferralError[] = [];
  for (const issue of result.issues) {
    const path = issue.path?.map((item) => String(item.key)) ?? [];
    const fieldName = path[0] ?? "";
    if (seen.has(fieldName)) continue;
    seen.add(fieldName);
    const words = plainMessage(issue, fieldName);
    errors.push({
      field: fieldName,
      href: hrefFor(fieldName, input),
      message: options.text ? fillText(words, options.text) : words,
    });
  }
  errors.sort((a, b) => rank(order, a.field) - rank(order, b.field));
  return { success: false, errors };
}

// valibot reports a missing or unknown key against the object: say it the form's way.
function plainMessage(issue: v.BaseIssue<unknown>, fieldName: string): string {
  if (issue.type !== "strict_object") return issue.message;
  if (issue.expected === "never") return UNKNOWN_FIELD;
  return referralFields.find((f) => f.name === fieldName)?.messages.required ?? issue.message;
}

const UNKNOWN_FIELD = "The field is not part of the referral form";

let cached: { today: IsoDate; schema: ReturnType<typeof referralSchema> } | undefined;
function schemaFor(today: IsoDate) {
  if (cached?.today === today) return cached.schema;
  const schema = referralSchema({ today });
  cached = { today, schema };
  return schema;
}

function rank(order: readonly string[], name: string): number {
  const index = order.indexOf(name);
  return index === -1 ? -1 : index;
}
