// Where to send a family member after they sign in: only a path inside the family app, never
// another site (an open redirect would let a phishing link borrow the council's sign-in page).

/** The family app's base path, as configured in astro.config.ts. */
export const BASE = "/family";

/** The family app's home page. */
export const HOME = `${BASE}/`;

/** Paths that must never be returned to after signing in (they start or end a session). */
const NOT_AFTER_SIGN_IN = ["/sign-in", "/sign-out", "/invitation", "/demo-mail"];

/**
 * `value` when it is a relative path inside the family app (with its query string, without any
 * fragment), otherwise the home page. Rejects absolute and protocol-relative URLs, backslashes,
 * control characters, paths outside `/family`, the sign-in, sign-out and invitation pages, and
 * paths that climb out with `..`.
 */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2000) return HOME;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse.
  if (!value.startsWith("/") || value.startsWith("//") || /[\\\u0000-\u001f\u007f]/.test(value)) return HOME;
  let url: URL;
  try {
    url = new URL(value, "http://family.invalid");
  } catch {
    return HOME;
  }
  if (url.origin !== "http://family.invalid") return HOME;
  const path = url.pathname;
  if (path !== BASE && !path.startsWith(`${BASE}/`)) return HOME;
  if (NOT_AFTER_SIGN_IN.some((p) => path === `${BASE}${p}` || path.startsWith(`${BASE}${p}/`))) return HOME;
  return `${path}${url.search}`;
}

/** Why the sign-in page is shown: the session ended, or the family member signed out. */
export type SignInReason = "expired" | "signed-out";

/** The sign-in page's address that brings the family member back to `returnTo` afterwards. */
export function signInPath(returnTo: string, reason?: SignInReason): string {
  const params = new URLSearchParams();
  const back = safeReturnPath(returnTo);
  if (back !== HOME) params.set("returnTo", back);
  if (reason) params.set("reason", reason);
  const query = params.toString();
  return `${BASE}/sign-in${query ? `?${query}` : ""}`;
}

/** A path inside the family app from its parts, each part escaped (`childPath(id, "practice")`). */
export function familyPath(...parts: readonly string[]): string {
  return `${BASE}/${parts.map((part) => encodeURIComponent(part)).join("/")}`;
}

/** The path of a child's page in the family app. */
export function childPath(childId: string, ...parts: readonly string[]): string {
  return familyPath("children", childId, ...parts);
}
