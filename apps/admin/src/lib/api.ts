// The admin app's one way to call the API: over HTTP, as the signed-in member of staff (their
// session cookie forwarded), answering with the data or the API's problem document. Pages never
// call `fetch` themselves.
import { type Problem, parseProblem } from "./problem.ts";

/** What an API call came back with. `setCookie` carries the API's cookies back to the browser. */
export type ApiResult<T> =
  | { readonly ok: true; readonly status: number; readonly data: T; readonly setCookie: readonly string[] }
  | { readonly ok: false; readonly status: number; readonly problem: Problem; readonly setCookie: readonly string[] };

/** How to reach the API on behalf of one browser request. */
export interface ApiOptions {
  /** The API's base URL (`http://127.0.0.1:3000`); paths are appended to it. */
  readonly baseUrl: string;
  /** The browser's Cookie header, forwarded as is. */
  readonly cookie?: string | null;
  /**
   * Set when the browser's request was checked as same-origin (src/middleware.ts): unsafe calls
   * then carry `Sec-Fetch-Site: same-origin`, vouching for that check to the API's own.
   */
  readonly sameOrigin?: boolean;
  /** The browser's address, passed on for the audit trail's "from where". */
  readonly forwardedFor?: string | null;
  /** The browser's User-Agent, passed on so "Your sessions" can name the browser (coarsely). */
  readonly userAgent?: string | null;
  /** `fetch`, or the API app's own `fetch` when it runs in the same process. */
  readonly fetch?: (request: Request) => Promise<Response>;
  /** Give up on a slow API after this many milliseconds. */
  readonly timeoutMs?: number;
}

/** Query values; empty and undefined ones are left out. */
export type Query = Readonly<Record<string, string | number | boolean | undefined | null>>;

/** A typed API client for one browser request. */
export interface Api {
  get<T>(path: string, query?: Query): Promise<ApiResult<T>>;
  post<T>(path: string, body?: unknown): Promise<ApiResult<T>>;
  patch<T>(path: string, body?: unknown): Promise<ApiResult<T>>;
  put<T>(path: string, body?: unknown): Promise<ApiResult<T>>;
  delete<T>(path: string): Promise<ApiResult<T>>;
  /**
   * A GET whose answer is not JSON (a PDF, a calendar file), as the API sent it, to stream on to
   * the browser; undefined when the API could not be reached.
   */
  raw(path: string, query?: Query): Promise<Response | undefined>;
  /**
   * A POST whose answer is a file (a letter to print), as the API sent it, to stream on to the
   * browser; undefined when the API could not be reached.
   */
  rawPost(path: string, body?: unknown): Promise<Response | undefined>;
}

/** The path with its query string; empty values dropped so filters stay tidy. */
export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Splits a response's Set-Cookie headers. */
function setCookies(response: Response): string[] {
  const headers = response.headers as Headers & { getSetCookie?: () => string[] };
  return headers.getSetCookie?.() ?? [];
}

/** Creates the client for one browser request. */
export function createApi(options: ApiOptions): Api {
  const doFetch = options.fetch ?? ((request: Request) => fetch(request));
  const base = options.baseUrl.replace(/\/+$/, "");

  function request(method: string, path: string, accept: string, body?: unknown): Request {
    const headers = new Headers({ Accept: accept });
    if (options.cookie) headers.set("Cookie", options.cookie);
    if (options.forwardedFor) headers.set("X-Forwarded-For", options.forwardedFor);
    if (options.userAgent) headers.set("User-Agent", options.userAgent.slice(0, 512));
    if (method !== "GET" && options.sameOrigin) headers.set("Sec-Fetch-Site", "same-origin");
    if (body !== undefined) headers.set("Content-Type", "application/json");
    return new Request(`${base}${path}`, {
      method,
      headers,
      redirect: "manual",
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  }

  async function call<T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
    let response: Response;
    try {
      response = await doFetch(request(method, path, "application/json", body));
    } catch {
      return { ok: false, status: 0, problem: parseProblem(null, 0), setCookie: [] };
    }
    const setCookie = setCookies(response);
    const text = await response.text();
    let json: unknown = null;
    if (text) {
      try {
        json = JSON.parse(text);
      } catch {
        json = null;
      }
    }
    if (response.ok) return { ok: true, status: response.status, data: json as T, setCookie };
    return { ok: false, status: response.status, problem: parseProblem(json, response.status), setCookie };
  }

  return {
    get: (path, query) => call("GET", withQuery(path, query)),
    post: (path, body) => call("POST", path, body ?? {}),
    patch: (path, body) => call("PATCH", path, body ?? {}),
    put: (path, body) => call("PUT", path, body ?? {}),
    delete: (path) => call("DELETE", path),
    raw: async (path, query) => {
      try {
        return await doFetch(request("GET", withQuery(path, query), "*/*"));
      } catch {
        return undefined;
      }
    },
    rawPost: async (path, body) => {
      try {
        return await doFetch(request("POST", path, "*/*", body ?? {}));
      } catch {
        return undefined;
      }
    },
  };
}

/** The API's base URL: `OPENPORTAGE_API_URL`, or the same process's port on the loopback address. */
export function apiBaseUrl(env: Readonly<Record<string, string | undefined>>): string {
  if (env.OPENPORTAGE_API_URL) return env.OPENPORTAGE_API_URL;
  return `http://127.0.0.1:${env.PORT ?? "3000"}`;
}
