// A member of staff's own second factors (docs/adr/0046-staff-second-factor.md): enrol an
// authenticator app (QR code as SVG and the key by hand, confirmed by a first code) or a passkey,
// see what the account has, remove one, make new recovery codes. Enrolment works signed in, and
// during a sign-in that production mode stops at enrolment; the first factor comes with 10
// recovery codes, shown once.
import { and, eq, isNotNull } from "drizzle-orm";
import type { Context, MiddlewareHandler } from "hono";
import { Hono } from "hono";
import { describeRoute, resolver } from "hono-openapi";
import * as v from "valibot";
import { auditEvents, staffPasskeys, staffTotp } from "../../db/schema.js";
import { audit, auditRow } from "../../lib/audit.js";
import { jsonBody, pathParams } from "../../lib/http.js";
import { ProblemError } from "../../lib/problem.js";
import {
  enrolmentRequired,
  factorsOf,
  newRecoveryCodes,
  newTotpSecret,
  removeFactors,
  totpEnrolment,
  useTotpCode,
} from "../../lib/second-factor.js";
import { allow } from "../../lib/session.js";
import { accountFor, advance, type SignInAnswer, throttledProblem } from "../../lib/sign-in.js";
import type { AppEnv, Role } from "../../lib/types.js";
import { ROLES } from "../../lib/types.js";
import { ProblemSchema } from "../openapi-schemas.js";
import { staffRegistrationOptions, verifiedStaffRegistration } from "./passkeys.js";

/** Who is enrolling: signed in, or a sign-in waiting at enrolment. */
interface Enrolling {
  id: string;
  name: string;
  email: string;
  role: Role;
  /** A sign-in waiting at enrolment (it finishes when the factor is added). */
  pending: boolean;
}

/** Lets in a signed-in member of staff, or a sign-in waiting at enrolment; 401 otherwise, audited. */
const enrolling: MiddlewareHandler<AppEnv> = async (c, next) => {
  const pending = c.get("signingIn");
  if (!c.get("user") && pending?.step !== "enrol") {
    await audit(c, { action: "denied", outcome: "denied", reason: "not-signed-in" });
    throw new ProblemError("not-signed-in", 401, "Sign in with a staff account to use this");
  }
  await next();
};

function whoEnrols(c: Context<AppEnv>): Enrolling {
  const user = c.get("user");
  if (user) return { id: user.id, name: user.name, email: user.email, role: user.role, pending: false };
  const pending = c.get("signingIn");
  if (pending?.step === "enrol") return { ...pending, pending: true };
  throw new ProblemError("not-signed-in", 401);
}

const problem = { "application/problem+json": { schema: resolver(ProblemSchema) } };

const FactorsSchema = v.object({
  authenticatorApp: v.nullable(v.object({ addedAt: v.string() })),
  passkeys: v.array(
    v.object({
      id: v.string(),
      createdAt: v.string(),
      lastUsedAt: v.nullable(v.string()),
      deviceType: v.nullable(v.string()),
    }),
  ),
  recoveryCodesLeft: v.number(),
  /** Production mode: an account without a factor must enrol at its next sign-in. */
  required: v.boolean(),
  /** A sign-in waiting at enrolment. */
  signingIn: v.boolean(),
});

const EnrolledSchema = v.object({
  /** The 10 recovery codes, when this was the account's first factor: shown once, never again. */
  recoveryCodes: v.nullable(v.array(v.string())),
  /** For a sign-in waiting at enrolment: what comes next (`signed-in`). */
  stage: v.optional(v.string()),
});

const ConfirmSchema = v.strictObject({
  code: v.pipe(v.string("Enter the code"), v.trim(), v.nonEmpty("Enter the code"), v.maxLength(16)),
});

