// Before the browser tests: find (or install) Chromium, then start the real API server on a temp
// database serving the built site (or, while the API is not built, a static server, and the
// referral tests are skipped; only when OPENPORTAGE_SITE_E2E_STATIC=1 says so).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { apiBuilt, startApi } from "./api-server.ts";
import { serveStatic } from "./static-server.ts";

const siteDist = fileURLToPath(new URL("../dist", import.meta.url));
const ensureChromium = fileURLToPath(new URL("../../../scripts/ensure-chromium.mjs", import.meta.url));

declare module "vitest" {
  export interface ProvidedContext {
    origin: string;
    chromiumPath: string;
    /** True when `origin` is the real API server (so referrals can be sent). */
    api: boolean;
  }
}

export default async function setup(project: TestProject) {
  if (!existsSync(siteDist)) throw new Error("apps/site/dist is missing: run the site's build first.");
  const chromiumPath = execFileSync(process.execPath, [ensureChromium], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
  project.provide("chromiumPath", chromiumPath);
  if (apiBuilt()) {
    const api = await startApi();
    project.provide("origin", api.origin);
    project.provide("api", true);
    return () => api.stop();
  }
  if (process.env.OPENPORTAGE_SITE_E2E_STATIC !== "1") {
    throw new Error(
      "apps/api is not built, so the referral tests cannot run. Build it (pnpm --filter @openportage/api build), or set OPENPORTAGE_SITE_E2E_STATIC=1 to test the site alone on a static server.",
    );
  }
  console.warn("OPENPORTAGE_SITE_E2E_STATIC=1: serving the site statically and skipping the referral tests.");
  const { server, origin } = await serveStatic(siteDist);
  project.provide("origin", origin);
  project.provide("api", false);
  return async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  };
}
