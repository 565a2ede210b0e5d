// The options for giving the second factor with a passkey (only the account's own passkeys).
import type { APIRoute } from "astro";
import { optionsFor } from "../../lib/passkey-proxy.ts";

export const POST: APIRoute = ({ locals }) => optionsFor(locals.api, "/api/auth/sign-in/passkey-options");