const PasskeyAnswerSchema = v.strictObject({
  challengeId: v.pipe(v.string(), v.uuid("must be the challenge's id")),
  response: v.pipe(
    v.record(v.string(), v.unknown()),
    v.check((value) => JSON.stringify(value).length <= 16_384, "is too large"),
  ),
});

const CredentialParam = v.object({
  id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,1400}$/, "must be a passkey's id")),
});

/**
 * After a factor is added: the first one brings 10 recovery codes (returned once), and a sign-in
 * waiting at enrolment moves on (its new session cookie is set).
 */
async function afterEnrolment(
  c: Context<AppEnv>,
  who: Enrolling,
  kind: "authenticator-app" | "passkey",
): Promise<{ recoveryCodes: string[] | null; stage?: SignInAnswer["stage"] }> {
  const { db, clock } = c.get("deps");
  const now = clock.now();
  const factors = await factorsOf(db, who.id);
  const recoveryCodes = factors.recoveryCodesLeft === 0 ? await newRecoveryCodes(db, who.id, now) : null;
  await audit(c, {
    action: "add-second-factor",
    outcome: "success",
    recordType: "user",
    recordId: who.id,
    reason: kind,
    actorId: who.id,
    actorRole: who.role,
  });
  if (!who.pending) return { recoveryCodes };
  const account = await accountFor(db, who.id);
  if (!account) throw new ProblemError("not-signed-in", 401);
  const answer = await advance(c, account, "enrol");
  return { recoveryCodes, stage: answer.stage };
}

