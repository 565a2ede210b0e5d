// The next visits as a calendar file ("Add to your calendar"): the API writes it, this streams it
// on as a download (never cached: it holds the visits' times and places).
import type { APIRoute } from "astro";
import { passThrough } from "../../../lib/download.ts";

export const GET: APIRoute = async ({ locals, params, url, rewrite, redirect }) => {
  const response = await locals.api.raw(`/api/family/children/${encodeURIComponent(params.id ?? "")}/visits.ics`);
  return passThrough(
    response,
    { type: "text/calendar; charset=utf-8", filename: "portage-visits.ics" },
    { path: url.pathname, rewrite, redirect },
  );
};
