// The options for signing in with a passkey (a discoverable credential: no email address needed).
import type { APIRoute } from "astro";
import { optionsFor } from "../../lib/passkey-proxy.ts";

export const POST: APIRoute = ({ locals }) => optionsFor(locals.api, "/api/family/sign-in/passkey-options");
