// The signed-in family member and the children they may see (`GET /api/family/session`), and the
// call that ends a session.
import type { Api, ApiResult } from "./api.ts";
import type { FamilySession } from "./records.ts";

/** One child the family member may see now, with what they may see of them. */
export type SessionChild = FamilySession["children"][number];

/** What a family member may see for a child (a carer: everything). */
export type Permission = keyof SessionChild["permissions"];

/** Whether the answer looks like a session (a member with a name and a list of children). */
export function isSession(data: unknown): data is FamilySession {
  if (typeof data !== "object" || data === null) return false;
  const { member, children } = data as Partial<FamilySession>;
  return typeof member?.name === "string" && Array.isArray(children);
}

/** Who is signed in, as the API sees the forwarded family cookie (null data: not a session). */
export async function currentSession(api: Api): Promise<ApiResult<FamilySession | null>> {
  const result = await api.get<unknown>("/api/family/session");
  if (!result.ok) return result;
  return { ...result, data: isSession(result.data) ? result.data : null };
}

/** The child in the session, when the family member may see them now. */
export function sessionChild(session: FamilySession, childId: string): SessionChild | undefined {
  return session.children.find((child) => child.childId === childId);
}

/**
 * Whether the family member may see `part` of the child now. After the case closed only the
 * reports stay (the API says so too: everything else answers 404).
 */
export function may(child: SessionChild | undefined, part: Permission): boolean {
  if (!child) return false;
  if (child.status === "ended" && part !== "reports") return false;
  return child.kind === "carer" || child.permissions[part];
}

/** Whether the family member may send messages and requests about the child (not after the case closed). */
export function mayWrite(child: SessionChild | undefined): boolean {
  return child?.status === "active";
}

/** Ends the session on the server; the API's Set-Cookie clears the browser's cookie. */
export function signOut(api: Api): Promise<ApiResult<unknown>> {
  return api.post("/api/family/sign-out");
}
