// Every request: an API client bound to the member of staff's session, the session checked
// (anyone not signed in goes to the sign-in page, then back), and headers that keep personal
// data out of caches and the page out of frames.
import { defineMiddleware } from "astro:middleware";
import { apiBaseUrl, createApi } from "./lib/api.ts";
import { keptAnswers } from "./lib/kept.ts";
import { carriedFields, formEntries } from "./lib/resume.ts";
import { BASE, safeReturnPath, signInPath } from "./lib/return-path.ts";
import { currentUser, hasSessionCookie } from "./lib/session.ts";
import { stageOf, stagePath } from "./lib/sign-in-steps.ts";

const PUBLIC_PATHS = [
  `${BASE}/sign-in`,
  `${BASE}/service-unavailable`,
  `${BASE}/forgotten-password`,
  `${BASE}/reset-password`,
];

/**
 * The sign-in's later steps (second factor, new password, setting one up): the session is not
 * signed in yet, so each page asks the API itself what step it waits for.
 */
const SIGN_IN_STEPS = `${BASE}/sign-in/`;
/** The route Astro renders for an address the app has no page for (src/pages/404.astro). */
const NOT_FOUND_ROUTE = "/404";

/** Setting up a second factor: signed in (from "Your account") or at the sign-in step that requires one. */
const SECOND_FACTOR = `${BASE}/second-factor/`;

/**
 * Pages whose first act is a call to a staff-only API route, which refuses a session that is not
 * signed in: for a GET with a session cookie they are let run first, and who is signed in is
 * learnt from that call (the API says so in the same process, lib/session.ts; else the frame asks),
 * saving a session call on the busiest pages. A call refused for the session (401) is handled as
 * any page's: the page's answer is dropped and the sign-in (or its unfinished step) follows.
 */
const IDENTIFIED_BY_FIRST_CALL = new Set([`${BASE}/waiting-list`]);

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
  headers.set("Referrer-Policy", "same-origin");
  headers.set("X-Frame-Options", "DENY");
  headers.append(
    "Content-Security-Policy",
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'",
  );
  return response;
}

const SAFE_METHODS = new Set(["GET", "HEAD"]);

/** A browser request from the admin app's own pages: its Origin, or else Sec-Fetch-Site, says so. */
function fromOwnPages(request: Request, url: URL): boolean {
  const origin = request.headers.get("origin");
  if (origin !== null) return origin === url.origin;
  return request.headers.get("sec-fetch-site") === "same-origin";
}

export const onRequest = defineMiddleware(async (context, next) => {
  const { request, url, locals } = context;
  const cookie = request.headers.get("cookie");
  const sameOrigin = fromOwnPages(request, url);
  // Every change must come from the admin app's own pages (cross-site request forgery).
  if (!SAFE_METHODS.has(request.method) && !sameOrigin) {
    return secure(new Response("This form must be sent from the admin app's own pages.", { status: 403 }));
  }
  locals.api = createApi({
    baseUrl: locals.apiUrl ?? apiBaseUrl(process.env),
    cookie,
    sameOrigin,
    forwardedFor: clientAddress(() => context.clientAddress),
    userAgent: request.headers.get("user-agent"),
    kept: keptAnswers,
    ...(locals.apiFetch ? { fetch: locals.apiFetch } : {}),
  });

  const path = url.pathname.replace(/\/+$/, "");
  if (PUBLIC_PATHS.includes(path) || path.startsWith(`${BASE}/_`) || path.startsWith(SIGN_IN_STEPS)) {
    return secure(await next());
  }

  if (request.method === "GET" && IDENTIFIED_BY_FIRST_CALL.has(path) && hasSessionCookie(cookie)) {
    locals.identifiedByFirstCall = true;
    const response = await next();
    if (!locals.api.sessionRefused()) return secure(response);
    await response.body?.cancel();
    return secure(await notSignedIn());
  }

  const me = await currentUser(locals.api);
  if (path.startsWith(SECOND_FACTOR) && !(me.ok && me.data) && (me.ok || me.status === 401)) {
    // Not signed in: the page asks the API whether a sign-in waits at enrolment (else, sign in).
    return secure(await next());
  }
  if (me.ok && me.data) {
    locals.user = me.data;
    return secure(await next());
  }
  if (!me.ok && me.status !== 401) return secure(await context.rewrite(`${BASE}/service-unavailable`));
  // An address the app has no page for: "Page not found" at once, signed in or not (it shows
  // nothing of anyone's), rather than a sign-in that ends on the same page.
  if (request.method === "GET" && context.routePattern === NOT_FOUND_ROUTE) return secure(await next());
  // A form sent after the session ended: the sign-in page keeps its fields and sends them on
  // afterwards, so nothing typed is lost (see lib/resume.ts).
  const action = `${url.pathname}${url.search}`;
  if (request.method === "POST" && path !== `${BASE}/sign-out` && safeReturnPath(action) === action) {
    locals.resume = { action, fields: carriedFields(await formEntries(request)) };
    const signIn = new URL(`${BASE}/sign-in`, url);
    return secure(await context.rewrite(new Request(signIn, { method: "GET", headers: request.headers })));
  }
  return secure(await notSignedIn());

  /** Not signed in, or the session ended (a form sent after it ended was handled above). */
  async function notSignedIn(): Promise<Response> {
    // A sign-in that stopped at a step (the second factor, say): that step's page, then back here.
    if (request.method === "GET" && hasSessionCookie(cookie)) {
      const step = await locals.api.get<unknown>("/api/auth/sign-in/step");
      if (step.ok) return context.redirect(stagePath(stageOf(step.data), `${url.pathname}${url.search}`), 303);
    }
    // Sign in, then come back here.
    const back = request.method === "GET" ? `${url.pathname}${url.search}` : request.headers.get("referer");
    let returnTo = `${BASE}/`;
    if (back) {
      try {
        const parsed = new URL(back, url);
        if (parsed.origin === url.origin) returnTo = `${parsed.pathname}${parsed.search}`;
      } catch {
        // keep the home page
      }
    }
    return context.redirect(signInPath(returnTo, hasSessionCookie(cookie) ? "expired" : undefined), 303);
  }
});
