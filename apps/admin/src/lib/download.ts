// Files the API makes (an activity chart's PDF, the diary as a calendar file), streamed on to the
// browser as downloads: the API's type and file name kept, never cached (they hold personal data).
// A refusal becomes the page it would be for any other screen.
import { type Problem, parseProblem } from "./problem.ts";
import { BASE, signInPath } from "./return-path.ts";

/** How to answer when the API refused: the endpoint's own `rewrite` and `redirect`. */
export interface Refuse {
  /** Where the download was asked for, to come back to after signing in again. */
  readonly path: string;
  rewrite(path: string): Promise<Response> | Response;
  redirect(path: string, status: 303): Response;
}

/** The download's fallbacks when the API does not say them. */
export interface DownloadOptions {
  readonly type: string;
  readonly filename: string;
}

/** The download, or the page for a refusal (`response` undefined: the API could not be reached). */
export async function passThrough(
  response: Response | undefined,
  options: DownloadOptions,
  refuse: Refuse,
): Promise<Response> {
  if (!response) return refuse.rewrite(`${BASE}/service-unavailable`);
  if (!response.ok) {
    await response.body?.cancel();
    if (response.status === 401) return refuse.redirect(signInPath(refuse.path, "expired"), 303);
    if (response.status === 404) return refuse.rewrite(`${BASE}/404`);
    if (response.status === 403) return refuse.rewrite(`${BASE}/no-permission`);
    return refuse.rewrite(`${BASE}/service-unavailable`);
  }
  const headers = new Headers({
    "Content-Type": response.headers.get("Content-Type") ?? options.type,
    "Content-Disposition": response.headers.get("Content-Disposition") ?? `attachment; filename="${options.filename}"`,
    "Cache-Control": "no-store",
  });
  const length = response.headers.get("Content-Length");
  if (length) headers.set("Content-Length", length);
  return new Response(response.body, { status: 200, headers });
}

/**
 * A refusal the page that asked for the file can show in its error summary (a 409 or 422 with
 * the API's reasons), read from the response; undefined when there is a file to stream on, or a
 * refusal `passThrough` turns into a page of its own (signed out, not found, no permission, down).
 */
export async function refusedFile(response: Response | undefined): Promise<Problem | undefined> {
  if (!response || response.ok || response.status >= 500 || [401, 403, 404].includes(response.status)) return undefined;
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  return parseProblem(body, response.status);
}
