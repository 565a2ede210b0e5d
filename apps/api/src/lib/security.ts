// Browser-facing protections (the security headers are set in create-app): the origin check for
// cookie-authenticated unsafe requests, the caller's address.
import { getConnInfo } from "@hono/node-server/conninfo";
import type { MiddlewareHandler } from "hono";
import { audit } from "./audit.js";
import { ProblemError } from "./problem.js";
import type { AppEnv } from "./types.js";

/**
 * The environment the server passes to `app.fetch` for requests made inside the process (the
 * admin app calling the API in the embedded default). Only code in the process can pass it: a
 * request from the network always arrives with the Node server's own bindings.
 */
export const IN_PROCESS = Object.freeze({ inProcess: true as const });

function fromInsideProcess(env: unknown): boolean {
  return typeof env === "object" && env !== null && (env as { inProcess?: unknown }).inProcess === true;
}

/**
 * Records the caller's address: the socket's, or the first X-Forwarded-For hop behind a trusted
 * proxy or from the admin app in the same process (which forwards the browser's address).
 */
export const callerAddress: MiddlewareHandler<AppEnv> = async (c, next) => {
  let address = "unknown";
  if (c.get("deps").config.TRUST_PROXY || fromInsideProcess(c.env)) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) address = forwarded;
  }
  if (address === "unknown") {
    try {
      address = getConnInfo(c).remote.address ?? "unknown";
    } catch {
      // app.request() in tests has no socket
    }
  }
  c.set("address", address.slice(0, 64));
  await next();
};

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cookie-authenticated state changes must come from the API's own origin (or a configured admin
 * origin): the `Origin` header when the browser sends one, else `Sec-Fetch-Site: same-origin`.
 * A request with neither is refused. hono/csrf covers only form content types; this covers JSON.
 */
export const sameOriginForUnsafe: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (SAFE_METHODS.has(c.req.method)) return next();
  const { config } = c.get("deps");
  const own = config.PUBLIC_ORIGIN ?? new URL(c.req.url).origin;
  const allowed = new Set([own, ...config.ADMIN_ORIGINS]);
  const origin = c.req.header("origin");
  const site = c.req.header("sec-fetch-site");
  const ok = origin !== undefined ? allowed.has(origin) : site === "same-origin";
  if (!ok) {
    await audit(c, { action: "denied", outcome: "denied", reason: "bad-origin" });
    throw new ProblemError(
      "bad-origin",
      403,
      "Requests that change data must come from the service's own pages (Origin or Sec-Fetch-Site)",
    );
  }
  await next();
};

/**
 * Marks a response as holding personal data: never stored by browsers or proxies. The headers are
 * set before the answer is made, so it goes out as made (a header set on a finished response makes
 * Hono remake it, its body as a stream: a tenth of a fast route's time); an answer made outside the
 * context (an error's) gets them afterwards.
 */
export const noStore: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.header("Cache-Control", "no-store");
  c.header("Pragma", "no-cache");
  await next();
  if (c.res.headers.get("cache-control") !== "no-store" || c.res.headers.get("pragma") !== "no-cache") {
    c.header("Cache-Control", "no-store");
    c.header("Pragma", "no-cache");
  }
};
