// A form sent after the session ended is not lost: the sign-in page carries its fields (in the
// page, never in the URL or browser storage) and, once signed in, offers to send them again to
// the page they were meant for.
import { safeReturnPath } from "./return-path.ts";

/** A form post waiting to be sent again after sign-in. */
export interface Resume {
  /** Where it was posted: a path inside the admin app. */
  readonly action: string;
  /** Its fields, in order, repeated names kept. */
  readonly fields: readonly (readonly [string, string])[];
}

/** The prefix of the sign-in form's hidden fields that carry the waiting form's fields. */
export const RESUME_PREFIX = "resume:";
/** The sign-in form's hidden field that carries the waiting form's action. */
export const RESUME_ACTION = "resumeAction";

/** Most a waiting form may carry (the API's own body limit is 16 KB). */
const MAX_FIELDS = 200;
const MAX_CHARS = 32_000;

/** The text fields of a posted form, in order; anything beyond the limits is dropped. */
export async function formEntries(request: Request): Promise<[string, string][]> {
  let data: FormData;
  try {
    data = await request.formData();
  } catch {
    return [];
  }
  const entries: [string, string][] = [];
  let chars = 0;
  for (const [name, value] of data.entries()) {
    if (typeof value !== "string") continue;
    chars += name.length + value.length;
    if (entries.length >= MAX_FIELDS || chars > MAX_CHARS) break;
    entries.push([name, value]);
  }
  return entries;
}

/**
 * The fields a waiting form may carry through the sign-in page: everything but passwords, which
 * are never written back into a page; a reset or new account asks for the password again.
 */
export function carriedFields(entries: readonly (readonly [string, string])[]): [string, string][] {
  return entries.filter(([name]) => !/password/i.test(name)).map(([name, value]) => [name, value]);
}

/** The waiting form carried in the sign-in form's own fields, if any (with a safe action). */
export function resumeFrom(entries: readonly (readonly [string, string])[]): Resume | undefined {
  const action = entries.find(([name]) => name === RESUME_ACTION)?.[1];
  if (!action) return undefined;
  const safe = safeReturnPath(action);
  if (safe !== action) return undefined;
  const fields = entries
    .filter(([name]) => name.startsWith(RESUME_PREFIX))
    .map(([name, value]) => [name.slice(RESUME_PREFIX.length), value] as const);
  return { action, fields };
}
