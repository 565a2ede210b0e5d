// The options for adding a passkey to the account.
import type { APIRoute } from "astro";
import { optionsFor } from "../../lib/passkey-proxy.ts";

export const POST: APIRoute = ({ locals }) => optionsFor(locals.api, "/api/second-factor/passkey-options");
