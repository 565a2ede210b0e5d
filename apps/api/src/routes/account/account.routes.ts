// A member of staff's own account ("Your account"): who they are and whether they must still
// enrol, changing their own password (the current one and their second factor asked), and their
// live sessions, with signing out everywhere else.
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { describeRoute, resolver } from "hono-openapi";
import * as v from "valibot";
import { auditEvents, users } from "../../db/schema.js";
import { audit, auditRow } from "../../lib/audit.js";
import { jsonBody } from "../../lib/http.js";
import { hashPassword, passwordProblem, verifyPassword } from "../../lib/passwords.js";
import { validationProblem } from "../../lib/problem.js";
import { enrolmentRequired, factorsOf } from "../../lib/second-factor.js";
import { allow, endOtherSessions, liveSessions, staff } from "../../lib/session.js";
import { proveWithCode, throttledProblem } from "../../lib/sign-in.js";
import type { AppEnv } from "../../lib/types.js";
import { ROLES } from "../../lib/types.js";
import { ProblemSchema } from "../openapi-schemas.js";

const problem = { "application/problem+json": { schema: resolver(ProblemSchema) } };

const AccountSchema = v.object({
  user: v.object({ id: v.string(), name: v.string(), email: v.string(), role: v.picklist(ROLES) }),
  secondFactor: v.object({
    authenticatorApp: v.boolean(),
    passkeys: v.number(),
    recoveryCodesLeft: v.number(),
    /** Production mode: without a factor, the next sign-in stops at enrolment. */
    required: v.boolean(),
  }),
});

const ChangePasswordSchema = v.strictObject({
  currentPassword: v.pipe(
    v.string("Enter your current password"),
    v.nonEmpty("Enter your current password"),
    v.maxLength(1024),
  ),
  newPassword: v.pipe(v.string("Enter a new password"), v.nonEmpty("Enter a new password"), v.maxLength(1024)),
  /** The authenticator app's code, when the account has a second factor. */
  code: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(16))),
  /** Or one of the account's recovery codes. */
  recoveryCode: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(64))),
});

const SessionListSchema = v.object({
  sessions: v.array(
    v.object({
      current: v.boolean(),
      createdAt: v.string(),
      lastSeenAt: v.string(),
      expiresAt: v.string(),
      device: v.nullable(v.string()),
    }),
  ),
});

export const accountRoutes = new Hono<AppEnv>()
  .get(
    "/account",
    describeRoute({
      tags: ["Your account"],
      summary: "My account",
      responses: {
        200: { description: "The account", content: { "application/json": { schema: resolver(AccountSchema) } } },
      },
    }),
    allow(...ROLES),
    async (c) => {
      const { id, name, email, role } = staff(c);
      const factors = await factorsOf(c.get("deps").db, id);
      c.header("Cache-Control", "no-store");
      return c.json({
        user: { id, name, email, role },
        secondFactor: {
          authenticatorApp: factors.authenticatorApp !== null,
          passkeys: factors.passkeys.length,
          recoveryCodesLeft: factors.recoveryCodesLeft,
          required: enrolmentRequired(c),
        },
      });
    },
  )
  .post(
    "/account/password",
    describeRoute({
      tags: ["Your account"],
      summary: "Change my password",
      description:
        "Asks for the current password and, when the account has a second factor, the authenticator app's code or a recovery code. The new password follows the same rules as any (12 to 128 characters, not a common password, not the email address). Every other session of the account ends.",
      requestBody: { content: { "application/json": { schema: resolver(ChangePasswordSchema) } } },
      responses: {
        204: { description: "Changed; the account's other sessions have ended" },
        401: { description: "The second factor was not right", content: problem },
        422: {
          description: "The current password is not right, or the new one does not meet the policy",
          content: problem,
        },
        429: { description: "Too many wrong tries", content: problem },
      },
    }),
    allow(...ROLES),
    jsonBody(ChangePasswordSchema),
    async (c) => {
      const user = staff(c);
      const body = c.req.valid("json");
      const { db, clock } = c.get("deps");
      const limits = c.get("limits");
      const now = clock.now();
      if (await limits.signInByAccount.reached(user.email, now.getTime())) throw throttledProblem();
      const [row] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, user.id));
      if (!row || !(await verifyPassword(row.hash, body.currentPassword))) {
        await limits.signInByAccount.hit(user.email, now.getTime());
        await audit(c, {
          action: "change-password",
          outcome: "failure",
          recordType: "user",
          recordId: user.id,
          reason: "bad-password",
        });
        throw validationProblem([{ field: "currentPassword", message: "Your current password is not right" }]);
      }
      const factors = await factorsOf(db, user.id);
      if (factors.any) {
        if (!body.code && !body.recoveryCode) {
          throw validationProblem([
            { field: "code", message: "Enter the code from your authenticator app, or one of your recovery codes" },
          ]);
        }
        await proveWithCode(c, user, body.code ? { code: body.code } : { recoveryCode: body.recoveryCode });
      }
      const policy = passwordProblem(body.newPassword, user.email);
      if (policy) throw validationProblem([{ field: "newPassword", message: policy }]);
      const passwordHash = await hashPassword(body.newPassword);
      await db.transaction(
        async (tx) => {
          await tx.update(users).set({ passwordHash, mustChangePassword: false }).where(eq(users.id, user.id));
          await tx
            .insert(auditEvents)
            .values(
              auditRow(c, { action: "change-password", outcome: "success", recordType: "user", recordId: user.id }),
            );
        },
        { behavior: "immediate" },
      );
      await endOtherSessions(db, user.id, user.sessionHash, now);
      c.header("Cache-Control", "no-store");
      return c.body(null, 204);
    },
  )
  .get(
    "/account/sessions",
    describeRoute({
      tags: ["Your account"],
      summary: "Where I am signed in",
      description:
        "The account's live sessions: when each began and was last used, and the browser and system coarsely (`Firefox on Windows`). No address is kept for this.",
      responses: {
        200: { description: "Sessions", content: { "application/json": { schema: resolver(SessionListSchema) } } },
      },
    }),
    allow(...ROLES),
    async (c) => {
      const user = staff(c);
      const { db, clock, config } = c.get("deps");
      const rows = await liveSessions(db, user.id, clock.now(), config.SESSION_IDLE_MINUTES);
      c.header("Cache-Control", "no-store");
      return c.json({
        sessions: rows.map(({ tokenHash, ...row }) => ({ current: tokenHash === user.sessionHash, ...row })),
      });
    },
  )
  .post(
    "/account/sessions/sign-out-others",
    describeRoute({
      tags: ["Your account"],
      summary: "Sign out everywhere else",
      description: "Ends every session of the account but this one.",
      responses: { 204: { description: "Signed out everywhere else" } },
    }),
    allow(...ROLES),
    async (c) => {
      const user = staff(c);
      const { db, clock } = c.get("deps");
      await endOtherSessions(db, user.id, user.sessionHash, clock.now());
      await audit(c, { action: "sign-out-others", outcome: "success", recordType: "user", recordId: user.id });
      return c.body(null, 204);
    },
  );
