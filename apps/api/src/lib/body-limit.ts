// Body limits that keep the request as the Node server made it. Hono's own `bodyLimit` asks for
// the request's body stream on every request it sees, and on a Node server that turns the light
// request into a full web `Request` (its headers copied, an AbortController, a stream over the
// socket): about an eighth of a plain GET's CPU, and intake then reads the body through that
// stream instead of straight from the socket (issue 17). Here a request without a body (GET,
// HEAD) is passed on at once, a body of declared length is judged by its Content-Length (as
// Hono's does; Node's parser holds the body to that length), and only a body of undeclared length
// (chunked) is counted as it streams, by Hono's own middleware.
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit as streamingBodyLimit } from "hono/body-limit";

export interface BodyLimitOptions {
  /** The largest body accepted, in bytes. */
  readonly maxSize: number;
  /** Answers (or throws for) a body over the limit. */
  readonly onError: (c: Context) => Response | Promise<Response>;
}

/** A body limit of `maxSize` bytes that reads no request's body itself unless its length is undeclared. */
export function bodyLimit(options: BodyLimitOptions): MiddlewareHandler {
  const streaming = streamingBodyLimit(options);
  return async (c, next) => {
    const method = c.req.method;
    if (method === "GET" || method === "HEAD") return next();
    const length = c.req.header("content-length");
    if (length !== undefined && c.req.header("transfer-encoding") === undefined) {
      if (Number.parseInt(length, 10) > options.maxSize) return options.onError(c);
      return next();
    }
    return streaming(c, next);
  };
}
