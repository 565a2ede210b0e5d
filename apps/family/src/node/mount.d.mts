import type { IncomingMessage, ServerResponse } from "node:http";

/** The path the family app is served under. */
export declare const FAMILY_BASE: "/family";

/** Whether a request path belongs to the family app. */
export declare function isFamilyPath(url: string | undefined): boolean;

/** Options for {@link createFamilyHandler}. */
export interface FamilyHandlerOptions {
  /** The API's base URL as this server reaches itself (default OPENPORTAGE_API_URL, else http://127.0.0.1:$PORT). */
  apiUrl?: string;
  /** The API's own `fetch`, to call it in the same process instead of over HTTP. */
  apiFetch?: (request: Request) => Promise<Response>;
}

/** A Node request handler for the family app; `next()` is called for requests outside /family. */
export type FamilyHandler = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/** Loads the built family app and returns its request handler. Throws when it has not been built. */
export declare function createFamilyHandler(options?: FamilyHandlerOptions): Promise<FamilyHandler>;
