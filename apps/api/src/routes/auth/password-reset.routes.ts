// A forgotten staff password: a link by email through the outbox (single use, 30 minutes, only
// its token's SHA-256 stored), asked for with the same answer whether or not the address has an
// account; setting the new password still asks for the second factor when the account has one,
// and ends every session of the account.
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Context } from "hono";
import { Hono } from "hono";
import { describeRoute, resolver } from "hono-openapi";
import * as v from "valibot";
import { auditEvents, outbox, passwordResets, sessions, users } from "../../db/schema.js";
import { audit, auditRow } from "../../lib/audit.js";
import { familyOrigin } from "../../lib/family-session.js";
import { jsonBody } from "../../lib/http.js";
import { newId } from "../../lib/ids.js";
import { hashPassword, passwordProblem } from "../../lib/passwords.js";
import { ProblemError, validationProblem } from "../../lib/problem.js";
import { factorsOf, methodsOf } from "../../lib/second-factor.js";
import { hashToken, newToken } from "../../lib/session.js";
import { proveWithCode, throttledProblem } from "../../lib/sign-in.js";
import type { AppEnv } from "../../lib/types.js";
import { ProblemSchema } from "../openapi-schemas.js";

/** How long a reset link works. */
export const RESET_MINUTES = 30;

/** What every request for a link is told. */
export const RESET_REQUESTED = {
  message: `If that email address belongs to a staff account, a link to reset its password is on its way. It works for ${RESET_MINUTES} minutes.`,
  minutes: RESET_MINUTES,
};

const problem = { "application/problem+json": { schema: resolver(ProblemSchema) } };

const RequestSchema = v.strictObject({
  email: v.pipe(
    v.string("Enter your email address"),
    v.trim(),
    v.toLowerCase(),
    v.nonEmpty("Enter your email address"),
    v.maxLength(254),
  ),
});

const Token = v.pipe(v.string("must be the link's token"), v.regex(/^[A-Za-z0-9_-]{43}$/, "must be the link's token"));

const CheckSchema = v.strictObject({ token: Token });

const CompleteSchema = v.strictObject({
  token: Token,
  password: v.pipe(v.string("Enter a new password"), v.nonEmpty("Enter a new password"), v.maxLength(1024)),
  code: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(16))),
  recoveryCode: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(64))),
});

const UNUSABLE =
  "This link to reset your password has expired or has been used. Ask for a new one from the sign-in page.";

/** The admin app's page a reset link opens. */
function resetLink(c: Context<AppEnv>, token: string): string {
  const admin = c.get("deps").config.ADMIN_ORIGINS[0] ?? familyOrigin(c);
  return `${admin}/admin/reset-password?token=${token}`;
}

/** The live reset a token names (unused, in time, for an active account), or undefined. */
async function liveReset(c: Context<AppEnv>, token: string) {
  const { db, clock } = c.get("deps");
  const [row] = await db
    .select({ userId: passwordResets.userId, email: users.email, role: users.role, disabledAt: users.disabledAt })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(
      and(
        eq(passwordResets.tokenHash, hashToken(token)),
        isNull(passwordResets.usedAt),
        gt(passwordResets.expiresAt, clock.now().toISOString()),
      ),
    )
    .limit(1);
  return row && !row.disabledAt ? row : undefined;
}

