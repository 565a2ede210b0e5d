// What a page does when the API refuses to show it something: sign in again when the session
// ended (and come back), "not found" for a record the member of staff may not see, "no
// permission" for a section their role cannot use, "unavailable" when the API is down.
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
  if (refused.status === 404) return Astro.rewrite(`${BASE}/404`);
  if (refused.status === 403) return Astro.rewrite(`${BASE}/no-permission`);
  return Astro.rewrite(`${BASE}/service-unavailable`);
}

/** A post/redirect/get answer: back to `path` (with a `done` note for the success banner). */
export function seeOther(path: string, done?: string): Response {
  const location = done ? `${path}${path.includes("?") ? "&" : "?"}done=${encodeURIComponent(done)}` : path;
  return new Response(null, { status: 303, headers: { Location: location } });
}

/** "Page not found" for a part of a record that is not there (a goal not in the plan, say). */
export function notFound(Astro: AstroGlobal): Promise<Response> {
  return Astro.rewrite(`${BASE}/404`);
}
