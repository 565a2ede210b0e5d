// The body limit over real HTTP (the Node server the API runs on) and in-process: bodies within the
// limit arrive whole, bodies over it are refused, whether their length is declared or chunked, and
// a request the limit has judged by its headers is still the Node server's light request.
import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyLimit } from "./body-limit.js";

const LIMIT = 1024;

const app = new Hono()
  .use(
    bodyLimit({
      maxSize: LIMIT,
      onError: (c) => c.text("too large", 413),
    }),
  )
  .all("/echo", async (c) => {
    // Whether the Node server had to build a full web Request before the body was read.
    const light = /nativeRequest: undefined/.test(inspect(c.req.raw, { depth: 1 }));
    const body = c.req.method === "GET" || c.req.method === "HEAD" ? "" : await c.req.text();
    return c.json({ body, light });
  });

let server: ReturnType<typeof serve>;
let port: number;

beforeAll(async () => {
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends `chunks` over HTTP: with a Content-Length when `declared`, chunked otherwise. */
function send(method: string, chunks: string[], declared: boolean): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const total = chunks.reduce((n, chunk) => n + Buffer.byteLength(chunk), 0);
    const headers: Record<string, string> = { "content-type": "text/plain" };
    if (declared) headers["content-length"] = String(total);
    const req = httpRequest({ host: "127.0.0.1", port, path: "/echo", method, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => {
        text += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe("body limit over HTTP", () => {
  it("passes a declared body within the limit whole, read straight from the socket", async () => {
    const body = "é".repeat(LIMIT / 2);
    const res = await send("POST", [body], true);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ body, light: true });
  });

  it("refuses a declared body one byte over the limit", async () => {
    const res = await send("POST", ["x".repeat(LIMIT + 1)], true);
    expect(res).toEqual({ status: 413, text: "too large" });
  });

  it("passes a chunked body within the limit whole", async () => {
    const res = await send("PUT", ["a".repeat(300), "b".repeat(300), "c".repeat(300)], false);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).body).toBe(`${"a".repeat(300)}${"b".repeat(300)}${"c".repeat(300)}`);
  });

  it("refuses a chunked body once it passes the limit", async () => {
    const res = await send("POST", ["a".repeat(600), "b".repeat(600)], false);
    expect(res).toEqual({ status: 413, text: "too large" });
  });

  it("lets a GET through without touching its body", async () => {
    const res = await send("GET", [], false);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ body: "", light: true });
  });
});

describe("body limit in-process (a web Request with no declared length)", () => {
  it("counts the body as it streams", async () => {
    const within = await app.request("/echo", { method: "POST", body: "y".repeat(LIMIT) });
    expect(within.status).toBe(200);
    expect((await within.json()).body).toBe("y".repeat(LIMIT));
    const over = await app.request("/echo", { method: "POST", body: "y".repeat(LIMIT + 1) });
    expect(over.status).toBe(413);
  });
});
