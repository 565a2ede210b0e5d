// What a page does when the API refuses to show it something: sign in again when the session
// ended (and come back), "Page not found" for what the family member may not see (the API answers
// 404 for a child they were not invited for, or a part a helper may not see), and "Sorry, the
// service is unavailable" when the API is down.
import type { AstroGlobal } from "astro";
import type { Problem } from "./problem.ts";
import { BASE, signInPath } from "./return-path.ts";

/** A refused API call. */
export interface Refused {
  readonly ok: false;
  readonly status: number;
  readonly problem: Problem;
}

/** The page for a refusal that leaves nothing to show. */
export function refusalPage(Astro: AstroGlobal, refused: Refused): Response | Promise<Response> {
  if (refused.status === 401) {
    return Astro.redirect(signInPath(`${Astro.url.pathname}${Astro.url.search}`, "expired"), 303);
  }
  if (refused.status === 404 || refused.status === 403) return Astro.rewrite(`${BASE}/404`);
  return Astro.rewrite(`${BASE}/service-unavailable`);
}

/** A post/redirect/get answer: to `path`, with a `done` note for the success banner. */
export function seeOther(path: string, done?: string, setCookie: readonly string[] = []): Response {
  const location = done ? `${path}${path.includes("?") ? "&" : "?"}done=${encodeURIComponent(done)}` : path;
  const headers = new Headers({ Location: location });
  for (const cookie of setCookie) headers.append("Set-Cookie", cookie);
  return new Response(null, { status: 303, headers });
}

/** "Page not found" for a part of a record that is not there (a day outside the last week, say). */
export function notFound(Astro: AstroGlobal): Promise<Response> {
  return Astro.rewrite(`${BASE}/404`);
}
