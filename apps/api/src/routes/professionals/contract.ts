// What the professionals-involved routes accept and answer with, as valibot schemas: the bodies
// are parsed by them at the edge (unknown keys refused), the OpenAPI document describes the
// answers from them, and the types inferred from them are what the admin app imports.
import { professionalOptions } from "@openportage/referral-form";
import * as v from "valibot";

/** The role ids a professional may have: the referral form's list (which ends with `other`). */
export const PROFESSIONAL_ROLES = professionalOptions.map((o) => o.value);

/** The words for a role id, as the referral form shows them (`other` is "Someone else"). */
export function professionalRoleName(role: string): string {
  return professionalOptions.find((o) => o.value === role)?.label ?? role;
}

const Role = v.picklist(PROFESSIONAL_ROLES, `must be one of ${PROFESSIONAL_ROLES.join(", ")}`);
const Field = (max: number) =>
  v.optional(v.pipe(v.string("must be text"), v.trim(), v.maxLength(max, `must be ${max} characters or fewer`)));
const Version = v.pipe(
  v.number("must be the version you read"),
  v.integer("must be the version you read"),
  v.minValue(1, "must be the version you read"),
);

// Requests.

/** `POST /cases/:id/professionals`: a role, and at least one of name and organisation. */
export const ProfessionalBody = v.pipe(
  v.strictObject({
    role: Role,
    name: Field(1000),
    organisation: Field(200),
    /** A secure way to reach them: a secure email address or a phone number. */
    contact: Field(200),
  }),
  v.forward(
    v.check(
      (p) => Boolean(p.name?.trim()) || Boolean(p.organisation?.trim()),
      "must be given: a name or an organisation (or both)",
    ),
    ["name"],
  ),
);
/** What `POST /cases/:id/professionals` takes. */
export type ProfessionalInput = v.InferInput<typeof ProfessionalBody>;

/**
 * `PATCH /cases/:id/professionals/:professionalId`: the version read, and the fields to change
 * (an empty string clears one; a professional keeps a name or an organisation).
 */
export const ProfessionalChangeBody = v.strictObject({
  version: Version,
  role: v.optional(Role),
  name: Field(1000),
  organisation: Field(200),
  contact: Field(200),
});
/** What `PATCH /cases/:id/professionals/:professionalId` takes. */
export type ProfessionalChangeInput = v.InferInput<typeof ProfessionalChangeBody>;

/** `DELETE /cases/:id/professionals/:professionalId?version=`. */
export const ProfessionalRemovalQuery = v.strictObject({
  version: v.pipe(
    v.string("must be the version you read"),
    v.regex(/^[1-9]\d{0,8}$/, "must be the version you read"),
    v.transform(Number),
  ),
});

// Answers.

const NullableStr = v.nullable(v.string());

/** One professional involved with the child. */
export const ProfessionalViewSchema = v.object({
  id: v.string(),
  /** A role id from the referral form's list, or `other`. */
  role: v.string(),
  /** The role in words (the referral form's label). */
  roleName: v.string(),
  name: NullableStr,
  organisation: NullableStr,
  contact: NullableStr,
  /** `referral` when the referral's answers named them; `staff` when staff added them. */
  source: v.picklist(["referral", "staff"]),
  version: v.number(),
  updatedAt: v.string(),
});
/** One professional involved with the child. */
export type ProfessionalView = v.InferOutput<typeof ProfessionalViewSchema>;

/** `GET /cases/:id/professionals`. */
export const ProfessionalListSchema = v.object({ professionals: v.array(ProfessionalViewSchema) });
/** `GET /cases/:id/professionals`. */
export type ProfessionalList = v.InferOutput<typeof ProfessionalListSchema>;
