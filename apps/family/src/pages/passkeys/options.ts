// The options to add a passkey for the signed-in family member (signed in with a code, say).
import type { APIRoute } from "astro";
import { optionsFor } from "../../lib/passkey-proxy.ts";

export const POST: APIRoute = ({ locals }) => optionsFor(locals.api, "/api/family/passkeys/options");
