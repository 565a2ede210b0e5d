// Creating, disabling and resetting the passwords and second factors of staff accounts, shared by the API and the operations CLI.
import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { auditEvents, sessions, users } from "../db/schema.js";
import type { AuditRow } from "./audit.js";
import { newId } from "./ids.js";
import { hashPassword, passwordProblem } from "./passwords.js";
import { removeFactors } from "./second-factor.js";
import { endUserSessions } from "./session.js";
import type { Role } from "./types.js";

/** Thrown when an account cannot be created as asked. */
export class UserError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "UserError";
  }
}

/**
 * Creates a staff account. The password must pass the policy; the email must be new. With
 * `mustChangePassword` (an administrator chose the password) the first sign-in asks for a new one.
 */
export async function createUser(
  db: Database,
  input: { email: string; name: string; role: Role; password: string; demo?: boolean; mustChangePassword?: boolean },
  now: Date,
): Promise<{ id: string }> {
  const email = input.email.trim().toLowerCase();
  const problem = passwordProblem(input.password, email);
  if (problem) throw new UserError("password", problem);
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
  if (existing) throw new UserError("email", "An account with this email address already exists");
  const id = newId();
  await db.insert(users).values({
    id,
    email,
    name: input.name.trim(),
    role: input.role,
    passwordHash: await hashPassword(input.password),
    demo: input.demo ?? false,
    mustChangePassword: input.mustChangePassword ?? false,
    createdAt: now.toISOString(),
  });
  return { id };
}

/**
 * Sets a new password chosen by an administrator (the same policy as a new account) and ends
 * every session of the account, in one transaction with `auditRows`; the next sign-in asks for a
 * new password first. Returns false when there is no such account.
 */
export async function resetPassword(
  db: Database,
  id: string,
  password: string,
  now: Date,
  auditRows: readonly AuditRow[] = [],
): Promise<boolean> {
  const [user] = await db.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, id)).limit(1);
  if (!user) return false;
  const problem = passwordProblem(password, user.email);
  if (problem) throw new UserError("password", problem);
  const passwordHash = await hashPassword(password);
  await db.transaction(
    async (tx) => {
      await tx.update(users).set({ passwordHash, mustChangePassword: true }).where(eq(users.id, id));
      await tx
        .update(sessions)
        .set({ endedAt: now.toISOString() })
        .where(and(eq(sessions.userId, id), isNull(sessions.endedAt)));
      if (auditRows.length > 0) await tx.insert(auditEvents).values([...auditRows]);
    },
    { behavior: "immediate" },
  );
  return true;
}

/**
 * An administrator's reset of another person's second factor: removes their authenticator app,
 * passkeys and recovery codes and ends every session of the account, in one transaction with
 * `auditRows`. Their next sign-in asks them to enrol again (production mode) or lets them in with
 * the password alone (demo mode). Returns false when there is no such account.
 */
export async function resetSecondFactor(
  db: Database,
  id: string,
  now: Date,
  auditRows: readonly AuditRow[] = [],
): Promise<boolean> {
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.id, id)).limit(1);
  if (!user) return false;
  await db.transaction(
    async (tx) => {
      await removeFactors(tx, id);
      await tx
        .update(sessions)
        .set({ endedAt: now.toISOString() })
        .where(and(eq(sessions.userId, id), isNull(sessions.endedAt)));
      if (auditRows.length > 0) await tx.insert(auditEvents).values([...auditRows]);
    },
    { behavior: "immediate" },
  );
  return true;
}

/** Disables an account and ends its sessions at once. Returns false when there is no such account. */
export async function disableUser(db: Database, idOrEmail: string, now: Date): Promise<boolean> {
  const key = idOrEmail.includes("@") ? eq(users.email, idOrEmail.toLowerCase()) : eq(users.id, idOrEmail);
  const [user] = await db.select({ id: users.id }).from(users).where(key).limit(1);
  if (!user) return false;
  await db.update(users).set({ disabledAt: now.toISOString() }).where(eq(users.id, user.id));
  await endUserSessions(db, user.id, now);
  return true;
}
