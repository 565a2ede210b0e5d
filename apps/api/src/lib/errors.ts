// Errors, as they may be written to logs and problem documents: never with personal data. Domain
// errors carry dates of birth and other facts in their messages; a failed query carries its
// parameters (names, addresses, emails); valibot messages echo the value received. Here each is
// reduced to what an operator needs: the kind of error, record ids, field paths, codes.
import { EligibilityInputError, ProtocolError, WaitingListError, type WaitingListProblem } from "@openportage/domain";

/** Why a waiting-list entry could not be ranked, as a code (the domain's message holds the dates). */
export type SetAsideReason =
  | "referred-before-birth"
  | "accepted-before-referral"
  | "accepted-after-today"
  | "duplicate-entry"
  | "bad-date"
  | "cannot-rank";

/** The reason code for one of the domain's waiting-list problems. */
export function setAsideReason(problem: WaitingListProblem): SetAsideReason {
  const m = problem.message;
  if (/before the child was born/.test(m)) return "referred-before-birth";
  if (/before the referral was made/.test(m)) return "accepted-before-referral";
  if (/after the ranking date/.test(m)) return "accepted-after-today";
  if (/more than one entry/.test(m)) return "duplicate-entry";
  if (/not a date|not a real date|YYYY-MM-DD/i.test(m)) return "bad-date";
  return "cannot-rank";
}

const DATE = /\b\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?\b/g;
const EMAIL = /[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+/g;
const POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/gi;
const DIGITS = /\d[\d ]{5,}\d/g;
const QUOTED = /"[^"\n]{1,200}"|'[^'\n]{1,200}'/g;

/**
 * A message with anything that may be personal data taken out: dates, email addresses,
 * postcodes, phone-like digit runs and quoted values (valibot quotes what it received), cut to a
 * line of at most 200 characters. A last resort for errors of no known kind.
 */
export function scrub(message: string): string {
  const firstLine = message.split("\n")[0] ?? "";
  return firstLine
    .replace(QUOTED, "[value]")
    .replace(EMAIL, "[email]")
    .replace(DATE, "[date]")
    .replace(POSTCODE, "[postcode]")
    .replace(DIGITS, "[number]")
    .slice(0, 200);
}

function causeCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown; rawCode?: unknown } } | null)?.cause;
  return typeof cause?.code === "string" ? cause.code : undefined;
}

/** The fields to log for an error: its kind and what identifies it, never the data. */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof WaitingListError) {
    return {
      error: error.name,
      problems: error.problems.length,
      referralIds: error.problems.slice(0, 20).map((p) => p.id),
      reasons: [...new Set(error.problems.map(setAsideReason))],
    };
  }
  if (error instanceof EligibilityInputError) {
    return { error: error.name, paths: error.problems.slice(0, 20).map((p) => p.path) };
  }
  // The council's protocol file is configuration, not personal data: its problems are shown whole.
  if (error instanceof ProtocolError) return { error: error.name, message: error.message.slice(0, 2000) };
  if (error instanceof Error) {
    // drizzle's DrizzleQueryError: "Failed query: <sql>\nparams: <values>". The SQL is ours and
    // parameterised; the values are the family's.
    const query = (error as { query?: unknown }).query;
    if (typeof query === "string") {
      return { error: error.name, query: query.slice(0, 500), code: causeCode(error) };
    }
    const code = (error as { code?: unknown }).code;
    return {
      error: error.name,
      message: scrub(error.message),
      ...(typeof code === "string" ? { code } : {}),
      ...(causeCode(error) ? { cause: causeCode(error) } : {}),
    };
  }
  return { error: typeof error };
}

/**
 * The database cannot be used just now: a libSQL server that does not answer, refuses the
 * connection or the token, or dropped the stream. Its message is written for an operator and
 * holds no secret (the URL is shown without its token) and no personal data.
 */
export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
}

/** One line for an operator's terminal (the CLI, start-up failures): the described error. */
export function errorLine(error: unknown): string {
  if (error instanceof DatabaseUnavailableError) return error.message;
  const d = describeError(error);
  const rest = Object.entries(d)
    .filter(([key, value]) => key !== "error" && key !== "message" && value !== undefined)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join(",") : String(value)}`);
  return [`${String(d.error)}${d.message ? `: ${String(d.message)}` : ""}`, ...rest].join(" ");
}
