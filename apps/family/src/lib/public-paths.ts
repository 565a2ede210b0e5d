// The family app's pages that anyone may open without a session: signing in, invitations, the
// demo's mail viewer, the error pages and the built files. Every other page asks the API who is
// signed in first (src/middleware.ts).
import { BASE } from "./return-path.ts";

const PUBLIC_PREFIXES = [`${BASE}/sign-in`, `${BASE}/invitation/`, `${BASE}/demo-mail`];
const PUBLIC_PATHS = [`${BASE}/service-unavailable`, `${BASE}/404`];

/** Whether a path (without a trailing slash) is open without a session. */
export function isPublicPath(path: string): boolean {
  if (PUBLIC_PATHS.includes(path) || path.startsWith(`${BASE}/_`)) return true;
  return PUBLIC_PREFIXES.some((prefix) =>
    prefix.endsWith("/") ? path.startsWith(prefix) : path === prefix || path.startsWith(`${prefix}/`),
  );
}
