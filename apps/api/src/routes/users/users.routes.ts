// Staff accounts, for administrators.
import { asc, eq } from "drizzle-orm";
import { Hono } from "hono";
import { describeRoute, resolver } from "hono-openapi";
import * as v from "valibot";
import { users } from "../../db/schema.js";
import { audit, auditRow } from "../../lib/audit.js";
import { IdParam, jsonBody, pathParams } from "../../lib/http.js";
import { ProblemError, validationProblem } from "../../lib/problem.js";
import { factorsOf } from "../../lib/second-factor.js";
import { allow, endUserSessions, staff } from "../../lib/session.js";
import type { AppEnv } from "../../lib/types.js";
import { ROLES } from "../../lib/types.js";
import { createUser, resetPassword, resetSecondFactor, UserError } from "../../lib/users.js";

const UserSchema = v.object({
  id: v.string(),
  email: v.string(),
  name: v.string(),
  role: v.picklist(ROLES),
  demo: v.boolean(),
  createdAt: v.string(),
  disabledAt: v.nullable(v.string()),
});

const NewUserSchema = v.strictObject({
  email: v.pipe(v.string(), v.trim(), v.email("must be an email address"), v.maxLength(254)),
  name: v.pipe(v.string(), v.trim(), v.nonEmpty("must not be empty"), v.maxLength(200)),
  role: v.picklist(ROLES, `must be one of ${ROLES.join(", ")}`),
  password: v.pipe(v.string(), v.maxLength(1024)),
});

const UserChangeSchema = v.strictObject({
  name: v.optional(v.pipe(v.string(), v.trim(), v.nonEmpty("must not be empty"), v.maxLength(200))),
  role: v.optional(v.picklist(ROLES, `must be one of ${ROLES.join(", ")}`)),
  disabled: v.optional(v.boolean()),
});

const PasswordResetSchema = v.strictObject({
  password: v.pipe(v.string(), v.maxLength(1024)),
});

const columns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  demo: users.demo,
  createdAt: users.createdAt,
  disabledAt: users.disabledAt,
};

