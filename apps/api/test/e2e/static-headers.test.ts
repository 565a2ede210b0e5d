// The built files of the three faces (the public site, the admin app, the family app), over real
// HTTP as the embedded default serves them: each carries a Referrer-Policy, nosniff and a
// same-origin resource policy, like the pages around them. Needs the faces built (pnpm build).
import { existsSync, readdirSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { getRequestListener } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSite } from "../../src/lib/site.js";
import { createHarness, type Harness } from "../../src/test-support/harness.js";

type Face = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

const apps = fileURLToPath(new URL("../../../", import.meta.url));
const built = (app: string) => existsSync(join(apps, app, "dist", app === "site" ? "index.html" : "server/entry.mjs"));
const ALL_BUILT = built("site") && built("admin") && built("family");
if (!ALL_BUILT) console.warn("static-headers: build the site, the admin app and the family app first (pnpm build)");

/** One built file of a face's client bundle, as the path it is served at. */
function firstAsset(app: "admin" | "family"): string {
  const dir = join(apps, app, "dist", "client", "_astro");
  const css = readdirSync(dir).find((name) => name.endsWith(".css"));
  return `/${app}/_astro/${css}`;
}

let h: Harness;
let server: Server;
let url = "";

beforeAll(async () => {
  if (!ALL_BUILT) return;
  const site = loadSite(join(apps, "site", "dist"));
  h = await createHarness();
  // The harness's app has no site: build one with it, on the same database.
  const { createApp } = await import("../../src/lib/create-app.js");
  const app = createApp(
    { db: h.db, config: h.config, protocol: h.protocol, clock: h.clock, notifier: h.notifier, logger: h.logger },
    { site },
  );
  const face = async (name: "admin" | "family"): Promise<Face> => {
    const mount = await import(pathToFileURL(join(apps, name, "src", "node", "mount.mjs")).href);
    const create = name === "admin" ? mount.createAdminHandler : mount.createFamilyHandler;
    return create({ apiFetch: (request: Request) => app.fetch(request) });
  };
  const admin = await face("admin");
  const family = await face("family");
  const api = getRequestListener(app.fetch);
  server = createServer((req, res) => admin(req, res, () => family(req, res, () => api(req, res))));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});

afterAll(async () => {
  if (!ALL_BUILT) return;
  await new Promise((resolve) => server.close(resolve));
  await h.close();
});

describe.skipIf(!ALL_BUILT)("static files", () => {
  it.each([
    ["the admin app's stylesheet", () => firstAsset("admin"), "same-origin"],
    ["the admin app's icon", () => "/admin/favicon.svg", "same-origin"],
    ["the family app's stylesheet", () => firstAsset("family"), "same-origin"],
    ["the public site's robots.txt", () => "/robots.txt", "strict-origin-when-cross-origin"],
    ["the public site's home page", () => "/", "strict-origin-when-cross-origin"],
  ])("%s carries a Referrer-Policy", async (_name, path, policy) => {
    const res = await fetch(`${url}${path()}`);
    await res.arrayBuffer();
    expect(res.status, path()).toBe(200);
    expect(res.headers.get("referrer-policy")).toBe(policy);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cross-origin-resource-policy")).toBe("same-origin");
  });
});
