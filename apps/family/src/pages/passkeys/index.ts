// The new passkey for the signed-in family member; the script then goes back to the page it was
// on (a safe path inside the family app only), with a banner.
import type { APIRoute } from "astro";
import { verifyWith } from "../../lib/passkey-proxy.ts";
import { safeReturnPath } from "../../lib/return-path.ts";

export const POST: APIRoute = ({ request, locals }) =>
  verifyWith(request, locals.api, "/api/family/passkeys", safeReturnPath);
