// What a page does when the API refuses to show it something: sign in again when the session
// ended (and come back), "not found" for a record the member of staff may not see, "no
// permission" for a section their role cannot use, "unavailable" when the API is down.
import type { AstroGlobal } from "astro";
import { type FieldRef, type FormErrors, formErrors, type Problem } from "./problem.ts";
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

/** Which refusals leave a form page for their own page, or which alone are shown on the form. */
export interface RefusalOptions {
  /** Statuses that leave the form for their refusal page (default 401, 403 and 404). */
  readonly leaveOn?: readonly number[];
  /** Only these statuses are shown on the form, every other leaves it (a search: 422 only). */
  readonly showOnly?: readonly number[];
}

/**
 * A refusal on a form page, in one place for every form: one that leaves nothing to show (the
 * session ended, the record is gone or not theirs to see) goes to its refusal page; any other is
 * shown on the form, the page answering with the API's status (503 when the API could not be
 * reached), the API's reasons becoming the error summary and each field's message
 * (`fieldIds` maps the API's paths to the inputs, as for `formErrors`).
 *
 * @example
 * const shown = await formRefusal(Astro, saved, { name: { id: "name", label: "Full name" } });
 * if (shown instanceof Response) return shown;
 * ({ summary, fields } = shown);
 */
export async function formRefusal(
  Astro: AstroGlobal,
  refused: Refused,
  fieldIds: Readonly<Record<string, FieldRef>> = {},
  options: RefusalOptions = {},
): Promise<FormErrors | Response> {
  const leave = options.showOnly
    ? !options.showOnly.includes(refused.status)
    : (options.leaveOn ?? [401, 403, 404]).includes(refused.status);
  if (leave) return refusalPage(Astro, refused);
  Astro.response.status = refused.status === 0 ? 503 : refused.status;
  return formErrors(refused.problem, fieldIds);
}
