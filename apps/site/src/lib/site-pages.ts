// Every HTML page the site publishes, for the sitemap. The e2e tests check this list against
// the built files, so a new page cannot be left out of the sitemap (and so of the axe scan).

/** The pages written as .astro files, beside the content collection's pages. */
export const STANDALONE_PAGES = ["/", "/protocol", "/check-eligibility", "/refer"] as const;

/** The sitemap XML for a list of paths. */
export function sitemapXml(siteUrl: string, paths: readonly string[]): string {
  const urls = paths.map((path) => `  <url><loc>${siteUrl}${path === "/" ? "/" : path}</loc></url>`).join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}\n</urlset>\n`;
}