export const secondFactorRoutes = new Hono<AppEnv>()
  .get(
    "/second-factor",
    describeRoute({
      tags: ["Second factor"],
      summary: "The second factors of my account",
      description:
        "What the caller's account has: the authenticator app (when it was added), passkeys, how many recovery codes are left. Never the app's secret.",
      responses: {
        200: { description: "The factors", content: { "application/json": { schema: resolver(FactorsSchema) } } },
      },
    }),
    enrolling,
    async (c) => {
      const who = whoEnrols(c);
      const { any: _any, ...factors } = await factorsOf(c.get("deps").db, who.id);
      c.header("Cache-Control", "no-store");
      return c.json({ ...factors, required: enrolmentRequired(c), signingIn: who.pending });
    },
  )
  .post(
    "/second-factor/authenticator-app",
    describeRoute({
      tags: ["Second factor"],
      summary: "Start adding an authenticator app",
      description:
        "A new secret for the account's authenticator app: its QR code (SVG, drawn on the server), the `otpauth://` link and the key to type in by hand. Shown at this step only; the app is added once a first code is confirmed. Asked again within 10 minutes, the same secret (the page shown again after a wrong code); later, a new one replaces a secret not yet confirmed.",
      responses: {
        200: {
          description: "The secret, to show once",
          content: {
            "application/json": {
              schema: resolver(v.object({ key: v.string(), uri: v.string(), qrSvg: v.string() })),
            },
          },
        },
        409: { description: "The account already has an authenticator app", content: problem },
      },
    }),
    enrolling,
    async (c) => {
      const who = whoEnrols(c);
      const { db, clock, protocol } = c.get("deps");
      const [existing] = await db
        .select({ userId: staffTotp.userId })
        .from(staffTotp)
        .where(and(eq(staffTotp.userId, who.id), isNotNull(staffTotp.confirmedAt)));
      if (existing) {
        throw new ProblemError("conflict", 409, "Your account already has an authenticator app: remove it first");
      }
      // Asked again within 10 minutes (the page shown again after a wrong code): the same secret,
      // so the app already set up keeps working. After that, or once confirmed, never again.
      const [open] = await db.select().from(staffTotp).where(eq(staffTotp.userId, who.id));
      const recent = open && clock.now().getTime() - new Date(open.createdAt).getTime() < 10 * 60_000;
      if (open && recent) {
        c.header("Cache-Control", "no-store");
        return c.json(await totpEnrolment(open.secret, protocol.serviceName, who.email));
      }
      const secret = newTotpSecret();
      const now = clock.now().toISOString();
      await db
        .insert(staffTotp)
        .values({ userId: who.id, secret, createdAt: now })
        .onConflictDoUpdate({ target: staffTotp.userId, set: { secret, createdAt: now, lastUsedStep: null } });
      c.header("Cache-Control", "no-store");
      return c.json(await totpEnrolment(secret, protocol.serviceName, who.email));
    },
  )
  .post(
    "/second-factor/authenticator-app/confirm",
    describeRoute({
      tags: ["Second factor"],
      summary: "Confirm the authenticator app with its first code",
      description:
        "Adds the app once it shows a right code. The account's first factor comes with 10 recovery codes, returned here once. A sign-in waiting at enrolment is then finished (a new session cookie).",
      requestBody: { content: { "application/json": { schema: resolver(ConfirmSchema) } } },
      responses: {
        200: { description: "Added", content: { "application/json": { schema: resolver(EnrolledSchema) } } },
        401: { description: "The code was not right", content: problem },
        409: { description: "No authenticator app is being added: start again", content: problem },
        429: { description: "Too many wrong codes", content: problem },
      },
    }),
    enrolling,
    jsonBody(ConfirmSchema),
    async (c) => {
      const who = whoEnrols(c);
      const { db, clock } = c.get("deps");
      const [row] = await db.select().from(staffTotp).where(eq(staffTotp.userId, who.id)).limit(1);
      if (!row || row.confirmedAt) {
        throw new ProblemError("conflict", 409, "Start adding the authenticator app again");
      }
      const limits = c.get("limits");
      const now = clock.now();
      if (await limits.secondFactorByAccount.reached(who.id, now.getTime())) throw throttledProblem();
      if (!(await useTotpCode(db, who.id, c.req.valid("json").code, now, false))) {
        await limits.secondFactorByAccount.hit(who.id, now.getTime());
        const message = "Enter the 6-digit code your authenticator app shows now";
        throw new ProblemError("second-factor-failed", 401, message, {
          errors: [{ field: "code", pointer: "/code", message }],
        });
      }
      return c.json(await afterEnrolment(c, who, "authenticator-app"));
    },
  )
  .post(
    "/second-factor/passkey-options",
    describeRoute({
      tags: ["Second factor"],
      summary: "Options to add a passkey",
      description: "WebAuthn options to make a passkey for this account, and the challenge's id (5 minutes, once).",
      responses: { 200: { description: "`{ challengeId, options }` for the browser" } },
    }),
    enrolling,
    async (c) => {
      const who = whoEnrols(c);
      c.header("Cache-Control", "no-store");
      return c.json(await staffRegistrationOptions(c, who));
    },
  )
  .post(
    "/second-factor/passkeys",
    describeRoute({
      tags: ["Second factor"],
      summary: "Add a passkey",
      description:
        "Stores the new passkey when the browser's answer verifies. The account's first factor comes with 10 recovery codes, returned here once. A sign-in waiting at enrolment is then finished.",
      requestBody: { content: { "application/json": { schema: resolver(PasskeyAnswerSchema) } } },
      responses: {
        200: { description: "Added", content: { "application/json": { schema: resolver(EnrolledSchema) } } },
        422: { description: "The answer did not verify", content: problem },
      },
    }),
    enrolling,
    jsonBody(PasskeyAnswerSchema),
    async (c) => {
      const who = whoEnrols(c);
      const { challengeId, response } = c.req.valid("json");
      const row = await verifiedStaffRegistration(c, who.id, challengeId, response);
      if (!row) {
        throw new ProblemError("validation", 422, "The passkey could not be added: try again", {
          errors: [{ field: "response", pointer: "/response", message: "did not verify" }],
        });
      }
      await c.get("deps").db.insert(staffPasskeys).values(row).onConflictDoNothing();
      return c.json(await afterEnrolment(c, who, "passkey"));
    },
  )
  .delete(
    "/second-factor/authenticator-app",
    describeRoute({
      tags: ["Second factor"],
      summary: "Remove my authenticator app",
      description:
        "In production mode the last factor cannot be removed (add another first). When no factor is left, the recovery codes go too.",
      responses: {
        204: { description: "Removed" },
        404: { description: "No authenticator app to remove", content: problem },
        409: { description: "It is the last factor", content: problem },
      },
    }),
    allow(...ROLES),
    async (c) => removeFactor(c, "authenticator-app"),
  )
  .delete(
    "/second-factor/passkeys/:id",
    describeRoute({
      tags: ["Second factor"],
      summary: "Remove one of my passkeys",
      description: "In production mode the last factor cannot be removed (add another first).",
      responses: {
        204: { description: "Removed" },
        404: { description: "No such passkey of yours", content: problem },
        409: { description: "It is the last factor", content: problem },
      },
    }),
    allow(...ROLES),
    pathParams(CredentialParam),
    async (c) => removeFactor(c, "passkey", c.req.valid("param").id),
  )
  .post(
    "/second-factor/recovery-codes",
    describeRoute({
      tags: ["Second factor"],
      summary: "Make new recovery codes",
      description: "10 new recovery codes, returned once; the ones before stop working.",
      responses: {
        200: {
          description: "The new codes",
          content: { "application/json": { schema: resolver(v.object({ recoveryCodes: v.array(v.string()) })) } },
        },
        409: { description: "The account has no second factor yet", content: problem },
      },
    }),
    allow(...ROLES),
    async (c) => {
      const user = c.get("user");
      if (!user) throw new ProblemError("not-signed-in", 401);
      const { db, clock } = c.get("deps");
      if (!(await factorsOf(db, user.id)).any) {
        throw new ProblemError("conflict", 409, "Add an authenticator app or a passkey first");
      }
      let recoveryCodes: string[] = [];
      await db.transaction(
        async (tx) => {
          recoveryCodes = await newRecoveryCodes(tx, user.id, clock.now());
          await tx
            .insert(auditEvents)
            .values(
              auditRow(c, { action: "new-recovery-codes", outcome: "success", recordType: "user", recordId: user.id }),
            );
        },
        { behavior: "immediate" },
      );
      c.header("Cache-Control", "no-store");
      return c.json({ recoveryCodes });
    },
  );

