// The new passkey: the API keeps it, takes up the invitation and signs the person in; the script
// then goes to the home page with a welcome.
import type { APIRoute } from "astro";
import { looksLikeToken } from "../../../lib/invitation-words.ts";
import { verifyWith } from "../../../lib/passkey-proxy.ts";
import { HOME } from "../../../lib/return-path.ts";

export const POST: APIRoute = ({ params, request, locals }) => {
  const token = params.token ?? "";
  if (!looksLikeToken(token)) return Response.json({ reason: "expired" }, { status: 404 });
  return verifyWith(
    request,
    locals.api,
    `/api/family/invitations/${encodeURIComponent(token)}/passkey`,
    () => `${HOME}?done=passkey`,
  );
};