export const passwordResetRoutes = new Hono<AppEnv>()
  .post(
    "/auth/password-reset",
    describeRoute({
      tags: ["Staff sign-in"],
      summary: "Ask for a link to reset a forgotten password",
      description: `\`{email}\`. Always the same \`202\`, whether or not the address has an active staff account (no account discovery); the work done is the same either way, and the email leaves later through the outbox (\`staff-password-reset\`). The link works once, for ${RESET_MINUTES} minutes. Throttled per address (429).`,
      requestBody: { content: { "application/json": { schema: resolver(RequestSchema) } } },
      responses: {
        202: {
          description: "Asked",
          content: { "application/json": { schema: resolver(v.object({ message: v.string(), minutes: v.number() })) } },
        },
        429: { description: "Too many requests from this address", content: problem },
      },
    }),
    jsonBody(RequestSchema),
    async (c) => {
      const { email } = c.req.valid("json");
      const { db, clock, protocol } = c.get("deps");
      const now = clock.now();
      if ((await c.get("limits").passwordResetsByAddress.hit(c.get("address"), now.getTime())) > 0) {
        await audit(c, { action: "password-reset-asked", outcome: "denied", recordType: "user", reason: "throttled" });
        throw throttledProblem();
      }
      // The same work whether or not there is an account: a token made and hashed, one look-up.
      const token = newToken();
      const tokenHash = hashToken(token);
      const [user] = await db
        .select({ id: users.id, name: users.name, email: users.email, disabledAt: users.disabledAt })
        .from(users)
        .where(eq(users.email, email))
        .limit(1);
      if (!user || user.disabledAt) {
        await audit(c, {
          action: "password-reset-asked",
          outcome: "failure",
          recordType: "user",
          reason: user ? "account-disabled" : "unknown-account",
          actorId: null,
          actorRole: null,
        });
      } else {
        await db.transaction(
          async (tx) => {
            // One live link at a time: asking again replaces the one before.
            await tx
              .update(passwordResets)
              .set({ usedAt: now.toISOString() })
              .where(and(eq(passwordResets.userId, user.id), isNull(passwordResets.usedAt)));
            await tx.insert(passwordResets).values({
              tokenHash,
              userId: user.id,
              createdAt: now.toISOString(),
              expiresAt: new Date(now.getTime() + RESET_MINUTES * 60_000).toISOString(),
            });
            await tx.insert(outbox).values({
              id: newId(),
              kind: "staff-password-reset",
              emailAddress: user.email,
              personalisation: {
                service_name: protocol.serviceName,
                name: user.name,
                link: resetLink(c, token),
                minutes: String(RESET_MINUTES),
              },
              nextAttemptAt: now.toISOString(),
              createdAt: now.toISOString(),
            });
            await tx.insert(auditEvents).values(
              auditRow(c, {
                action: "password-reset-asked",
                outcome: "success",
                recordType: "user",
                recordId: user.id,
                actorId: null,
                actorRole: null,
              }),
            );
          },
          { behavior: "immediate" },
        );
      }
      c.header("Cache-Control", "no-store");
      return c.json(RESET_REQUESTED, 202);
    },
  )
  .post(
    "/auth/password-reset/check",
    describeRoute({
      tags: ["Staff sign-in"],
      summary: "Whether a reset link can be used",
      description:
        "`{token}` from the link. When it can: which second factor setting the new password will ask for (none when the account has none). Otherwise 410, the same for a link unknown, used or expired.",
      requestBody: { content: { "application/json": { schema: resolver(CheckSchema) } } },
      responses: {
        200: {
          description: "Usable",
          content: {
            "application/json": {
              schema: resolver(
                v.object({ methods: v.array(v.picklist(["authenticator-app", "passkey", "recovery-code"])) }),
              ),
            },
          },
        },
        410: { description: "Expired, used or unknown", content: problem },
      },
    }),
    jsonBody(CheckSchema),
    async (c) => {
      const reset = await liveReset(c, c.req.valid("json").token);
      if (!reset) throw new ProblemError("reset-link-unusable", 410, UNUSABLE);
      c.header("Cache-Control", "no-store");
      return c.json({ methods: await methodsOf(c.get("deps").db, reset.userId) });
    },
  )
  .post(
    "/auth/password-reset/complete",
    describeRoute({
      tags: ["Staff sign-in"],
      summary: "Set a new password from a reset link",
      description:
        "`{token, password}` and, when the account has a second factor, `code` (the authenticator app's) or `recoveryCode`. The link is then used up, and every session of the account ends.",
      requestBody: { content: { "application/json": { schema: resolver(CompleteSchema) } } },
      responses: {
        204: { description: "The password is set; every session of the account has ended" },
        401: { description: "The second factor was not right", content: problem },
        410: { description: "The link has expired or has been used", content: problem },
        422: {
          description: "The password does not meet the policy, or the second factor is missing",
          content: problem,
        },
        429: { description: "Too many wrong codes", content: problem },
      },
    }),
    jsonBody(CompleteSchema),
    async (c) => {
      const body = c.req.valid("json");
      const { db, clock } = c.get("deps");
      const reset = await liveReset(c, body.token);
      if (!reset) throw new ProblemError("reset-link-unusable", 410, UNUSABLE);
      const policy = passwordProblem(body.password, reset.email);
      if (policy) throw validationProblem([{ field: "password", message: policy }]);
      const account = { id: reset.userId, role: reset.role };
      if ((await factorsOf(db, reset.userId)).any) {
        if (!body.code && !body.recoveryCode) {
          throw validationProblem([
            { field: "code", message: "Enter the code from your authenticator app, or one of your recovery codes" },
          ]);
        }
        await proveWithCode(c, account, body.code ? { code: body.code } : { recoveryCode: body.recoveryCode });
      }
      const passwordHash = await hashPassword(body.password);
      const now = clock.now().toISOString();
      const done = await db.transaction(
        async (tx) => {
          // Used once: only the request that marks it used goes on.
          const used = await tx
            .update(passwordResets)
            .set({ usedAt: now })
            .where(and(eq(passwordResets.tokenHash, hashToken(body.token)), isNull(passwordResets.usedAt)))
            .returning({ userId: passwordResets.userId });
          if (used.length !== 1) return false;
          await tx.update(users).set({ passwordHash, mustChangePassword: false }).where(eq(users.id, reset.userId));
          await tx
            .update(sessions)
            .set({ endedAt: now })
            .where(and(eq(sessions.userId, reset.userId), isNull(sessions.endedAt)));
          await tx.insert(auditEvents).values(
            auditRow(c, {
              action: "password-reset",
              outcome: "success",
              recordType: "user",
              recordId: reset.userId,
              actorId: reset.userId,
              actorRole: reset.role,
            }),
          );
          return true;
        },
        { behavior: "immediate" },
      );
      if (!done) throw new ProblemError("reset-link-unusable", 410, UNUSABLE);
      c.header("Cache-Control", "no-store");
      return c.body(null, 204);
    },
  );
