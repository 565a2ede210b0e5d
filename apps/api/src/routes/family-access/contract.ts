// What the staff routes for family access accept and answer with: who of a child's family may use
// the family app, what they may see, and their invitations (docs/adr/0044-family-sign-in.md).
// Bodies are parsed by these schemas at the edge (unknown keys refused); the types inferred here
// are what the admin app imports.
import * as v from "valibot";

const Str = v.string();
const NullableStr = v.nullable(v.string());

const Text = (max: number, empty: string) =>
  v.pipe(v.string(empty), v.trim(), v.nonEmpty(empty), v.maxLength(max, `must be ${max} characters or fewer`));
const Email = v.pipe(
  v.string("must be an email address"),
  v.trim(),
  v.toLowerCase(),
  v.maxLength(254, "must be 254 characters or fewer"),
  v.email("must be an email address, like name@example.com"),
);
const Version = v.pipe(
  v.number("must be the version you read"),
  v.integer("must be the version you read"),
  v.minValue(1, "must be the version you read"),
);

/** `carer`: a parent or carer with parental responsibility (sees everything); `helper`: someone else, such as a grandparent. */
export const FAMILY_ACCESS_KINDS = ["carer", "helper"] as const;
/** `invited` until the invitation is taken up; `revoked` by staff; `ended` when the case closed. */
export const FAMILY_ACCESS_STATUSES = ["invited", "active", "revoked", "ended"] as const;

/** What a helper may see in the family app (a carer sees all of it). */
export const FamilyPermissionsSchema = v.strictObject({
  /** This week's targets and the practice record (and recording practice). */
  practice: v.boolean("must be true or false"),
  /** The visits, past and coming. */
  visits: v.boolean("must be true or false"),
  /** Review and transition reports. */
  reports: v.boolean("must be true or false"),
  /** The family's consents and what was shared. */
  sharing: v.boolean("must be true or false"),
});
export type FamilyPermissionsInput = v.InferOutput<typeof FamilyPermissionsSchema>;

/**
 * `POST /cases/:id/family-access`: invite a person. Either `carerId` (a carer on the child's
 * referral: their name and relationship are taken from it, and their email address unless
 * `email` is given) or `name`, `relationship` and `email`. `permissions` only for a helper.
 */
export const FamilyAccessBody = v.strictObject({
  carerId: v.optional(
    v.pipe(v.string("must be one of the child's carers"), v.uuid("must be one of the child's carers")),
  ),
  name: v.optional(Text(120, "Enter their name")),
  relationship: v.optional(Text(60, "Enter how they are related to the child")),
  email: v.optional(Email),
  kind: v.picklist(FAMILY_ACCESS_KINDS, "must be carer or helper"),
  permissions: v.optional(FamilyPermissionsSchema),
});
export type FamilyAccessInput = v.InferInput<typeof FamilyAccessBody>;

/** `PATCH /cases/:id/family-access/:accessId`: what a helper may see. */
export const FamilyAccessChangeBody = v.strictObject({
  version: Version,
  permissions: v.optional(FamilyPermissionsSchema),
});
export type FamilyAccessChangeInput = v.InferInput<typeof FamilyAccessChangeBody>;

/** `POST /cases/:id/family-access/:accessId/revocation`. */
export const FamilyAccessRevocationBody = v.strictObject({ version: Version });
export type FamilyAccessRevocationInput = v.InferInput<typeof FamilyAccessRevocationBody>;

/** `POST /cases/:id/family-access/:accessId/invitations`: a fresh invitation by email, or on a printed letter. */
export const FamilyInvitationBody = v.strictObject({
  via: v.picklist(["email", "letter"], "must be email or letter"),
});
export type FamilyInvitationInput = v.InferInput<typeof FamilyInvitationBody>;

/** One person's access to the child in the family app. */
export const FamilyAccessViewSchema = v.object({
  id: Str,
  accountId: Str,
  name: Str,
  email: Str,
  relationship: Str,
  kind: v.picklist(FAMILY_ACCESS_KINDS),
  /** The carer on the referral this person is, when they are one. */
  carerId: NullableStr,
  /** What they may see (a carer: everything). */
  permissions: FamilyPermissionsSchema,
  status: v.picklist(FAMILY_ACCESS_STATUSES),
  invitedBy: v.nullable(v.object({ id: Str, name: Str })),
  invitedAt: Str,
  acceptedAt: NullableStr,
  /** The family account's latest sign-in (any child), or null when they have never signed in. */
  lastSignInAt: NullableStr,
  /** When the latest invitation that can still be used expires, or null when none can. */
  pendingInvitationExpiresAt: NullableStr,
  endsAt: NullableStr,
  endReason: NullableStr,
  version: v.number(),
  updatedAt: Str,
});
export type FamilyAccessView = v.InferOutput<typeof FamilyAccessViewSchema>;

/** A carer on the referral with no access yet, to offer an invitation to. */
export const CarerToInviteSchema = v.object({
  carerId: Str,
  name: Str,
  relationship: Str,
  /** Needed for an invitation by email; otherwise give one when inviting. */
  email: NullableStr,
});
export type CarerToInvite = v.InferOutput<typeof CarerToInviteSchema>;

/** `GET /cases/:id/family-access`. */
export const FamilyAccessListSchema = v.object({
  access: v.array(FamilyAccessViewSchema),
  carersToInvite: v.array(CarerToInviteSchema),
});
export type FamilyAccessList = v.InferOutput<typeof FamilyAccessListSchema>;

/** The answer to an invitation made or sent again by email. */
export const FamilyInvitedSchema = v.object({
  access: FamilyAccessViewSchema,
  invitation: v.object({ via: v.picklist(["email", "letter"]), expiresAt: Str }),
});
export type FamilyInvited = v.InferOutput<typeof FamilyInvitedSchema>;
