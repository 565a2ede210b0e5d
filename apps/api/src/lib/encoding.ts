// Compression on the wire (issue 17, ADR 0052): which precompressed copy of a built file to send,
// and the server-wide middleware that compresses what is made per request (pages, JSON).
import type { IncomingMessage, ServerResponse } from "node:http";
import { constants } from "node:zlib";
import compression from "compression";
import Negotiator from "negotiator";

/** The codings a file may be precompressed in (scripts/precompress.mjs writes `.br` and `.gz`). */
export type Coding = "br" | "gzip";

/** The file suffix of each coding's copy. */
export const CODING_SUFFIX: Record<Coding, string> = { br: ".br", gzip: ".gz" };

/**
 * The coding to send a file in, of those it has copies in: the client's preference by its
 * `Accept-Encoding` (q-values honoured, `;q=0` refused), brotli before gzip when it likes both
 * the same. Undefined: send the file as it is.
 */
export function chooseCoding(acceptEncoding: string | undefined, available: readonly Coding[]): Coding | undefined {
  if (!acceptEncoding || available.length === 0) return undefined;
  const order = (["br", "gzip"] as const).filter((c) => available.includes(c));
  // `preferred`: of codings the client likes as much, brotli (negotiator 1.x; its types lag).
  const negotiator = new Negotiator({ headers: { "accept-encoding": acceptEncoding } }) as unknown as {
    encoding(available: string[], options: { preferred: string[] }): string | undefined;
  };
  const chosen = negotiator.encoding([...order, "identity"], { preferred: ["br", "gzip", "identity"] });
  return chosen === "br" || chosen === "gzip" ? chosen : undefined;
}

/**
 * Paths whose answers are never compressed: sign-in and the second factor's screens carry
 * secrets (a one-time setup key, recovery codes) beside what the caller typed, the shape of page
 * a compression side channel (BREACH) reads; they are small anyway.
 */
const NEVER_COMPRESSED = [
  /^\/api\/auth\//,
  /^\/api\/second-factor\b/,
  /^\/api\/account\b/,
  /^\/api\/family\/(sign-in|invitations|passkeys|codes|session)\b/,
  /^\/admin\/(sign-in|account)\b/,
  /^\/family\/(sign-in|invitation|join)\b/,
];

/** Whether a request's answer may be compressed on the fly. */
export function mayCompress(req: IncomingMessage, res: ServerResponse): boolean {
  const path = (req.url ?? "").split("?")[0] ?? "";
  if (NEVER_COMPRESSED.some((pattern) => pattern.test(path))) return false;
  // The package is typed for Express; a plain Node request and response are what it reads.
  return compression.filter(req as never, res as never);
}

/**
 * The server-wide compression of answers made per request (HTML pages, JSON, CSV, calendars):
 * brotli at a quality fast enough for every request, or gzip; answers under 1 KB, answers
 * already encoded (the precompressed built files) and `Cache-Control: no-transform` are sent as
 * they are. Adds `Vary: Accept-Encoding`, so no cache hands one coding to a client that asked
 * for another.
 */
export function compressAnswers(): NodeMiddleware {
  return compression({
    filter: mayCompress as never,
    threshold: 1024,
    brotli: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
    level: 6,
  }) as unknown as NodeMiddleware;
}

/** A Node request handler with a `next` (the shape of the admin and family apps' handlers too). */
export type NodeMiddleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;
