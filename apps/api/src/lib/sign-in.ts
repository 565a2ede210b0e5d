// Staff sign-in as a short state machine (docs/adr/0046-staff-second-factor.md): the password,
// then the second factor when the account has one, then a new password when an administrator
// set the last one, then (production mode, no factor yet) enrolment. Each step ends the session
// before it and starts a new one (a new id at every step: no fixation); until the last step the
// session is pending and no staff route lets it in.
import { eq } from "drizzle-orm";
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import type { Database } from "../db/client.js";
import { users } from "../db/schema.js";
import { audit } from "./audit.js";
import { ProblemError } from "./problem.js";
import { enrolmentRequired, factorsOf, methodsOf, useRecoveryCode, useTotpCode } from "./second-factor.js";
import {
  coarseDevice,
  endSession,
  hashToken,
  PENDING_MINUTES,
  type PendingStep,
  SESSION_COOKIE,
  sessionCookie,
  startSession,
} from "./session.js";
import type { AppEnv, Role } from "./types.js";

const ORDER: readonly ("password" | PendingStep)[] = ["password", "second-factor", "new-password", "enrol"];

/** The account facts the next step depends on. */
interface Account {
  id: string;
  name: string;
  email: string;
  role: Role;
  mustChangePassword: boolean;
}

/** Reads an account's sign-in facts. */
export async function accountFor(db: Database, id: string): Promise<Account | undefined> {
  const [row] = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      mustChangePassword: users.mustChangePassword,
    })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  return row;
}

/** The step after `done` that this account still needs, or null when it is signed in. */
export async function nextStep(
  c: Context<AppEnv>,
  account: Account,
  done: "password" | PendingStep,
): Promise<PendingStep | null> {
  const { db } = c.get("deps");
  const factors = await factorsOf(db, account.id);
  const needs: Record<PendingStep, boolean> = {
    "second-factor": factors.any,
    "new-password": account.mustChangePassword,
    enrol: !factors.any && enrolmentRequired(c),
  };
  for (const step of ORDER.slice(ORDER.indexOf(done) + 1) as PendingStep[]) if (needs[step]) return step;
  return null;
}

/** What a sign-in step answers: signed in (with who), or the step that comes next. */
export type SignInAnswer =
  | {
      stage: "signed-in";
      user: { id: string; name: string; email: string; role: Role };
      expiresAt: string;
      /** No second factor yet (demo mode, where enrolment is offered and not required). */
      secondFactorOffered: boolean;
    }
  | { stage: PendingStep; expiresAt: string; methods: string[] };

/**
 * Moves a sign-in on from `done`: ends the session the browser holds (pending or not), starts the
 * next one and sets its cookie, audits the step, and says what comes next.
 */
export async function advance(
  c: Context<AppEnv>,
  account: Account,
  done: "password" | PendingStep,
): Promise<SignInAnswer> {
  const { db, clock, config } = c.get("deps");
  const now = clock.now();
  const step = await nextStep(c, account, done);
  const old = getCookie(c, SESSION_COOKIE);
  if (old) await endSession(db, hashToken(old), now);
  const session = await startSession(db, account.id, now, config.SESSION_ABSOLUTE_HOURS, {
    pendingStep: step,
    device: coarseDevice(c.req.header("user-agent")),
  });
  const maxAge = step ? PENDING_MINUTES * 60 : config.SESSION_ABSOLUTE_HOURS * 3600;
  c.header("Set-Cookie", sessionCookie(session.token, maxAge));
  c.header("Cache-Control", "no-store");
  await audit(c, {
    action: step ? "sign-in-step" : "sign-in",
    outcome: "success",
    recordType: "user",
    recordId: account.id,
    reason: step ? `${done}-then-${step}` : `after-${done}`,
    actorId: account.id,
    actorRole: account.role,
  });
  if (step) {
    const methods = step === "second-factor" ? await methodsOf(db, account.id) : [];
    return { stage: step, expiresAt: session.expiresAt, methods };
  }
  const factors = await factorsOf(db, account.id);
  return {
    stage: "signed-in",
    user: { id: account.id, name: account.name, email: account.email, role: account.role },
    expiresAt: session.expiresAt,
    secondFactorOffered: !factors.any,
  };
}

/** The 429 for too many wrong passwords or codes. */
export function throttledProblem(): ProblemError {
  return new ProblemError(
    "sign-in-throttled",
    429,
    "Too many failed attempts: wait 15 minutes and try again",
    {},
    { "Retry-After": "900" },
  );
}

/** How a member of staff proves their second factor outside a passkey: an app's code, or a recovery code. */
export interface CodeProof {
  readonly code?: string | undefined;
  readonly recoveryCode?: string | undefined;
}

const WRONG = {
  code: "Enter the 6-digit code your authenticator app shows now",
  recoveryCode: "Enter one of your recovery codes that you have not used",
} as const;

/**
 * Checks an authenticator app's code or a recovery code for an account, throttled like passwords
 * (10 wrong in 15 minutes, then 429). A wrong one is 401 naming its field, audited.
 */
export async function proveWithCode(
  c: Context<AppEnv>,
  account: { id: string; role: Role },
  proof: CodeProof,
): Promise<"authenticator-app" | "recovery-code"> {
  const { db, clock } = c.get("deps");
  const limits = c.get("limits");
  const now = clock.now();
  const field = proof.code !== undefined ? "code" : "recoveryCode";
  if (await limits.secondFactorByAccount.reached(account.id, now.getTime())) {
    await audit(c, {
      action: "second-factor-failed",
      outcome: "denied",
      recordType: "user",
      recordId: account.id,
      reason: "throttled",
      actorId: account.id,
      actorRole: account.role,
    });
    throw throttledProblem();
  }
  const ok =
    proof.code !== undefined
      ? await useTotpCode(db, account.id, proof.code, now)
      : proof.recoveryCode !== undefined
        ? await useRecoveryCode(db, account.id, proof.recoveryCode, now)
        : false;
  if (!ok) {
    await limits.secondFactorByAccount.hit(account.id, now.getTime());
    await audit(c, {
      action: "second-factor-failed",
      outcome: "failure",
      recordType: "user",
      recordId: account.id,
      reason: field === "code" ? "bad-code" : "bad-recovery-code",
      actorId: account.id,
      actorRole: account.role,
    });
    throw new ProblemError("second-factor-failed", 401, WRONG[field], {
      errors: [{ field, pointer: `/${field}`, message: WRONG[field] }],
    });
  }
  await limits.secondFactorByAccount.reset(account.id);
  return field === "code" ? "authenticator-app" : "recovery-code";
}
