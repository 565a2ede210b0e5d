// A caseload import template as a CSV file (the header row and an example row), from the API.
import type { APIRoute } from "astro";
import { passThrough } from "../../../lib/download.ts";
import { IMPORT_FILES } from "../../../lib/imports.ts";
import { BASE } from "../../../lib/return-path.ts";

export const GET: APIRoute = async ({ locals, params, url, rewrite, redirect }) => {
  const file = IMPORT_FILES.find((f) => f.file === params.file)?.file;
  if (!file) return rewrite(`${BASE}/404`);
  return passThrough(
    await locals.api.raw(`/api/imports/templates/${file}`),
    { type: "text/csv; charset=utf-8", filename: file },
    { path: url.pathname, rewrite, redirect },
  );
};
