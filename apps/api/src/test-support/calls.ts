// Calls the app as a signed-in member of staff and reads the answer as JSON, for route tests.
import type { Harness } from "./harness.js";

/** A JSON answer read loosely: tests assert the shape they expect. */
// biome-ignore lint/suspicious/noExplicitAny: route tests read answers whose shapes they then assert.
export type Json = Record<string, any>;

/** Sends `json` (if any) with the session `cookie`; returns the status and the parsed body (`{}` when empty). */
export async function callApi(
  h: Harness,
  path: string,
  method: string,
  cookie: string,
  json?: unknown,
): Promise<{ status: number; body: Json }> {
  const res = await h.request(path, { method, cookie, ...(json !== undefined ? { json } : {}) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {} };
}
