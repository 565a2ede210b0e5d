// The options to create a passkey for the person an invitation is for.
import type { APIRoute } from "astro";
import { looksLikeToken } from "../../../lib/invitation-words.ts";
import { optionsFor } from "../../../lib/passkey-proxy.ts";

export const POST: APIRoute = ({ params, locals }) => {
  const token = params.token ?? "";
  if (!looksLikeToken(token)) return Response.json({ reason: "expired" }, { status: 404 });
  return optionsFor(locals.api, `/api/family/invitations/${encodeURIComponent(token)}/passkey-options`);
};
