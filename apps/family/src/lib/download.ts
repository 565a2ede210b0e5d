// Files the API makes (a report's PDF, the visits as a calendar file), streamed on to the
// browser as downloads: the API's type and file name kept, never cached (they hold personal data).
// A refusal becomes the page it would be for any other screen.
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
    if (response.status === 404 || response.status === 403) return refuse.rewrite(`${BASE}/404`);
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
