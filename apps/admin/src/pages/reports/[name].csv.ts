// A report's table as a CSV file: the API writes it (small numbers suppressed), and this streams
// it on to the browser as a download, never cached.
import type { APIRoute } from "astro";
import { passThrough } from "../../lib/download.ts";
import { isReportName, readPeriod, reportQuery } from "../../lib/reports.ts";
import { BASE } from "../../lib/return-path.ts";
import { todayInEngland } from "../../lib/words.ts";

export const GET: APIRoute = async ({ locals, params, url, rewrite, redirect }) => {
  const name = params.name;
  if (!isReportName(name)) return rewrite(`${BASE}/404`);
  const period = readPeriod(url.searchParams, todayInEngland());
  return passThrough(
    await locals.api.raw(`/api/reports/${name}`, { ...reportQuery(period), format: "csv" }),
    { type: "text/csv; charset=utf-8", filename: `${name}-${period.from}-${period.to}.csv` },
    { path: `${url.pathname}${url.search}`, rewrite, redirect },
  );
};
