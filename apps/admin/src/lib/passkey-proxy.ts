// The admin app's passkey endpoints, between the browser's one script (src/scripts/passkey.ts) and
// the API: ask the API for the options (`{ challengeId, options }`), and send the browser's answer
// back with the challenge's id. The API's session cookie comes back to the browser as the API set
// it; the script is told only where to go next, or why it did not work (a `reason`).
import type { Api, ApiResult } from "./api.ts";

/** The most a browser's passkey answer may weigh here (the API's own limit is smaller). */
export const MAX_PASSKEY_BODY = 32 * 1024;

/** Why a passkey step did not work, for the script's words. */
export function failureReason(result: { status: number }): "expired" | "unreachable" | "refused" | "throttled" {
  if (result.status === 401 && "problem" in result) {
    const type = (result as { problem: { type?: string } }).problem.type ?? "";
    if (type.endsWith("/sign-in-step") || type.endsWith("/not-signed-in")) return "expired";
  }
  if (result.status === 429) return "throttled";
  if (result.status === 0 || result.status >= 500) return "unreachable";
  return "refused";
}

function json(status: number, body: unknown, setCookie: readonly string[] = []): Response {
  const headers = new Headers({ "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" });
  for (const cookie of setCookie) headers.append("Set-Cookie", cookie);
  return new Response(JSON.stringify(body), { status, headers });
}

/** The browser's answer, when it is one: the challenge's id and the credential's JSON. */
export function passkeyAnswer(text: string): { challengeId: string; response: unknown } | null {
  if (text.length > MAX_PASSKEY_BODY) return null;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof body !== "object" || body === null) return null;
  const { challengeId, response } = body as Record<string, unknown>;
  if (typeof challengeId !== "string" || typeof response !== "object" || response === null) return null;
  return { challengeId, response };
}

/** `POST` options from the API at `path`, for the script. */
export async function optionsFor(api: Api, path: string): Promise<Response> {
  const result: ApiResult<{ challengeId?: unknown; options?: unknown }> = await api.post(path, {});
  if (!result.ok) return json(result.status === 0 ? 503 : result.status, { reason: failureReason(result) });
  return json(200, { challengeId: result.data.challengeId, options: result.data.options });
}

/**
 * Sends the browser's answer to the API at `path`; on success tells the script to go to
 * `location(answer)` (a path inside the admin app) with the API's cookie set.
 */
export async function verifyWith(
  request: Request,
  api: Api,
  path: string,
  location: (data: unknown) => string,
): Promise<Response> {
  const answer = passkeyAnswer(await request.text());
  if (!answer) return json(400, { reason: "refused" });
  const result = await api.post<unknown>(path, answer);
  if (!result.ok) return json(result.status === 0 ? 503 : result.status, { reason: failureReason(result) });
  return json(200, { location: location(result.data) }, result.setCookie);
}
