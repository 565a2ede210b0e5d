// Family sign-in (docs/adr/0044-family-sign-in.md): taking up an invitation with a passkey (or,
// without JavaScript, with the link alone), signing in again with a passkey or a code sent by
// email, the family session and signing out. Public routes except the session's own; every
// success and failure is audited with reason codes, never the email address, the code or a token.
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { eq } from "drizzle-orm";
import type { Context } from "hono";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { isUniqueViolation } from "../../db/client.js";
import { auditEvents, familyAccounts, familyPasskeys } from "../../db/schema.js";
import { audit, auditRow } from "../../lib/audit.js";
import {
  endFamilySession,
  FAMILY_ABSOLUTE_DAYS,
  FAMILY_IDLE_DAYS,
  familyCookie,
  familyMember,
  familyOnly,
  startFamilySession,
} from "../../lib/family-session.js";
import { jsonBody } from "../../lib/http.js";
import { ProblemError, validationProblem } from "../../lib/problem.js";
import { noStore } from "../../lib/security.js";
import type { AppEnv } from "../../lib/types.js";
import { childFirstName, expiresOn } from "../family-access/store.js";
import { json, problem } from "../openapi-content.js";
import { accountWithLiveAccess, CODE_REQUESTED, requestCode, verifyCode } from "./codes.js";
import {
  CodeRequestBody,
  CodeRequestedSchema,
  CodeVerifyBody,
  FamilySessionSchema,
  FamilySignedInSchema,
  InvitationAnswerSchema,
  PasskeyAddedSchema,
  PasskeyOptionsSchema,
  PasskeyRegistrationBody,
  PasskeySignInBody,
} from "./contract.js";
import { takeUpInvitation, usableInvitation } from "./invitations.js";
import {
  authenticationOptions,
  passkeyRow,
  registrationOptions,
  takeChallenge,
  verifiedAuthentication,
  verifiedRegistration,
} from "./passkeys.js";
import { familySessionView } from "./session-view.js";

const TAGS = ["Family sign-in"];
const LIFETIMES = `A family session lasts ${FAMILY_IDLE_DAYS} days unused and ${FAMILY_ABSOLUTE_DAYS} days at most (ADR 0044).`;

type Method = "passkey" | "code" | "invitation";

/** Answers a sign-in: the session's cookie and who signed in. */
function signedIn(
  c: Context<AppEnv>,
  account: { id: string; name: string },
  session: { cookie: string; expiresAt: string },
  method: Method,
) {
  c.header("Set-Cookie", session.cookie);
  c.header("Cache-Control", "no-store");
  return c.json({ member: { id: account.id, name: account.name }, method, expiresAt: session.expiresAt }, 200);
}

/** Starts a session after a code or a passkey (the browser's old one ended: a new id at every sign-in), audited. */
async function startSignIn(c: Context<AppEnv>, account: { id: string; name: string }, method: Method) {
  const { db, clock } = c.get("deps");
  const now = clock.now();
  const old = c.get("family");
  if (old) await endFamilySession(db, old.sessionHash, now);
  const session = await startFamilySession(db, account.id, method, now);
  await audit(c, {
    action: "sign-in",
    outcome: "success",
    recordType: "family-account",
    recordId: account.id,
    reason: method,
    actorId: account.id,
    actorRole: "family",
  });
  return signedIn(c, account, session, method);
}

/** A refused sign-in, audited with its reason (and the account when it is known). */
async function signInRefused(c: Context<AppEnv>, reason: string, detail: string, accountId?: string): Promise<never> {
  await audit(c, {
    action: "sign-in-failed",
    outcome: "failure",
    recordType: "family-account",
    ...(accountId ? { recordId: accountId } : {}),
    reason,
    actorId: null,
    actorRole: null,
  });
  throw new ProblemError("family-sign-in-failed", 401, detail);
}

/** A passkey not added while signed in: 422 on the field, audited (the session goes on). */
async function addRefused(c: Context<AppEnv>, field: string, reason: string, message: string): Promise<never> {
  await audit(c, {
    action: "create",
    outcome: "failure",
    recordType: "family-account",
    recordId: familyMember(c).accountId,
    reason,
  });
  throw validationProblem([{ field, message }], message);
}

const CHALLENGE_GONE = "This took too long, or the page was used already. Start again.";
const NOT_VERIFIED = "Your passkey could not be checked. Try again, or use a code sent to your email.";

const invitationProblems = {
  404: problem("Not an invitation we know (`invitation: unknown`)"),
  410: problem(
    "The invitation has run out, was used already or can no longer be used (`invitation`: `expired`, `used`, `voided`)",
  ),
};

