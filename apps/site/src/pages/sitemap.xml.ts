// The sitemap: every page of the site.

import { getCollection } from "astro:content";
import type { APIRoute } from "astro";
import { settings } from "../config/site.ts";
import { STANDALONE_PAGES, sitemapXml } from "../lib/site-pages.ts";

export const GET: APIRoute = async () => {
  const pages = await getCollection("pages");
  const paths = [...STANDALONE_PAGES, ...pages.map((page) => `/${page.id}`).sort()];
  return new Response(sitemapXml(settings.siteUrl, paths), { headers: { "Content-Type": "application/xml" } });
};
