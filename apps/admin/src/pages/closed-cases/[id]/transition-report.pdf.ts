// The transition report as a PDF: the API draws it, and this streams it on to the browser as a
// download (never cached: it holds a child's name and progress).
import type { APIRoute } from "astro";
import { closedCaseApi } from "../../../lib/closed-cases.ts";
import { passThrough } from "../../../lib/download.ts";

export const GET: APIRoute = async ({ locals, params, url, rewrite, redirect }) =>
  passThrough(
    await locals.api.raw(closedCaseApi(params.id ?? "", "transition-report.pdf")),
    { type: "application/pdf", filename: "transition-report.pdf" },
    { path: url.pathname, rewrite, redirect },
  );
