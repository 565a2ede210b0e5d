// The diary as a calendar file: the API writes it, and this streams it on as a download with the
// same filters as the diary page (never cached: it holds visits' times and places).

import { isIsoDate } from "@openportage/domain";
import type { APIRoute } from "astro";
import { passThrough } from "../../lib/download.ts";

export const GET: APIRoute = async ({ locals, url, rewrite, redirect }) => {
  const params = url.searchParams;
  const pick = (name: string, check: (value: string) => boolean) => {
    const value = (params.get(name) ?? "").trim();
    return check(value) ? value : undefined;
  };
  const response = await locals.api.raw("/api/diary.ics", {
    from: pick("from", isIsoDate),
    to: pick("to", isIsoDate),
    homeVisitorId: pick("homeVisitorId", (v) => /^[0-9a-f-]{36}$/i.test(v)),
  });
  return passThrough(
    response,
    { type: "text/calendar; charset=utf-8", filename: "portage-visits.ics" },
    { path: `${url.pathname}${url.search}`, rewrite, redirect },
  );
};
