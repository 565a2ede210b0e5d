// Build-time settings read from the environment: which council the site is for
// (OPENPORTAGE_PROTOCOL or OPENPORTAGE_PROTOCOL_FILE, as for the API), where the API is and the
// address the site is published at. Read once, at build time; nothing here
// reaches the browser except what a page chooses to render.
import { type Council, loadCouncil } from "./council.ts";

/** The settings one build of the site uses. */
export interface SiteSettings {
  readonly council: Council;
  /**
   * The API's origin, prefixed to `/api/...`. Empty means the same origin as the site: the
   * API server serves the built site in the embedded default.
   */
  readonly apiOrigin: string;
  /** The site's public address, for the sitemap and Open Referral UK links. */
  readonly siteUrl: string;
}

function trimSlash(value: string): string {
  return value.endsWith("/") ? value.slice(0, -1) : value;
}

/** Reads the settings from an environment (by default the process's). */
export function readSettings(env: Record<string, string | undefined> = process.env): SiteSettings {
  const apiOrigin = trimSlash(env.OPENPORTAGE_API_ORIGIN ?? "");
  if (apiOrigin !== "" && !/^https?:\/\/[^/]+$/.test(apiOrigin)) {
    throw new Error(
      `OPENPORTAGE_API_ORIGIN must be an origin such as https://api.example.org (no path), not "${apiOrigin}".`,
    );
  }
  const siteUrl = trimSlash(env.OPENPORTAGE_SITE_URL ?? "http://localhost:3000");
  if (!/^https?:\/\/[^/]+$/.test(siteUrl)) {
    throw new Error(`OPENPORTAGE_SITE_URL must be an origin such as https://portage.example.org, not "${siteUrl}".`);
  }
  return { council: loadCouncil(env), apiOrigin, siteUrl };
}

/** The settings for this build. */
export const settings: SiteSettings = readSettings();
