// Compression on the wire (issue 17), over real HTTP from the built server with the three faces
// built: every page, file and JSON answer is the same after decoding as sent plain; built files
// go as the copies compressed at build; answers made per request are compressed on the fly;
// personal data stays `no-store` and says `Vary: Accept-Encoding`; sign-in answers are never
// compressed. Needs the faces built (pnpm build).
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, type Running, startServer } from "./server.js";

const apps = fileURLToPath(new URL("../../../", import.meta.url));
const built = (app: string) => existsSync(join(apps, app, "dist", app === "site" ? "index.html" : "server/entry.mjs"));
const ALL_BUILT = built("site") && built("admin") && built("family");
if (!ALL_BUILT) console.warn("compression: build the site, the admin app and the family app first (pnpm build)");

let server: Running;
let dir: string;
let cookie = "";

/** A raw GET: the bytes as sent (not decoded), the headers and the status. */
function get(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>(
    (resolve, reject) => {
      const req = request(`${server.url}${path}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      });
      req.on("error", reject);
      req.end();
    },
  );
}

function decode(answer: { headers: Record<string, unknown>; body: Buffer }): Buffer {
  const coding = answer.headers["content-encoding"];
  if (coding === "br") return brotliDecompressSync(answer.body);
  if (coding === "gzip") return gunzipSync(answer.body);
  expect(coding).toBeUndefined();
  return answer.body;
}

/** The path of a face's first built stylesheet. */
function stylesheet(app: "admin" | "family"): string {
  const css = readdirSync(join(apps, app, "dist", "client", "_astro")).find((n) => n.endsWith(".css"));
  return `/${app}/_astro/${css}`;
}

beforeAll(async () => {
  if (!ALL_BUILT) return;
  dir = mkdtempSync(join(tmpdir(), "openportage-compression-"));
  server = await startServer(
    { DATABASE_URL: `file:${join(dir, "openportage.db")}`, OPENPORTAGE_MODE: "demo", SEED_DEMO: "true" },
    await freePort(),
  );
  const signIn = await fetch(`${server.url}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url },
    body: JSON.stringify({ email: "coordinator@demo.openportage.invalid", password: "cora demo password" }),
  });
  expect(signIn.status).toBe(200);
  cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
}, 60_000);

afterAll(async () => {
  if (!ALL_BUILT) return;
  server.child.kill("SIGTERM");
  await server.exited;
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!ALL_BUILT)("compression", () => {
  it("sends every kind of answer the same after decoding, in brotli, gzip or plain as asked", async () => {
    const answers = [
      ["/", {}],
      ["/refer/", {}],
      [stylesheet("admin"), {}],
      [stylesheet("family"), {}],
      ["/admin/waiting-list", { cookie }],
      ["/api/waiting-list?pageSize=25", { cookie }],
      ["/api/openapi.json", {}],
    ] as const;
    for (const [path, headers] of answers) {
      const plain = await get(path, { ...headers, "accept-encoding": "identity" });
      expect(plain.status, path).toBe(200);
      expect(plain.headers["content-encoding"], path).toBeUndefined();
      const br = await get(path, { ...headers, "accept-encoding": "gzip, br" });
      const gzip = await get(path, { ...headers, "accept-encoding": "gzip" });
      expect(br.headers["content-encoding"], path).toBe("br");
      expect(gzip.headers["content-encoding"], path).toBe("gzip");
      expect(String(br.headers.vary), path).toMatch(/accept-encoding/i);
      // Much smaller on the wire, and the same once decoded.
      expect(br.body.length, path).toBeLessThan(plain.body.length * 0.6);
      expect(decode(br).equals(plain.body), path).toBe(true);
      expect(decode(gzip).equals(plain.body), path).toBe(true);
    }
  });

  it("sends built files as the copies compressed at build, kept for a year", async () => {
    const css = await get(stylesheet("admin"), { "accept-encoding": "br" });
    expect(css.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    // The copy's own length: it was not compressed again on the way out.
    expect(Number(css.headers["content-length"])).toBe(css.body.length);
    const page = await get("/", { "accept-encoding": "br" });
    expect(Number(page.headers["content-length"])).toBe(page.body.length);
  });

  it("keeps personal data out of shared caches, compressed or not", async () => {
    for (const path of ["/api/waiting-list?pageSize=25", "/admin/waiting-list"]) {
      const answer = await get(path, { cookie, "accept-encoding": "br" });
      expect(answer.headers["content-encoding"], path).toBe("br");
      expect(String(answer.headers["cache-control"]), path).toMatch(/no-store/);
      expect(String(answer.headers.vary), path).toMatch(/accept-encoding/i);
    }
  });

  it("never compresses the sign-in answers, which carry secrets beside what was typed", async () => {
    const page = await get("/admin/sign-in", { "accept-encoding": "br, gzip" });
    expect(page.status).toBe(200);
    expect(page.body.length).toBeGreaterThan(1024);
    expect(page.headers["content-encoding"]).toBeUndefined();
    const session = await get("/api/auth/session", { cookie, "accept-encoding": "br, gzip" });
    expect(session.headers["content-encoding"]).toBeUndefined();
  });

  it("honours a client that refuses a coding", async () => {
    const answer = await get("/", { "accept-encoding": "br;q=0, gzip" });
    expect(answer.headers["content-encoding"]).toBe("gzip");
    const none = await get("/api/waiting-list?pageSize=25", { cookie, "accept-encoding": "br;q=0, gzip;q=0" });
    expect(none.headers["content-encoding"]).toBeUndefined();
  });
});
