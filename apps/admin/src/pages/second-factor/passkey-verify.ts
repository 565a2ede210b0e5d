// The new passkey's answer: the API checks and stores it. The account's first second factor goes
// on to its recovery codes; otherwise back to "Your account" (or on with the sign-in it finished).
import type { APIRoute } from "astro";
import { verifyWith } from "../../lib/passkey-proxy.ts";
import { BASE, safeReturnPath } from "../../lib/return-path.ts";

export const POST: APIRoute = ({ request, locals, url }) => {
  const returnTo = safeReturnPath(url.searchParams.get("returnTo"));
  return verifyWith(request, locals.api, "/api/second-factor/passkeys", (data) => {
    const answer = (data ?? {}) as { recoveryCodes?: unknown; stage?: unknown };
    const finished = answer.stage === "signed-in";
    if (Array.isArray(answer.recoveryCodes)) {
      return `${BASE}/second-factor/recovery-codes?${new URLSearchParams({ first: "passkey", returnTo: finished ? returnTo : `${BASE}/account` })}`;
    }
    return finished ? returnTo : `${BASE}/account?done=passkey`;
  });
};