export const userRoutes = new Hono<AppEnv>()
  .get(
    "/users",
    describeRoute({
      tags: ["Users"],
      summary: "List staff accounts",
      responses: {
        200: {
          description: "Accounts",
          content: { "application/json": { schema: resolver(v.object({ users: v.array(UserSchema) })) } },
        },
      },
    }),
    allow("administrator"),
    async (c) => {
      const rows = await c.get("deps").db.select(columns).from(users).orderBy(asc(users.name));
      await audit(c, { action: "read", outcome: "success", recordType: "user-list" });
      c.header("Cache-Control", "no-store");
      return c.json({ users: rows });
    },
  )
  .post(
    "/users",
    describeRoute({
      tags: ["Users"],
      summary: "Create a staff account",
      requestBody: { content: { "application/json": { schema: resolver(NewUserSchema) } } },
      responses: { 201: { description: "Created", content: { "application/json": { schema: resolver(UserSchema) } } } },
    }),
    allow("administrator"),
    jsonBody(NewUserSchema),
    async (c) => {
      const body = c.req.valid("json");
      const { db, clock } = c.get("deps");
      try {
        // The administrator chose the password: the first sign-in asks for a new one.
        const { id } = await createUser(db, { ...body, mustChangePassword: true }, clock.now());
        await audit(c, { action: "create", outcome: "success", recordType: "user", recordId: id });
        const [row] = await db.select(columns).from(users).where(eq(users.id, id));
        c.header("Cache-Control", "no-store");
        return c.json(row as NonNullable<typeof row>, 201);
      } catch (error) {
        if (error instanceof UserError) throw validationProblem([{ field: error.field, message: error.message }]);
        throw error;
      }
    },
  )
  .patch(
    "/users/:id",
    describeRoute({
      tags: ["Users"],
      summary: "Change or disable a staff account",
      description: "Disabling an account ends its sessions at once.",
      requestBody: { content: { "application/json": { schema: resolver(UserChangeSchema) } } },
      responses: { 200: { description: "Changed", content: { "application/json": { schema: resolver(UserSchema) } } } },
    }),
    allow("administrator"),
    pathParams(IdParam),
    jsonBody(UserChangeSchema),
    async (c) => {
      const { id } = c.req.valid("param");
      const change = c.req.valid("json");
      const { db, clock } = c.get("deps");
      const [existing] = await db.select(columns).from(users).where(eq(users.id, id));
      if (!existing) throw new ProblemError("not-found", 404, "There is no such account");
      const now = clock.now();
      await db.transaction(
        async (tx) => {
          await tx
            .update(users)
            .set({
              ...(change.name !== undefined ? { name: change.name } : {}),
              ...(change.role !== undefined ? { role: change.role } : {}),
              ...(change.disabled !== undefined ? { disabledAt: change.disabled ? now.toISOString() : null } : {}),
            })
            .where(eq(users.id, id));
        },
        { behavior: "immediate" },
      );
      if (change.disabled || change.role) await endUserSessions(db, id, now);
      await audit(c, {
        action: change.disabled ? "disable" : "change",
        outcome: "success",
        recordType: "user",
        recordId: id,
      });
      const [row] = await db.select(columns).from(users).where(eq(users.id, id));
      c.header("Cache-Control", "no-store");
      return c.json(row as NonNullable<typeof row>);
    },
  )
  .post(
    "/users/:id/password",
    describeRoute({
      tags: ["Users"],
      summary: "Reset a staff account's password",
      description:
        "Sets the password an administrator chose (the same rules as a new account: 12 to 128 characters, not a common password, not the email address) and ends every session of the account. The next sign-in asks for a new password before anything else.",
      requestBody: { content: { "application/json": { schema: resolver(PasswordResetSchema) } } },
      responses: {
        204: { description: "Reset; the account's sessions are ended" },
        404: { description: "No such account" },
        422: { description: "The password does not meet the policy" },
      },
    }),
    allow("administrator"),
    pathParams(IdParam),
    jsonBody(PasswordResetSchema),
    async (c) => {
      const { id } = c.req.valid("param");
      const { password } = c.req.valid("json");
      const { db, clock } = c.get("deps");
      try {
        const done = await resetPassword(db, id, password, clock.now(), [
          auditRow(c, { action: "reset-password", outcome: "success", recordType: "user", recordId: id }),
        ]);
        if (!done) throw new ProblemError("not-found", 404, "There is no such account");
      } catch (error) {
        if (error instanceof UserError) throw validationProblem([{ field: error.field, message: error.message }]);
        throw error;
      }
      c.header("Cache-Control", "no-store");
      return c.body(null, 204);
    },
  )
  .get(
    "/users/:id/second-factor",
    describeRoute({
      tags: ["Users"],
      summary: "Whether a staff account has a second factor",
      responses: {
        200: {
          description: "What the account has (never a secret)",
          content: {
            "application/json": {
              schema: resolver(
                v.object({ authenticatorApp: v.boolean(), passkeys: v.number(), recoveryCodesLeft: v.number() }),
              ),
            },
          },
        },
        404: { description: "No such account" },
      },
    }),
    allow("administrator"),
    pathParams(IdParam),
    async (c) => {
      const { id } = c.req.valid("param");
      const { db } = c.get("deps");
      const [row] = await db.select({ id: users.id }).from(users).where(eq(users.id, id));
      if (!row) throw new ProblemError("not-found", 404, "There is no such account");
      const factors = await factorsOf(db, id);
      await audit(c, { action: "read", outcome: "success", recordType: "user", recordId: id, reason: "second-factor" });
      c.header("Cache-Control", "no-store");
      return c.json({
        authenticatorApp: factors.authenticatorApp !== null,
        passkeys: factors.passkeys.length,
        recoveryCodesLeft: factors.recoveryCodesLeft,
      });
    },
  )
  .post(
    "/users/:id/second-factor/reset",
    describeRoute({
      tags: ["Users"],
      summary: "Reset a staff account's second factor",
      description:
        "Removes the account's authenticator app, passkeys and recovery codes and ends every session of the account, audited. For someone who lost their phone: their next sign-in asks them to set up a second factor again (in production mode). An administrator cannot reset their own: another administrator must.",
      responses: {
        204: { description: "Reset; the account's sessions are ended" },
        403: { description: "It is the administrator's own account" },
        404: { description: "No such account" },
      },
    }),
    allow("administrator"),
    pathParams(IdParam),
    async (c) => {
      const { id } = c.req.valid("param");
      const me = staff(c);
      if (id === me.id) {
        await audit(c, {
          action: "reset-second-factor",
          outcome: "denied",
          recordType: "user",
          recordId: id,
          reason: "own-account",
        });
        throw new ProblemError("forbidden", 403, "You cannot reset your own second factor: ask another administrator");
      }
      const { db, clock } = c.get("deps");
      const done = await resetSecondFactor(db, id, clock.now(), [
        auditRow(c, { action: "reset-second-factor", outcome: "success", recordType: "user", recordId: id }),
      ]);
      if (!done) throw new ProblemError("not-found", 404, "There is no such account");
      c.header("Cache-Control", "no-store");
      return c.body(null, 204);
    },
  );
