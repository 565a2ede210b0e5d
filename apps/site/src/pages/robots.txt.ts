// Lets search engines in and points them at the sitemap.
import type { APIRoute } from "astro";
import { settings } from "../config/site.ts";

export const GET: APIRoute = () =>
  new Response(`User-agent: *\nAllow: /\nSitemap: ${settings.siteUrl}/sitemap.xml\n`, {
    headers: { "Content-Type": "text/plain" },
  });
