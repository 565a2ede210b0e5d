// Every request: an API client bound to the family member's session (the family cookie alone),
// the session checked on every page that shows the family's data (anyone not signed in goes to
// the sign-in page, then back), changes accepted only from the app's own pages, and headers that
// keep personal data out of caches, the page out of frames and invitation links out of other sites' referrers.
import { defineMiddleware } from "astro:middleware";
import { apiBaseUrl, createApi, familyCookieOf } from "./lib/api.ts";
import { isPublicPath } from "./lib/public-paths.ts";
import { BASE, signInPath } from "./lib/return-path.ts";
import { currentSession } from "./lib/session.ts";

function clientAddress(read: () => string): string | null {
  try {
    return read();
  } catch {
    return null;
  }
}

function secure(given: Response): Response {
  // A redirect made by Response.redirect has immutable headers: copy it first.
  const response = new Response(given.body, given);
  const headers = response.headers;
  headers.set("Cache-Control", "no-store");
  headers.set("X-Content-Type-Options", "nosniff");
  // An invitation link carries its token in the address: no page tells another site where it was.
  // (Not `no-referrer`: a form post would then carry `Origin: null` and fail the origin check.)
  headers.set("Referrer-Policy", "same-origin");
  headers.set("X-Frame-Options", "DENY");
  headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  headers.append(
    "Content-Security-Policy",
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'",
  );
  return response;
}

const SAFE_METHODS = new Set(["GET", "HEAD"]);

/** A browser request from the family app's own pages: its Origin, or else Sec-Fetch-Site, says so. */
function fromOwnPages(request: Request, url: URL): boolean {
  const origin = request.headers.get("origin");
  if (origin !== null) return origin === url.origin;
  return request.headers.get("sec-fetch-site") === "same-origin";
}

export const onRequest = defineMiddleware(async (context, next) => {
  const { request, url, locals } = context;
  const cookie = request.headers.get("cookie");
  const sameOrigin = fromOwnPages(request, url);
  // Every change must come from the family app's own pages (cross-site request forgery).
  if (!SAFE_METHODS.has(request.method) && !sameOrigin) {
    return secure(new Response("This form must be sent from the family app's own pages.", { status: 403 }));
  }
  locals.api = createApi({
    baseUrl: locals.apiUrl ?? apiBaseUrl(process.env),
    cookie,
    sameOrigin,
    forwardedFor: clientAddress(() => context.clientAddress),
    ...(locals.apiFetch ? { fetch: locals.apiFetch } : {}),
  });

  const path = url.pathname.replace(/\/+$/, "");
  if (isPublicPath(path)) return secure(await next());

  const me = await currentSession(locals.api);
  if (me.ok && me.data) {
    locals.session = me.data;
    return secure(await next());
  }
  if (!me.ok && me.status !== 401) return secure(await context.rewrite(`${BASE}/service-unavailable`));
  // Not signed in, or the session ended: sign in, then come back here (a GET page; a form sent
  // without a session comes back to the page it was on).
  const back = request.method === "GET" ? `${url.pathname}${url.search}` : url.pathname;
  const reason = familyCookieOf(cookie) ? "expired" : undefined;
  return secure(context.redirect(signInPath(back, reason), 303));
});
