// Before the browser tests: find (or install) Chromium and start a server for the built site.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { serveStatic } from "./static-server.ts";

const siteDist = fileURLToPath(new URL("../dist", import.meta.url));
const ensureChromium = fileURLToPath(new URL("../../../scripts/ensure-chromium.mjs", import.meta.url));

declare module "vitest" {
  export interface ProvidedContext {
    origin: string;
    chromiumPath: string;
  }
}

export default async function setup(project: TestProject) {
  if (!existsSync(siteDist)) throw new Error("apps/site/dist is missing: run the site's build first.");
  const chromiumPath = execFileSync(process.execPath, [ensureChromium], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
  const { server, origin } = await serveStatic(siteDist);
  project.provide("origin", origin);
  project.provide("chromiumPath", chromiumPath);
  return async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  };
}
