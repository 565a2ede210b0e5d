// One error shape for every error: RFC 9457 problem details, with the field path for each
// validation error. Never a stack trace.
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** One field's problem in a validation error. */
export interface FieldProblem {
  /** The field's dotted path in the body or query (`childDateOfBirth`, `items.2.name`). */
  readonly field: string;
  /** The same as a JSON Pointer (RFC 6901), for tools that want one. */
  readonly pointer: string;
  readonly message: string;
}

/** A problem document. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly errors?: readonly FieldProblem[];
  readonly [extension: string]: unknown;
}

/** The problem types this API uses; documented in docs/api.md. */
export const PROBLEM_TYPES = {
  validation: "Your request has problems",
  "malformed-body": "The request body could not be read",
  "unsupported-media-type": "That content type is not accepted here",
  "body-too-large": "The request body is too large",
  "not-signed-in": "Sign in to continue",
  forbidden: "You do not have access to this",
  "not-found": "Not found",
  "method-not-allowed": "Method not allowed",
  "bad-origin": "The request did not come from an allowed origin",
  "rate-limited": "Too many requests",
  "sign-in-failed": "The email address or password is not right",
  "sign-in-throttled": "Too many failed sign-in attempts",
  "sign-in-step": "Sign in again to continue",
  "second-factor-failed": "That code did not work",
  "reset-link-unusable": "This link to reset a password cannot be used",
  "family-sign-in-failed": "That did not sign you in",
  "invitation-unusable": "This invitation link cannot be used",
  "idempotency-key-reused": "This idempotency key was used for a different request",
  "no-family-route": "Families cannot refer themselves to this service",
  conflict: "The request conflicts with the current state",
  "edit-conflict": "Someone else changed this record while you were editing it",
  "server-error": "Something went wrong on our side",
  "database-unavailable": "The service cannot reach its database just now",
} as const;

/** A problem type's name. */
export type ProblemType = keyof typeof PROBLEM_TYPES;

/** The `type` URI of a problem (relative to the API: `/api/problems/<name>`). */
export function problemTypeUri(type: ProblemType): string {
  return `/api/problems/${type}`;
}

/** Thrown anywhere in a request to answer with a problem. */
export class ProblemError extends Error {
  readonly problem: Problem;
  readonly headers: Record<string, string>;
  constructor(
    type: ProblemType,
    status: ContentfulStatusCode,
    detail?: string,
    extra: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    super(detail ?? PROBLEM_TYPES[type]);
    this.problem = {
      type: problemTypeUri(type),
      title: PROBLEM_TYPES[type],
      status,
      ...(detail ? { detail } : {}),
      ...extra,
    };
    this.headers = headers;
  }
}

/** Converts a dotted path to a JSON Pointer. */
export function toPointer(path: string): string {
  if (!path) return "";
  return `/${path
    .split(".")
    .map((part) => part.replaceAll("~", "~0").replaceAll("/", "~1"))
    .join("/")}`;
}

/** A validation problem from field errors. */
export function validationProblem(
  errors: readonly { field: string; message: string }[],
  detail = "Check the fields listed in errors",
): ProblemError {
  return new ProblemError("validation", 422, detail, {
    errors: errors.map((e) => ({ field: e.field, pointer: toPointer(e.field), message: e.message })),
  });
}

/** How long a client is asked to wait when the database is out of reach (`Retry-After`, seconds). */
export const DATABASE_RETRY_AFTER_SECONDS = 30;

/**
 * The 503 for a database out of reach (ADR 0054). A change may or may not have been saved (the
 * answer can be lost after the commit): a referral sent again with its idempotency key is safe.
 */
export function databaseUnavailableProblem(): Problem {
  return new ProblemError(
    "database-unavailable",
    503,
    "The service cannot reach its database just now. Try again in a minute.",
  ).problem;
}

/** The 503 for a database out of reach, sent with `Retry-After` (`extra` adds members, as health's). */
export function sendDatabaseUnavailable(c: Context, extra: Record<string, unknown> = {}): Response {
  return sendProblem(c, { ...databaseUnavailableProblem(), ...extra } as Problem, {
    "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS),
  });
}

/** Sends a problem document. */
export function sendProblem(_c: Context, problem: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { "Content-Type": "application/problem+json", "Cache-Control": "no-store", ...headers },
  });
}
