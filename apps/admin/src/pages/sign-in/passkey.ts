// The passkey's answer at sign-in: the API checks it and moves the sign-in on; the script then goes
// to the next step's page, or back to where the member of staff was going (a safe path only).
import type { APIRoute } from "astro";
import { verifyWith } from "../../lib/passkey-proxy.ts";
import { safeReturnPath } from "../../lib/return-path.ts";
import { stageOf, stagePath } from "../../lib/sign-in-steps.ts";

export const POST: APIRoute = ({ request, locals, url }) => {
  const returnTo = safeReturnPath(url.searchParams.get("returnTo"));
  return verifyWith(request, locals.api, "/api/auth/sign-in/passkey", (data) => stagePath(stageOf(data), returnTo));
};