export const familyAuthRoutes = new Hono<AppEnv>()
  .get(
    "/family/invitations/:token",
    describeRoute({
      tags: TAGS,
      summary: "Whether an invitation link can be used",
      description:
        "The token is the one in the link (`/family/invitation/<token>`). When it can be used: the name given for the person, the child's first name, the service and when it expires. Otherwise one problem shape for every reason, with `invitation` naming it and nothing about the child. Audited.",
      responses: {
        200: { description: "The invitation can be used", content: json(InvitationAnswerSchema) },
        ...invitationProblems,
      },
    }),
    noStore,
    async (c) => {
      const found = await usableInvitation(c, c.req.param("token"), "denied");
      const { db, protocol } = c.get("deps");
      const passkeys = await db
        .select({ id: familyPasskeys.credentialId })
        .from(familyPasskeys)
        .where(eq(familyPasskeys.accountId, found.account.id))
        .limit(1);
      await audit(c, {
        action: "read",
        outcome: "success",
        recordType: "child",
        recordId: found.access.childId,
        reason: "family-invitation",
        actorId: found.account.id,
        actorRole: "family",
      });
      return c.json({
        name: found.account.name,
        childFirstName: await childFirstName(db, found.access.childId),
        serviceName: protocol.serviceName,
        expiresAt: found.invitation.expiresAt,
        expiresOn: expiresOn(found.invitation.expiresAt),
        hasPasskey: passkeys.length > 0,
      });
    },
  )
  .post(
    "/family/invitations/:token/passkey-options",
    describeRoute({
      tags: TAGS,
      summary: "WebAuthn options to create a passkey from an invitation",
      description:
        "For `navigator.credentials.create()` (or @simplewebauthn/browser's `startRegistration`): a discoverable credential (`residentKey: required`), user verification preferred, the relying party the host of `PUBLIC_ORIGIN` (or of the request, `localhost` for a loopback address). The challenge is single use and lasts 5 minutes; send `challengeId` back with the answer.",
      responses: {
        200: { description: "The options and the challenge's id", content: json(PasskeyOptionsSchema) },
        ...invitationProblems,
      },
    }),
    noStore,
    async (c) => {
      const found = await usableInvitation(c, c.req.param("token"), "sign-in-failed");
      return c.json(await registrationOptions(c, found.account, { invitationHash: found.tokenHash }));
    },
  )
  .post(
    "/family/invitations/:token/passkey",
    describeRoute({
      tags: TAGS,
      summary: "Take up an invitation with a new passkey, and sign in",
      description: `\`{challengeId, response}\`: the browser's answer, verified against the challenge, the origin and the relying party. The passkey is stored, the invitation used (the access's others voided), the access made active and a family session started, together; the \`__Host-openportage-family\` cookie is set. ${LIFETIMES} 401 when the challenge has gone or the answer does not verify. Audited as \`sign-in\`.`,
      requestBody: { content: json(PasskeyRegistrationBody) },
      responses: {
        200: { description: "Signed in", content: json(FamilySignedInSchema) },
        401: problem("The challenge was used or ran out, or the passkey did not verify"),
        409: problem("This passkey is stored already"),
        ...invitationProblems,
      },
    }),
    noStore,
    jsonBody(PasskeyRegistrationBody),
    async (c) => {
      const { challengeId, response } = c.req.valid("json");
      const found = await usableInvitation(c, c.req.param("token"), "sign-in-failed");
      const { db, clock } = c.get("deps");
      const challenge = await takeChallenge(
        db,
        challengeId,
        "register",
        { invitationHash: found.tokenHash },
        clock.now(),
      );
      if (!challenge) return signInRefused(c, "challenge-unusable", CHALLENGE_GONE, found.account.id);
      const info = await verifiedRegistration(c, challenge, response);
      if (!info) return signInRefused(c, "passkey-not-verified", NOT_VERIFIED, found.account.id);
      try {
        const session = await db.transaction(
          async (tx) => {
            await tx.insert(familyPasskeys).values(passkeyRow(found.account.id, info, clock.now().toISOString()));
            return takeUpInvitation(tx, c, found, "passkey");
          },
          { behavior: "immediate" },
        );
        return signedIn(c, found.account, session, "passkey");
      } catch (error) {
        if (isUniqueViolation(error)) throw new ProblemError("conflict", 409, "This passkey is stored already");
        throw error;
      }
    },
  )
  .post(
    "/family/invitations/:token/accept",
    describeRoute({
      tags: TAGS,
      summary: "Take up an invitation without a passkey, and sign in",
      description: `The way in without JavaScript (no WebAuthn): the link signs the person in once; a code by email is how they come back. The invitation is used, the access's others voided, the access made active and a family session started. ${LIFETIMES} Audited as \`sign-in\` (reason \`invitation\`).`,
      responses: {
        200: { description: "Signed in", content: json(FamilySignedInSchema) },
        ...invitationProblems,
      },
    }),
    noStore,
    async (c) => {
      const found = await usableInvitation(c, c.req.param("token"), "sign-in-failed");
      const session = await c
        .get("deps")
        .db.transaction(async (tx) => takeUpInvitation(tx, c, found, "invitation"), { behavior: "immediate" });
      return signedIn(c, found.account, session, "invitation");
    },
  )
  .post(
    "/family/sign-in/code",
    describeRoute({
      tags: TAGS,
      summary: "Ask for a sign-in code by email",
      description:
        "`{email}`. Always the same `202`, whether or not the address can use the family app (no account discovery). When it can (an account with live access), a 6-digit code is sent through the outbox (`family-code`): single use, 10 minutes, at most 3 an account each 15 minutes (more requests send nothing). Requests are throttled per address (429).",
      requestBody: { content: json(CodeRequestBody) },
      responses: {
        202: {
          description: "A code is on its way, if the address can use the family app",
          content: json(CodeRequestedSchema),
        },
        422: problem("Not an email address"),
        429: problem("Too many requests from this address"),
      },
    }),
    noStore,
    jsonBody(CodeRequestBody),
    async (c) => {
      await requestCode(c, c.req.valid("json").email);
      return c.json(CODE_REQUESTED, 202);
    },
  )
  .post(
    "/family/sign-in/code/verify",
    describeRoute({
      tags: TAGS,
      summary: "Sign in with a code sent by email",
      description: `\`{email, code}\`. A right code, unused, within 10 minutes and fewer than 5 wrong tries starts a family session (the cookie is set; the account's other codes are spent). Otherwise 401 with the field \`code\` in \`errors\` (wrong, run out, used, or spent after 5 wrong tries); an address with no account is told the code is wrong. ${LIFETIMES}`,
      requestBody: { content: json(CodeVerifyBody) },
      responses: {
        200: { description: "Signed in", content: json(FamilySignedInSchema) },
        401: problem("The code is wrong, has run out, was used or is spent"),
        422: problem("Not an email address, or not 6 digits"),
        429: problem("Too many wrong codes from this address"),
      },
    }),
    noStore,
    jsonBody(CodeVerifyBody),
    async (c) => {
      const { email, code } = c.req.valid("json");
      const accountId = await verifyCode(c, email, code);
      const [account] = await c.get("deps").db.select().from(familyAccounts).where(eq(familyAccounts.id, accountId));
      if (!account) throw new ProblemError("server-error", 500);
      return startSignIn(c, account, "code");
    },
  )
  .post(
    "/family/sign-in/passkey-options",
    describeRoute({
      tags: TAGS,
      summary: "WebAuthn options to sign in with a passkey",
      description:
        "For `navigator.credentials.get()`: no email address and no list of credentials (the passkey is discoverable), user verification preferred. The challenge is single use and lasts 5 minutes.",
      responses: { 200: { description: "The options and the challenge's id", content: json(PasskeyOptionsSchema) } },
    }),
    noStore,
    async (c) => c.json(await authenticationOptions(c)),
  )
  .post(
    "/family/sign-in/passkey",
    describeRoute({
      tags: TAGS,
      summary: "Sign in with a passkey",
      description: `\`{challengeId, response}\`: verified against the stored public key and counter (a counter that goes backwards is refused), the challenge, the origin and the relying party; the account must be enabled with live access. The counter and last use are stored. ${LIFETIMES}`,
      requestBody: { content: json(PasskeySignInBody) },
      responses: {
        200: { description: "Signed in", content: json(FamilySignedInSchema) },
        401: problem("The challenge was used or ran out, the passkey is not known, or it did not verify"),
      },
    }),
    noStore,
    jsonBody(PasskeySignInBody),
    async (c) => {
      const { challengeId, response } = c.req.valid("json");
      const { db, clock } = c.get("deps");
      const challenge = await takeChallenge(db, challengeId, "authenticate", {}, clock.now());
      if (!challenge) return signInRefused(c, "challenge-unusable", CHALLENGE_GONE);
      const [passkey] = await db
        .select()
        .from(familyPasskeys)
        .where(eq(familyPasskeys.credentialId, response.id))
        .limit(1);
      if (!passkey) {
        return signInRefused(
          c,
          "passkey-unknown",
          "This passkey is not one we know. Use a code sent to your email, then add a passkey again.",
        );
      }
      const [account] = await db.select().from(familyAccounts).where(eq(familyAccounts.id, passkey.accountId));
      const info = await verifiedAuthentication(c, challenge, response as AuthenticationResponseJSON, passkey);
      if (!info || !account) return signInRefused(c, "passkey-not-verified", NOT_VERIFIED, passkey.accountId);
      const { account: live, reason } = await accountWithLiveAccess(c, account.email);
      if (!live) {
        return signInRefused(
          c,
          reason,
          "You cannot use the family app at the moment. Ask your home visitor.",
          passkey.accountId,
        );
      }
      await db
        .update(familyPasskeys)
        .set({ counter: info.newCounter, backedUp: info.credentialBackedUp, lastUsedAt: clock.now().toISOString() })
        .where(eq(familyPasskeys.credentialId, passkey.credentialId));
      return startSignIn(c, account, "passkey");
    },
  )
  .get(
    "/family/session",
    describeRoute({
      tags: TAGS,
      summary: "Who is signed in to the family app, and their children",
      description: `The family member, the session (how it began, when it ends at the latest), how many passkeys they have, and each child they may see now: the access's kind, what they may see and its status (\`ended\`: the case closed, reports only until \`endsAt\`). Only the family cookie counts here: a staff session gets 401. Audited as a read of each child. ${LIFETIMES}`,
      responses: {
        200: { description: "The family session", content: json(FamilySessionSchema) },
        401: problem("Not signed in to the family app"),
      },
    }),
    familyOnly,
    noStore,
    async (c) => {
      const member = familyMember(c);
      const { db, clock } = c.get("deps");
      const view = await familySessionView(db, member.accountId, member.sessionHash, clock.now().toISOString());
      if (!view) throw new ProblemError("not-signed-in", 401, "Sign in to see your child's Portage");
      await audit(
        c,
        ...view.children.map((child) => ({
          action: "read",
          outcome: "success" as const,
          recordType: "child",
          recordId: child.childId,
          reason: "family-session",
        })),
      );
      return c.json(view);
    },
  )
  .post(
    "/family/sign-out",
    describeRoute({
      tags: TAGS,
      summary: "Sign out of the family app",
      description: "Ends the session on the server and clears the cookie.",
      responses: { 204: { description: "Signed out" }, 401: problem("Not signed in to the family app") },
    }),
    familyOnly,
    async (c) => {
      const member = familyMember(c);
      const { db, clock } = c.get("deps");
      await endFamilySession(db, member.sessionHash, clock.now());
      await audit(c, {
        action: "sign-out",
        outcome: "success",
        recordType: "family-account",
        recordId: member.accountId,
      });
      c.header("Set-Cookie", familyCookie("", 0));
      return c.body(null, 204);
    },
  )
  .post(
    "/family/passkeys/options",
    describeRoute({
      tags: TAGS,
      summary: "WebAuthn options to add a passkey while signed in",
      description:
        "After signing in with a code or the invitation link: options as for an invitation, excluding the passkeys the account has. The challenge is single use, lasts 5 minutes and belongs to this account.",
      responses: {
        200: { description: "The options and the challenge's id", content: json(PasskeyOptionsSchema) },
        401: problem("Not signed in to the family app"),
      },
    }),
    familyOnly,
    noStore,
    async (c) => {
      const member = familyMember(c);
      return c.json(
        await registrationOptions(
          c,
          { id: member.accountId, email: member.email, name: member.name },
          { accountId: member.accountId },
        ),
      );
    },
  )
  .post(
    "/family/passkeys",
    describeRoute({
      tags: TAGS,
      summary: "Add a passkey while signed in",
      description:
        "`{challengeId, response}` for options from `POST /family/passkeys/options`, verified as for an invitation. Audited as `create` on the family account (`passkey-added`).",
      requestBody: { content: json(PasskeyRegistrationBody) },
      responses: {
        201: { description: "The passkey is stored", content: json(PasskeyAddedSchema) },
        401: problem("Not signed in to the family app"),
        409: problem("This passkey is stored already"),
        422: problem("The challenge was used or ran out (`challengeId`), or the answer did not verify (`response`)"),
      },
    }),
    familyOnly,
    noStore,
    jsonBody(PasskeyRegistrationBody),
    async (c) => {
      const member = familyMember(c);
      const { challengeId, response } = c.req.valid("json");
      const { db, clock } = c.get("deps");
      const challenge = await takeChallenge(db, challengeId, "register", { accountId: member.accountId }, clock.now());
      if (!challenge) return addRefused(c, "challengeId", "challenge-unusable", CHALLENGE_GONE);
      const info = await verifiedRegistration(c, challenge, response);
      if (!info)
        return addRefused(c, "response", "passkey-not-verified", "Your passkey could not be checked. Try again.");
      const row = passkeyRow(member.accountId, info, clock.now().toISOString());
      try {
        await db.transaction(
          async (tx) => {
            await tx.insert(familyPasskeys).values(row);
            await tx.insert(auditEvents).values(
              auditRow(c, {
                action: "create",
                outcome: "success",
                recordType: "family-account",
                recordId: member.accountId,
                reason: "passkey-added",
              }),
            );
          },
          { behavior: "immediate" },
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw new ProblemError("conflict", 409, "This passkey is stored already");
        throw error;
      }
      return c.json({ credentialId: row.credentialId, createdAt: row.createdAt }, 201);
    },
  );
