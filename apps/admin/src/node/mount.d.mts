import type { IncomingMessage, ServerResponse } from "node:http";

/** The path the admin app is served under. */
export declare const ADMIN_BASE: "/admin";

/** Whether a request path belongs to the admin app. */
export declare function isAdminPath(url: string | undefined): boolean;

/** Options for {@link createAdminHandler}. */
export interface AdminHandlerOptions {
  /** The API's base URL as this server reaches itself (default OPENPORTAGE_API_URL, else http://127.0.0.1:$PORT). */
  apiUrl?: string;
  /** The API's own `fetch`, to call it in the same process instead of over HTTP. */
  apiFetch?: (request: Request) => Promise<Response>;
}

/** A Node request handler for the admin app; `next()` is called for requests outside /admin. */
export type AdminHandler = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/** Loads the built admin app and returns its request handler. Throws when it has not been built. */
export declare function createAdminHandler(options?: AdminHandlerOptions): Promise<AdminHandler>;