async function removeFactor(c: Context<AppEnv>, kind: "authenticator-app" | "passkey", credentialId?: string) {
  const user = c.get("user");
  if (!user) throw new ProblemError("not-signed-in", 401);
  const { db } = c.get("deps");
  const factors = await factorsOf(db, user.id);
  const has =
    kind === "authenticator-app"
      ? factors.authenticatorApp !== null
      : factors.passkeys.some((p) => p.id === credentialId);
  if (!has) throw new ProblemError("not-found", 404, "There is no such second factor on your account");
  const left = (factors.authenticatorApp ? 1 : 0) + factors.passkeys.length - 1;
  if (left === 0 && enrolmentRequired(c)) {
    throw new ProblemError("conflict", 409, "Add another authenticator app or passkey before you remove your last one");
  }
  await db.transaction(
    async (tx) => {
      if (left === 0) await removeFactors(tx, user.id);
      else if (kind === "authenticator-app") await tx.delete(staffTotp).where(eq(staffTotp.userId, user.id));
      else
        await tx
          .delete(staffPasskeys)
          .where(and(eq(staffPasskeys.userId, user.id), eq(staffPasskeys.credentialId, credentialId ?? "")));
      await tx.insert(auditEvents).values(
        auditRow(c, {
          action: "remove-second-factor",
          outcome: "success",
          recordType: "user",
          recordId: user.id,
          reason: kind,
        }),
      );
    },
    { behavior: "immediate" },
  );
  return c.body(null, 204);
}
