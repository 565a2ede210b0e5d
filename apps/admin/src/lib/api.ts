// The admin app's one way to call the API: over HTTP, as the signed-in member of staff (their
// session cookie forwarded), answering with the data or the API's problem document. Pages never
// call `fetch` themselves.
import { type KeptAnswers, keptSessionOf } from "./kept.ts";
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
  /** Where {@link Api.getKept} keeps tagged answers for this browser's session (lib/kept.ts). */
  readonly kept?: KeptAnswers;
}

/**
 * A GET answer that may have come from what is kept for the session: `made` holds what pages made
 * from this very answer (their markup), kept with it while the API says it is unchanged.
 */
export type KeptResult<T> = ApiResult<T> & { readonly made?: Map<string, string> };

/** Query values; empty and undefined ones are left out. */
export type Query = Readonly<Record<string, string | number | boolean | undefined | null>>;

/** A typed API client for one browser request. */
export interface Api {
  get<T>(path: string, query?: Query): Promise<ApiResult<T>>;
  /**
   * A GET whose tagged answer (ETag) is kept for this session: the next call names the tag and,
   * when the API answers 304 (after its own session, role and audit checks), the kept data is used.
   */
  getKept<T>(path: string, query?: Query): Promise<KeptResult<T>>;
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
  /**
   * Who the API said the session belongs to on this request's calls (its `Openportage-Staff`
   * header, decoded; sent only when the API runs in the same process), else undefined.
   */
  staffSaid(): unknown;
  /** Whether a call of this request was refused because the session is not signed in (401). */
  sessionRefused(): boolean;
}

/** The header with which calls ask who the session belongs to, and the API's answer (apps/api/src/lib/session.ts). */
const IDENTIFY_HEADER = "Openportage-Identify";
const STAFF_HEADER = "Openportage-Staff";

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
  let staffSaid: unknown;
  let sessionRefused = false;

  function request(method: string, path: string, accept: string, body?: unknown, ifNoneMatch?: string): Request {
    const headers = new Headers({ Accept: accept });
    // JSON calls ask who the session belongs to; file downloads, streamed on to the browser, never do.
    if (accept === "application/json") headers.set(IDENTIFY_HEADER, "staff");
    if (ifNoneMatch) headers.set("If-None-Match", ifNoneMatch);
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
    return answer(response);
  }

  /** What every answer tells about the session: who it belongs to, or that it is not signed in. */
  function noteSession(response: Response): void {
    if (response.status === 401) sessionRefused = true;
    const said = response.headers.get(STAFF_HEADER);
    if (!said) return;
    try {
      staffSaid = JSON.parse(Buffer.from(said, "base64url").toString("utf8"));
    } catch {
      // not a header this client understands: ask the session route instead
    }
  }

  async function answer<T>(response: Response): Promise<ApiResult<T>> {
    noteSession(response);
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

  async function getKept<T>(path: string, query?: Query): Promise<KeptResult<T>> {
    const url = withQuery(path, query);
    const store = options.kept;
    const session = store ? keptSessionOf(options.cookie) : null;
    if (!store || session === null) return call<T>("GET", url);
    const held = store.get(session, url);
    let response: Response;
    try {
      response = await doFetch(request("GET", url, "application/json", undefined, held?.tag));
    } catch {
      return { ok: false, status: 0, problem: parseProblem(null, 0), setCookie: [] };
    }
    if (response.status === 304 && held) {
      noteSession(response);
      // The API let this session in, audited the read and says the kept answer is current.
      await response.body?.cancel();
      store.confirm(session, url, held);
      return { ok: true, status: 200, data: held.data as T, setCookie: setCookies(response), made: held.made };
    }
    const result = await answer<T>(response);
    const tag = response.headers.get("etag");
    if (!result.ok) {
      // Refused (the session ended, the role changed): nothing of this session's is kept.
      if (result.status === 401 || result.status === 403) store.forget(session);
      else store.drop(session, url);
      return result;
    }
    if (!tag || response.status !== 200) {
      store.drop(session, url);
      return result;
    }
    return { ...result, made: store.keep(session, url, tag, result.data).made };
  }

  return {
    get: (path, query) => call("GET", withQuery(path, query)),
    getKept,
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
    staffSaid: () => staffSaid,
    sessionRefused: () => sessionRefused,
  };
}

/** The API's base URL: `OPENPORTAGE_API_URL`, or the same process's port on the loopback address. */
export function apiBaseUrl(env: Readonly<Record<string, string | undefined>>): string {
  if (env.OPENPORTAGE_API_URL) return env.OPENPORTAGE_API_URL;
  return `http://127.0.0.1:${env.PORT ?? "3000"}`;
}
