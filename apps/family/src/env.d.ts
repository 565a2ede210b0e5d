/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** The API, called as the family member making this request (their family cookie forwarded). */
    api: import("./lib/api.ts").Api;
    /** Who is signed in and the children they may see; set by the middleware on every page that needs a session. */
    session: import("./lib/records.ts").FamilySession;
    /** The API's base URL, when src/node/mount.mjs was told it (else OPENPORTAGE_API_URL or the loopback address). */
    apiUrl?: string;
    /** When the API runs in the same process, its `fetch`, passed in by src/node/mount.mjs. */
    apiFetch?: (request: Request) => Promise<Response>;
  }
}
