/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** The API, called as the member of staff making this request. */
    api: import("./lib/api.ts").Api;
    /** Who is signed in; set by the middleware on every page but the sign-in page. */
    user: import("./lib/session.ts").StaffUser;
    /**
     * Set by the middleware for a page that learns who is signed in from its own first API call
     * (no separate session call first); the frame then asks `staffOf` (lib/session.ts).
     */
    identifiedByFirstCall?: boolean;
    /** A form sent after the session ended, for the sign-in page to send on (lib/resume.ts). */
    resume?: import("./lib/resume.ts").Resume;
    /** The API's base URL, when src/node/mount.mjs was told it (else OPENPORTAGE_API_URL or the loopback address). */
    apiUrl?: string;
    /** When the API runs in the same process, its `fetch`, passed in by src/node/mount.mjs. */
    apiFetch?: (request: Request) => Promise<Response>;
  }
}
