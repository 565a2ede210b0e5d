// Staff sign-in and sign-out, as a short state machine (lib/sign-in.ts): the password, then the
// second factor when the account has one, then a new password when an administrator set the last
// one, then enrolment when production mode requires it. Failed attempts are throttled per account
// and per address (in the database) and every attempt is audited; each step starts a new session
// (no fixation), and until the last one no staff route lets the session in.
import { eq } from "drizzle-orm";
import type { Context, MiddlewareHandler } from "hono";
import { Hono } from "hono";
import { describeRoute, resolver } from "hono-openapi";
import * as v from "valibot";
import { auditEvents, users } from "../../db/schema.js";
import { audit, auditRow } from "../../lib/audit.js";
import { jsonBody } from "../../lib/http.js";
import { hashPassword, passwordProblem, verifyNothing, verifyPassword } from "../../lib/passwords.js";
import { ProblemError, validationProblem } from "../../lib/problem.js";
import { methodsOf } from "../../lib/second-factor.js";
import { allow, endSession, pendingStep, sessionCookie, signingIn, staff } from "../../lib/session.js";
import { accountFor, advance, type CodeProof, proveWithCode, throttledProblem } from "../../lib/sign-in.js";
import type { AppEnv } from "../../lib/types.js";
import { ROLES } from "../../lib/types.js";
import { ProblemSchema } from "../openapi-schemas.js";
import { staffAuthenticationOptions, verifiedStaffPasskey } from "../second-factor/passkeys.js";

const SignInSchema = v.strictObject({
  email: v.pipe(
    v.string("Enter your email address"),
    v.trim(),
    v.toLowerCase(),
    v.nonEmpty("Enter your email address"),
    v.maxLength(254),
  ),
  password: v.pipe(v.string("Enter your password"), v.nonEmpty("Enter your password"), v.maxLength(1024)),
});

const SessionSchema = v.object({
  user: v.object({ id: v.string(), name: v.string(), email: v.string(), role: v.picklist(ROLES) }),
  expiresAt: v.optional(v.string()),
});

const STEPS = ["second-factor", "new-password", "enrol"] as const;

/** What a sign-in step answers: signed in, or the next step and (for the second factor) its ways. */
const StepAnswerSchema = v.object({
  stage: v.picklist(["signed-in", ...STEPS]),
  expiresAt: v.string(),
  user: v.optional(SessionSchema.entries.user),
  methods: v.optional(v.array(v.picklist(["authenticator-app", "passkey", "recovery-code"]))),
  secondFactorOffered: v.optional(v.boolean()),
});

const CodeSchema = v.strictObject({
  code: v.pipe(v.string("Enter the code"), v.trim(), v.nonEmpty("Enter the code"), v.maxLength(64)),
});

const PasskeyAnswerSchema = v.strictObject({
  challengeId: v.pipe(v.string(), v.uuid("must be the challenge's id")),
  response: v.pipe(
    v.record(v.string(), v.unknown()),
    v.check((value) => JSON.stringify(value).length <= 16_384, "is too large"),
  ),
});

const NewPasswordSchema = v.strictObject({
  password: v.pipe(v.string("Enter a new password"), v.nonEmpty("Enter a new password"), v.maxLength(1024)),
});

/** The response documents of a sign-in step. */
function stepResponses(extra: Record<number, string> = {}) {
  const problem = { "application/problem+json": { schema: resolver(ProblemSchema) } };
  return {
    200: {
      description: "The step is done: signed in, or the next step",
      content: { "application/json": { schema: resolver(StepAnswerSchema) } },
    },
    401: { description: "No sign-in waiting for this step, or the code was wrong", content: problem },
    429: { description: "Too many wrong codes", content: problem },
    ...Object.fromEntries(
      Object.entries(extra).map(([status, description]) => [status, { description, content: problem }]),
    ),
  };
}

/** Lets in a signed-in member of staff or a sign-in not finished (to sign out of either). */
const signedInOrPending: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.get("user") && !c.get("signingIn")) {
    await audit(c, { action: "denied", outcome: "denied", reason: "not-signed-in" });
    throw new ProblemError("not-signed-in", 401, "Sign in with a staff account to use this");
  }
  await next();
};

/** The second-factor step by a code (the app's or a recovery code): checked, then the next step. */
async function proveAndAdvance(c: Context<AppEnv>, proof: CodeProof) {
  const pending = signingIn(c);
  await proveWithCode(c, pending, proof);
  const account = await accountFor(c.get("deps").db, pending.id);
  if (!account) throw new ProblemError("sign-in-step", 401);
  return c.json(await advance(c, account, "second-factor"));
}

