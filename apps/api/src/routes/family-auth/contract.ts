// What the family's sign-in routes accept and answer with (docs/adr/0044-family-sign-in.md):
// invitations, passkeys (WebAuthn, in the JSON form browsers give with `PublicKeyCredential.toJSON()`
// and @simplewebauthn/browser sends), one-time codes by email and the family session. Bodies are
// parsed by these schemas at the edge, unknown keys refused; the family app imports the types.
import * as v from "valibot";

const Str = v.string();
const NullableStr = v.nullable(v.string());

const Base64Url = (max: number) =>
  v.pipe(
    v.string("must be base64url"),
    v.maxLength(max, "is too long"),
    v.regex(/^[A-Za-z0-9_-]*={0,2}$/, "must be base64url"),
  );
const Uuid = (message: string) => v.pipe(v.string(message), v.uuid(message));
const Email = v.pipe(
  v.string("Enter your email address"),
  v.trim(),
  v.toLowerCase(),
  v.nonEmpty("Enter your email address"),
  v.maxLength(254, "must be 254 characters or fewer"),
  v.email("Enter an email address, like name@example.com"),
);
const Transports = v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(32))), v.maxLength(10)));
const ClientExtensionResults = v.record(v.pipe(v.string(), v.maxLength(64)), v.unknown());
const Attachment = v.optional(v.picklist(["platform", "cross-platform"]));

/** A new passkey, as the browser answers `navigator.credentials.create()` (WebAuthn `RegistrationResponseJSON`). */
export const RegistrationResponseSchema = v.strictObject({
  id: Base64Url(1400),
  rawId: Base64Url(1400),
  type: v.literal("public-key"),
  response: v.strictObject({
    clientDataJSON: Base64Url(4096),
    attestationObject: Base64Url(10_000),
    authenticatorData: v.optional(Base64Url(4096)),
    transports: Transports,
    publicKey: v.optional(Base64Url(4096)),
    publicKeyAlgorithm: v.optional(v.number()),
  }),
  authenticatorAttachment: Attachment,
  clientExtensionResults: ClientExtensionResults,
});

/** A passkey's answer to `navigator.credentials.get()` (WebAuthn `AuthenticationResponseJSON`). */
export const AuthenticationResponseSchema = v.strictObject({
  id: Base64Url(1400),
  rawId: Base64Url(1400),
  type: v.literal("public-key"),
  response: v.strictObject({
    clientDataJSON: Base64Url(4096),
    authenticatorData: Base64Url(4096),
    signature: Base64Url(8192),
    userHandle: v.optional(Base64Url(128)),
  }),
  authenticatorAttachment: Attachment,
  clientExtensionResults: ClientExtensionResults,
});

/** `POST /family/invitations/:token/passkey` and `POST /family/passkeys`: the answer to the options handed out. */
export const PasskeyRegistrationBody = v.strictObject({
  challengeId: Uuid("must be the challenge handed out with the options"),
  response: RegistrationResponseSchema,
});
export type PasskeyRegistrationInput = v.InferInput<typeof PasskeyRegistrationBody>;

/** `POST /family/sign-in/passkey`. */
export const PasskeySignInBody = v.strictObject({
  challengeId: Uuid("must be the challenge handed out with the options"),
  response: AuthenticationResponseSchema,
});
export type PasskeySignInInput = v.InferInput<typeof PasskeySignInBody>;

/** `POST /family/sign-in/code`. */
export const CodeRequestBody = v.strictObject({ email: Email });
export type CodeRequestInput = v.InferInput<typeof CodeRequestBody>;

/** `POST /family/sign-in/code/verify`. */
export const CodeVerifyBody = v.strictObject({
  email: Email,
  code: v.pipe(
    v.string("Enter the 6-digit code from the email"),
    v.trim(),
    v.regex(/^\d{6}$/, "Enter the 6-digit code from the email"),
  ),
});
export type CodeVerifyInput = v.InferInput<typeof CodeVerifyBody>;

/** `GET /family/invitations/:token`, when the invitation can be used. */
export const InvitationAnswerSchema = v.object({
  /** The name the home visitor gave for the person invited. */
  name: Str,
  childFirstName: Str,
  serviceName: Str,
  expiresAt: Str,
  /** The last day it works, in words (`3 December 2026`). */
  expiresOn: Str,
  /** Whether the person's account has a passkey already (invited for another child, say). */
  hasPasskey: v.boolean(),
});
export type InvitationAnswer = v.InferOutput<typeof InvitationAnswerSchema>;

/** Why an invitation cannot be used, in the `invitation` member of the 404/410 problem. */
export const INVITATION_PROBLEMS = ["unknown", "expired", "used", "voided"] as const;

/** WebAuthn options for the browser (`PublicKeyCredentialCreationOptionsJSON` or `...RequestOptionsJSON`) and the challenge's id to send back. */
export const PasskeyOptionsSchema = v.object({
  challengeId: Str,
  options: v.record(v.string(), v.unknown()),
});
export type PasskeyOptions = v.InferOutput<typeof PasskeyOptionsSchema>;

/** The answer to a sign-in: who, and when the session ends at the latest. */
export const FamilySignedInSchema = v.object({
  member: v.object({ id: Str, name: Str }),
  method: v.picklist(["passkey", "code", "invitation"]),
  expiresAt: Str,
});
export type FamilySignedIn = v.InferOutput<typeof FamilySignedInSchema>;

/** The answer to asking for a code: the same whether or not the address is known. */
export const CodeRequestedSchema = v.object({ message: Str, minutes: v.number() });
export type CodeRequested = v.InferOutput<typeof CodeRequestedSchema>;

/** `GET /family/session`: the signed-in family member and the children they may see now. */
export const FamilySessionSchema = v.object({
  member: v.object({ id: Str, name: Str, email: Str }),
  session: v.object({
    method: v.picklist(["passkey", "code", "invitation"]),
    startedAt: Str,
    /** The absolute end (30 days after sign-in); it ends sooner after 7 days unused. */
    expiresAt: Str,
    idleDays: v.number(),
  }),
  /** How many passkeys the account has: none after an invitation or code sign-in without one. */
  passkeys: v.number(),
  children: v.array(
    v.object({
      childId: Str,
      firstName: Str,
      accessId: Str,
      relationship: Str,
      kind: v.picklist(["carer", "helper"]),
      permissions: v.object({ practice: v.boolean(), visits: v.boolean(), reports: v.boolean(), sharing: v.boolean() }),
      /** `active`, or `ended` (the case closed: the reports stay until `endsAt`). */
      status: v.picklist(["active", "ended"]),
      endsAt: NullableStr,
    }),
  ),
});
export type FamilySession = v.InferOutput<typeof FamilySessionSchema>;

/** `POST /family/passkeys`: the passkey added. */
export const PasskeyAddedSchema = v.object({ credentialId: Str, createdAt: Str });
export type PasskeyAdded = v.InferOutput<typeof PasskeyAddedSchema>;
