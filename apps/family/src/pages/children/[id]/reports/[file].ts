// A report's PDF (a block's review, or the transition report when the child left), streamed on
// from the API as a download. Only the file names the API gives are asked for.
import type { APIRoute } from "astro";
import { passThrough } from "../../../../lib/download.ts";
import { isReportFile } from "../../../../lib/reports.ts";

export const GET: APIRoute = async ({ locals, params, url, rewrite, redirect }) => {
  const file = params.file ?? "";
  if (!isReportFile(file)) return rewrite("/family/404");
  const response = await locals.api.raw(`/api/family/children/${encodeURIComponent(params.id ?? "")}/reports/${file}`);
  return passThrough(response, { type: "application/pdf", filename: file }, { path: url.pathname, rewrite, redirect });
};
