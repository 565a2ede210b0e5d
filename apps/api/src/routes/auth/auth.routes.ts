// Staff sign-in and sign-out. Failed attempts are throttled per account and per address and
// every attempt is audited; a successful sign-in always starts a new session (no fixation).
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { getCookie } from "hono/cookie";
import { describeRoute, resolver } from "hono-openapi";
import * as v from "valibot";
import { users } from "../../db/schema.js";
import { audit } from "../../lib/audit.js";
import { jsonBody } from "../../lib/http.js";
import { verifyNothing, verifyPassword } from "../../lib/passwords.js";
import { ProblemError } from "../../lib/problem.js";
import { allow, endSession, hashToken, SESSION_COOKIE, sessionCookie, staff, startSession } from "../../lib/session.js";
import type { AppEnv } from "../../lib/types.js";
import { ROLES } from "../../lib/types.js";
import { ProblemSchema } from "../openapi-schemas.js";

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

export const authRoutes = new Hono<AppEnv>()
  .post(
    "/auth/sign-in",
    describeRoute({
      tags: ["Staff sign-in"],
      summary: "Sign in",
      description:
        "Sets the `__Host-openportage-session` cookie. Failed attempts are throttled per account and per address.",
      requestBody: { content: { "application/json": { schema: resolver(SignInSchema) } } },
      responses: {
        200: { description: "Signed in", content: { "application/json": { schema: resolver(SessionSchema) } } },
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
      const { db, clock, config } = c.get("deps");
      const limits = c.get("limits");
      const now = clock.now().getTime();
      const address = c.get("address");
      if (limits.signInByAccount.count(email, now) >= 10 || limits.signInByAddress.count(address, now) >= 50) {
        await audit(c, { action: "sign-in-failed", outcome: "denied", reason: "throttled", recordType: "session" });
        throw new ProblemError(
          "sign-in-throttled",
          429,
          "Too many failed attempts: wait 15 minutes and try again",
          {},
          { "Retry-After": "900" },
        );
      }
      const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
      let ok = false;
      if (user) ok = await verifyPassword(user.passwordHash, password);
      else await verifyNothing(password);
      if (!user || !ok || user.disabledAt) {
        limits.signInByAccount.hit(email, now);
        limits.signInByAddress.hit(address, now);
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
      // End a session the browser already holds: a new id at every sign-in.
      const old = getCookie(c, SESSION_COOKIE);
      if (old) await endSession(db, hashToken(old), clock.now());
      const session = await startSession(db, user.id, clock.now(), config.SESSION_ABSOLUTE_HOURS);
      limits.signInByAccount.reset(email);
      await audit(c, {
        action: "sign-in",
        outcome: "success",
        recordType: "user",
        recordId: user.id,
        actorId: user.id,
        actorRole: user.role,
      });
      c.header("Set-Cookie", sessionCookie(session.token, config.SESSION_ABSOLUTE_HOURS * 3600));
      c.header("Cache-Control", "no-store");
      return c.json({
        user: { id: user.id, name: user.name, email: user.email, role: user.role },
        expiresAt: session.expiresAt,
      });
    },
  )
  .post(
    "/auth/sign-out",
    describeRoute({ tags: ["Staff sign-in"], summary: "Sign out", responses: { 204: { description: "Signed out" } } }),
    allow(...ROLES),
    async (c) => {
      const user = staff(c);
      const { db, clock } = c.get("deps");
      await endSession(db, user.sessionHash, clock.now());
      await audit(c, { action: "sign-out", outcome: "success", recordType: "user", recordId: user.id });
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
  );