export const authRoutes = new Hono<AppEnv>()
  .post(
    "/auth/sign-in",
    describeRoute({
      tags: ["Staff sign-in"],
      summary: "Sign in",
      description:
        "Sets the `__Host-openportage-session` cookie. Failed attempts are throttled per account and per address. When the account has a second factor (or must set a new password, or must enrol one), the session is pending: `stage` names the next step and no staff route lets it in until the last step is done.",
      requestBody: { content: { "application/json": { schema: resolver(SignInSchema) } } },
      responses: {
        200: {
          description: "Signed in, or the password was right and `stage` names the next step",
          content: { "application/json": { schema: resolver(StepAnswerSchema) } },
        },
        401: {
          description: "Wrong email or password",
          content: { "application/problem+json": { schema: resolver(ProblemSchema) } },
        },
        429: {
          description: "Too many failed attempts",
          content: { "application/problem+json": { schema: resolver(ProblemSchema) } },
        },
      },
    }),
    jsonBody(SignInSchema),
    async (c) => {
      const { email, password } = c.req.valid("json");
      const { db, clock } = c.get("deps");
      const limits = c.get("limits");
      const now = clock.now().getTime();
      const address = c.get("address");
      if ((await limits.signInByAccount.reached(email, now)) || (await limits.signInByAddress.reached(address, now))) {
        await audit(c, { action: "sign-in-failed", outcome: "denied", reason: "throttled", recordType: "session" });
        throw throttledProblem();
      }
      const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
      let ok = false;
      if (user) ok = await verifyPassword(user.passwordHash, password);
      else await verifyNothing(password);
      if (!user || !ok || user.disabledAt) {
        await limits.signInByAccount.hit(email, now);
        await limits.signInByAddress.hit(address, now);
        await audit(c, {
          action: "sign-in-failed",
          outcome: "failure",
          recordType: "user",
          ...(user ? { recordId: user.id } : {}),
          reason: !user ? "unknown-account" : !ok ? "bad-password" : "account-disabled",
          actorId: null,
          actorRole: null,
        });
        throw new ProblemError(
          "sign-in-failed",
          401,
          "Enter the email address and password of an active staff account",
        );
      }
      await limits.signInByAccount.reset(email);
      return c.json(await advance(c, user, "password"));
    },
  )
  .post(
    "/auth/sign-out",
    describeRoute({
      tags: ["Staff sign-in"],
      summary: "Sign out",
      description: "Ends the session, or a sign-in not finished yet.",
      responses: { 204: { description: "Signed out" } },
    }),
    signedInOrPending,
    async (c) => {
      const user = c.get("user") ?? signingIn(c);
      const { db, clock } = c.get("deps");
      await endSession(db, user.sessionHash, clock.now());
      await audit(c, {
        action: "sign-out",
        outcome: "success",
        recordType: "user",
        recordId: user.id,
        actorId: user.id,
        actorRole: user.role,
      });
      c.header("Set-Cookie", sessionCookie("", 0));
      return c.body(null, 204);
    },
  )
  .get(
    "/auth/session",
    describeRoute({
      tags: ["Staff sign-in"],
      summary: "Who is signed in",
      responses: {
        200: {
          description: "The signed-in member of staff",
          content: { "application/json": { schema: resolver(SessionSchema) } },
        },
      },
    }),
    allow(...ROLES),
    (c) => {
      const { id, name, email, role } = staff(c);
      c.header("Cache-Control", "no-store");
      return c.json({ user: { id, name, email, role } });
    },
  )
  .get(
    "/auth/sign-in/step",
    describeRoute({
      tags: ["Staff sign-in"],
      summary: "The step a sign-in waits for",
      description:
        "For a session whose password was right but whose sign-in is not finished: the step it waits for (`second-factor`, `new-password` or `enrol`) and, for the second factor, the ways the account can give it.",
      responses: {
        200: {
          description: "The step",
          content: {
            "application/json": {
              schema: resolver(
                v.object({
                  stage: v.picklist(STEPS),
                  name: v.string(),
                  methods: v.array(v.picklist(["authenticator-app", "passkey", "recovery-code"])),
                }),
              ),
            },
          },
        },
        401: {
          description: "No sign-in waiting",
          content: { "application/problem+json": { schema: resolver(ProblemSchema) } },
        },
      },
    }),
    pendingStep(...STEPS),
    async (c) => {
      const pending = signingIn(c);
      const methods = pending.step === "second-factor" ? await methodsOf(c.get("deps").db, pending.id) : [];
      c.header("Cache-Control", "no-store");
      return c.json({ stage: pending.step, name: pending.name, methods });
    },
  )
  .post(
    "/auth/sign-in/authenticator-code",
    describeRoute({
      tags: ["Staff sign-in"],
      summary: "Give the authenticator app's code",
      description:
        "The second factor by the 6-digit code the account's authenticator app shows (RFC 6238, 30 seconds, one step either side accepted). A code is accepted once: the same code again is refused. Wrong codes are throttled like passwords.",
      requestBody: { content: { "application/json": { schema: resolver(CodeSchema) } } },
      responses: stepResponses(),
    }),
    pendingStep("second-factor"),
    jsonBody(CodeSchema),
    (c) => proveAndAdvance(c, { code: c.req.valid("json").code }),
  )
  .post(
    "/auth/sign-in/recovery-code",
    describeRoute({
      tags: ["Staff sign-in"],
      summary: "Give a recovery code",
      description:
        "The second factor by one of the account's recovery codes (each works once). Wrong codes are throttled like passwords.",
      requestBody: { content: { "application/json": { schema: resolver(CodeSchema) } } },
      responses: stepResponses(),
    }),
    pendingStep("second-factor"),
    jsonBody(CodeSchema),
    (c) => proveAndAdvance(c, { recoveryCode: c.req.valid("json").code }),
  )
  .post(
    "/auth/sign-in/passkey-options",
    describeRoute({
      tags: ["Staff sign-in"],
      summary: "Options to give the second factor with a passkey",
      description: "WebAuthn options allowing only this account's passkeys, and the challenge's id (5 minutes, once).",
      responses: {
        200: { description: "`{ challengeId, options }` for the browser" },
        401: { description: "No sign-in waiting for a second factor" },
        404: { description: "The account has no passkey" },
      },
    }),
    pendingStep("second-factor"),
    async (c) => {
      const options = await staffAuthenticationOptions(c, signingIn(c).id);
      if (!options) throw new ProblemError("not-found", 404, "This account has no passkey");
      c.header("Cache-Control", "no-store");
      return c.json(options);
    },
  )
  .post(
    "/auth/sign-in/passkey",
    describeRoute({
      tags: ["Staff sign-in"],
      summary: "Give the second factor with a passkey",
      requestBody: { content: { "application/json": { schema: resolver(PasskeyAnswerSchema) } } },
      responses: stepResponses(),
    }),
    pendingStep("second-factor"),
    jsonBody(PasskeyAnswerSchema),
    async (c) => {
      const pending = signingIn(c);
      const { challengeId, response } = c.req.valid("json");
      const limits = c.get("limits");
      const now = c.get("deps").clock.now().getTime();
      if (await limits.secondFactorByAccount.reached(pending.id, now)) throw throttledProblem();
      if (!(await verifiedStaffPasskey(c, pending.id, challengeId, response))) {
        await limits.secondFactorByAccount.hit(pending.id, now);
        await audit(c, {
          action: "second-factor-failed",
          outcome: "failure",
          recordType: "user",
          recordId: pending.id,
          reason: "bad-passkey",
          actorId: pending.id,
          actorRole: pending.role,
        });
        throw new ProblemError("second-factor-failed", 401, "That passkey did not work: try again, or use a code");
      }
      const account = await accountFor(c.get("deps").db, pending.id);
      if (!account) throw new ProblemError("sign-in-step", 401);
      return c.json(await advance(c, account, "second-factor"));
    },
  )
  .post(
    "/auth/sign-in/new-password",
    describeRoute({
      tags: ["Staff sign-in"],
      summary: "Set a new password at the first sign-in",
      description:
        "When an administrator set the account's password, the first sign-in asks for a new one before anything else (the same rules: 12 to 128 characters, not a common password, not the email address).",
      requestBody: { content: { "application/json": { schema: resolver(NewPasswordSchema) } } },
      responses: stepResponses({ 422: "The password does not meet the policy" }),
    }),
    pendingStep("new-password"),
    jsonBody(NewPasswordSchema),
    async (c) => {
      const pending = signingIn(c);
      const { password } = c.req.valid("json");
      const { db } = c.get("deps");
      const problem = passwordProblem(password, pending.email);
      if (problem) throw validationProblem([{ field: "password", message: problem }]);
      const [row] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, pending.id));
      if (row && (await verifyPassword(row.hash, password))) {
        throw validationProblem([
          { field: "password", message: "Choose a password different from the one you were given" },
        ]);
      }
      const passwordHash = await hashPassword(password);
      await db.transaction(
        async (tx) => {
          await tx.update(users).set({ passwordHash, mustChangePassword: false }).where(eq(users.id, pending.id));
          await tx.insert(auditEvents).values(
            auditRow(c, {
              action: "change-password",
              outcome: "success",
              recordType: "user",
              recordId: pending.id,
              reason: "first-sign-in",
              actorId: pending.id,
              actorRole: pending.role,
            }),
          );
        },
        { behavior: "immediate" },
      );
      const account = await accountFor(db, pending.id);
      if (!account) throw new ProblemError("sign-in-step", 401);
      return c.json(await advance(c, account, "new-password"));
    },
  );
