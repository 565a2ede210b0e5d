// The signed-in member of staff, as the API describes them, and the calls that start and end a session.
import type { Api, ApiResult } from "./api.ts";
import type { Role } from "./navigation.ts";

/** The member of staff behind a session. */
export interface StaffUser {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly role: Role;
}

/** Reads `{ user }` or a bare user from the API's session answer. */
export function userFrom(data: unknown): StaffUser | null {
  if (typeof data !== "object" || data === null) return null;
  const candidate = ("user" in data ? (data as { user: unknown }).user : data) as Partial<StaffUser> | null;
  if (!candidate || typeof candidate.id !== "string" || typeof candidate.role !== "string") return null;
  if (!["home-visitor", "coordinator", "administrator"].includes(candidate.role)) return null;
  return {
    id: candidate.id,
    name: typeof candidate.name === "string" ? candidate.name : "",
    email: typeof candidate.email === "string" ? candidate.email : "",
    role: candidate.role,
  };
}

/** Who is signed in, as the API sees the forwarded session cookie. */
export async function currentUser(api: Api): Promise<ApiResult<StaffUser | null>> {
  const result = await api.get<unknown>("/api/auth/session");
  if (!result.ok) return result;
  return { ...result, data: userFrom(result.data) };
}

/**
 * Who is signed in, for a page's frame: as the middleware found them; else as the API said on the
 * page's own calls (pages the middleware lets identify by their first call, in the same process);
 * else asked of the session route now. Undefined when nobody is.
 */
export async function staffOf(
  locals: Pick<App.Locals, "api" | "user" | "identifiedByFirstCall">,
): Promise<StaffUser | undefined> {
  const known = locals.user as StaffUser | undefined;
  if (known || !locals.identifiedByFirstCall) return known;
  const said = userFrom(locals.api.staffSaid());
  if (said) return said;
  const me = await currentUser(locals.api);
  return me.ok && me.data ? me.data : undefined;
}

/** Signs in; the API's Set-Cookie is in the result for the browser. */
export function signIn(api: Api, email: string, password: string): Promise<ApiResult<unknown>> {
  return api.post("/api/auth/sign-in", { email, password });
}

/** Ends the session on the server; the API's Set-Cookie clears the browser's cookie. */
export function signOut(api: Api): Promise<ApiResult<unknown>> {
  return api.post("/api/auth/sign-out");
}

/** Whether a Cookie header carries what looks like a session (so a 401 means it ended). */
export function hasSessionCookie(cookie: string | null): boolean {
  return cookie !== null && /(^|;\s*)(__Host-)?[\w-]*session[\w-]*=/i.test(cookie);
}
