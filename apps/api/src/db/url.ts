// What a DATABASE_URL says: a local libSQL file or a libSQL server, and how to show it without its
// secret (an auth token may ride in its query as `?authToken=`, a password in its user part).

/** The schemes DATABASE_URL may use. */
export const DATABASE_SCHEMES = ["file", "libsql", "http", "https", "ws", "wss"] as const;

/** True for a local database file URL (`file:...`). */
export function isLocalFile(url: string): boolean {
  return url.startsWith("file:");
}

/** True for a libSQL server (sqld, Turso): `libsql:`, `http(s):` or `ws(s):`. */
export function isServerUrl(url: string): boolean {
  return /^(libsql|https?|wss?):/.test(url);
}

/** Whether a server URL names this machine (`localhost`, `127.0.0.1`, `[::1]`). */
export function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === "localhost" || host === "[::1]" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

/** Whether the server is reached without TLS: `http:`, `ws:`, or `libsql:` with `?tls=0`. */
export function isPlainText(url: string): boolean {
  if (/^(http|ws):/.test(url)) return true;
  return /^libsql:/.test(url) && /[?&]tls=0(&|$)/.test(url);
}

/** Whether the URL carries its own auth token (`?authToken=...`, which @libsql/client reads). */
export function hasTokenInUrl(url: string): boolean {
  return /[?&]authToken=[^&]+/.test(url);
}

/**
 * The URL as it may be printed or logged: the `authToken` query value and any password replaced
 * by `[hidden]`. A `file:` URL is shown as it is (a path holds no secret).
 */
export function displayUrl(url: string): string {
  if (isLocalFile(url)) return url;
  return url
    .replace(/([?&]authToken=)[^&#]*/g, "$1[hidden]")
    .replace(/^([a-z]+:\/\/)([^/@?#]*)@/i, (_match, scheme: string, user: string) =>
      user.includes(":") ? `${scheme}${user.split(":")[0]}:[hidden]@` : `${scheme}${user}@`,
    );
}
