// The family's review report as a PDF: the API draws it, and this streams it on to the browser as
// a download (never cached: it holds a child's name and progress).
import type { APIRoute } from "astro";
import { caseApi } from "../../../../../../lib/cases.ts";
import { passThrough } from "../../../../../../lib/download.ts";

export const GET: APIRoute = async ({ locals, params, url, rewrite, redirect }) => {
  const path = caseApi(params.id ?? "", "plan", "blocks", params.blockId ?? "", "review.pdf");
  return passThrough(
    await locals.api.raw(path),
    { type: "application/pdf", filename: "review-report.pdf" },
    { path: url.pathname, rewrite, redirect },
  );
};
