// The passkey's answer: the API checks it and starts a session; the script then goes back to
// where the family member was going (a safe path inside the family app only).
import type { APIRoute } from "astro";
import { verifyWith } from "../../lib/passkey-proxy.ts";
import { safeReturnPath } from "../../lib/return-path.ts";

export const POST: APIRoute = ({ request, locals }) =>
  verifyWith(request, locals.api, "/api/family/sign-in/passkey", safeReturnPath);
