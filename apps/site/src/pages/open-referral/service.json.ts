// The service's Open Referral UK record, built at build time.
import type { APIRoute } from "astro";
import { settings } from "../../config/site.ts";
import { openReferralService } from "../../lib/open-referral.ts";

export const GET: APIRoute = () =>
  new Response(
    JSON.stringify(
      openReferralService(settings.council, settings.siteUrl, settings.council.protocol.published),
      null,
      2,
    ),
    { headers: { "Content-Type": "application/json" } },
  );
