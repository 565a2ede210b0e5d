// Build-time settings read from the environment: which council the site is for
// (OPENPORTAGE_PROTOCOL or OPENPORTAGE_PROTOCOL_FILE, as for the API), demo or production
// (OPENPORTAGE_MODE, as for the API), where the API is and the address the site is published at.
// Read once, at build time; nothing here reaches the browser except what a page chooses to render.
import { type DeploymentMode, readMode, withDemoContact } from "@openportage/council";
import { type Council, loadCouncil } from "./council.ts";

/** The settings one build of the site uses. */
export interface SiteSettings {
  readonly council: Council;
  /**
   * The API's origin, prefixed to `/api/...`. Empty means the same origin as the site: the
   * API server serves the built site in the embedded default.
   */
  readonly apiOrigin: string;
  /** The site's public address, for the sitemap, canonical links, robots.txt and Open Referral UK. */
  readonly siteUrl: string;
  /**
   * `demo` (the default) or `production`. The demo fills contact details the council has not given
   * with fictional ones and shows one notice for the protocol's unconfirmed values; a production
   * build refuses to finish while any value is unconfirmed (astro.config.ts).
   */
  readonly mode: DeploymentMode;
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
  const mode = readMode(env);
  // The public address: OPENPORTAGE_SITE_URL, else the API server's PUBLIC_ORIGIN (the same
  // address when the API serves the site), else the local server on its PORT.
  const given = env.OPENPORTAGE_SITE_URL?.trim() || env.PUBLIC_ORIGIN?.trim();
  if (!given && mode === "production") {
    throw new Error(
      "OPENPORTAGE_MODE=production: set OPENPORTAGE_SITE_URL (or PUBLIC_ORIGIN) to the site's public address, such as https://portage.example.gov.uk, for the sitemap, canonical links and robots.txt.",
    );
  }
  // PORT=0 (any free port) says nothing about the address: the default port stands in for it.
  const port = env.PORT?.trim() && env.PORT.trim() !== "0" ? env.PORT.trim() : "3000";
  const siteUrl = trimSlash(given || `http://localhost:${port}`);
  if (!/^https?:\/\/[^/]+$/.test(siteUrl)) {
    throw new Error(`OPENPORTAGE_SITE_URL must be an origin such as https://portage.example.org, not "${siteUrl}".`);
  }
  const council = loadCouncil(env);
  return {
    council: mode === "demo" ? { ...council, contact: withDemoContact(council.contact) } : council,
    apiOrigin,
    siteUrl,
    mode,
  };
}

/** The settings for this build. */
export const settings: SiteSettings = readSettings();
