// Where to send a member of staff after they sign in: only a path inside the admin app, never
// another site (an open redirect would let a phishing link borrow the council's sign-in page).

/** The admin app's base path, as configured in astro.config.ts. */
export const BASE = "/admin";

/** The admin app's home page. */
export const HOME = `${BASE}/`;

/**
 * `value` when it is a relative path inside the admin app (with its query string, without any
 * fragment), otherwise the home page. Rejects absolute and protocol-relative URLs, backslashes,
 * control characters, paths outside `/admin`, the sign-in page itself and paths that climb out
 * with `..`.
 */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2000) return HOME;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse.
  if (!value.startsWith("/") || value.startsWith("//") || /[\\\u0000-\u001f\u007f]/.test(value)) return HOME;
  let url: URL;
  try {
    url = new URL(value, "http://admin.invalid");
  } catch {
    return HOME;
  }
  if (url.origin !== "http://admin.invalid") return HOME;
  const path = url.pathname;
  if (path !== BASE && !path.startsWith(`${BASE}/`)) return HOME;
  if (path.startsWith(`${BASE}/sign-in`) || path.startsWith(`${BASE}/sign-out`)) return HOME;
  return `${path}${url.search}`;
}

/** The sign-in page's address that brings the member of staff back to `returnTo` afterwards. */
export function signInPath(returnTo: string, reason?: "expired" | "signed-out"): string {
  const params = new URLSearchParams();
  const back = safeReturnPath(returnTo);
  if (back !== HOME) params.set("returnTo", back);
  if (reason) params.set("reason", reason);
  const query = params.toString();
  return `${BASE}/sign-in${query ? `?${query}` : ""}`;
}
