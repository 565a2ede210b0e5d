// How the routes describe their bodies and answers in the OpenAPI document: from valibot schemas,
// with every refusal as a problem document (RFC 9457).
import { resolver } from "hono-openapi";
import type * as v from "valibot";
import { INPUT_MARK } from "../lib/http.js";
import { ProblemSchema } from "./openapi-schemas.js";

/** A schema as the OpenAPI generator takes it. */
type Described = ReturnType<typeof resolver>;

/** A JSON body or answer described by `schema`. */
export const json = (schema: v.GenericSchema): { "application/json": { schema: Described } } => ({
  "application/json": { schema: resolver(schema) },
});

/** A refusal: a problem document, with what it means here. */
export const problem = (
  description: string,
): { description: string; content: { "application/problem+json": { schema: Described } } } => ({
  description,
  content: { "application/problem+json": { schema: resolver(ProblemSchema) } },
});

/**
 * Operations anyone may call, as `METHOD /path` or a path prefix. The access matrix checks this
 * against its own list of public routes (the document's `security`).
 */
const PUBLIC_OPERATIONS = [
  "GET /health",
  "GET /protocol",
  "POST /referrals",
  "POST /eligibility-check",
  "POST /auth/sign-in",
  "/auth/sign-in/",
  "/auth/password-reset",
  "GET /calendar/{token}",
  "/family/invitations/",
  "/family/sign-in/",
  "GET /family/demo-mail",
];

function isPublic(method: string, path: string): boolean {
  return PUBLIC_OPERATIONS.some((entry) =>
    entry.startsWith("/")
      ? path === entry || path.startsWith(entry.endsWith("/") ? entry : `${entry}/`)
      : entry === `${method.toUpperCase()} ${path}`,
  );
}

const UNSAFE = new Set(["post", "put", "patch", "delete"]);
/** The public form posts, which may come from the public site on another origin (lib/create-app.ts). */
const OWN_ORIGIN_CHECK_EXEMPT = new Set(["/referrals", "/eligibility-check"]);

interface OperationObject {
  responses?: Record<string, unknown>;
  security?: unknown[];
  requestBody?: unknown;
  [key: string]: unknown;
}

/** The document as hono-openapi generates it. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject | undefined>>;
  components?: { schemas?: Record<string, unknown>; [key: string]: unknown };
  [key: string]: unknown;
}

/**
 * Adds to every operation the refusals the edge can give it, where the route has not described
 * them in its own words: 500 and 503 (the database out of reach) everywhere; 401 and 403 without a session of the right kind (and its
 * `security`); 403 `bad-origin` for a cookie-authenticated change from elsewhere; 404 for an id in
 * the path; 400, 413, 415 and 422 for a JSON body; 422 for a query. The routes' own answers (409,
 * 410, 429 and their own words for the rest) stay as they describe them.
 */
export function completeDocument(doc: OpenApiDocument, problemSchema: unknown): OpenApiDocument {
  doc.components ??= {};
  doc.components.schemas = { ...doc.components.schemas, Problem: problemSchema };
  const refusal = (description: string) => ({
    description,
    content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
  });
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      if (!op) continue;
      const inputs = new Set((op[INPUT_MARK] as string[] | undefined) ?? []);
      delete op[INPUT_MARK];
      op.responses ??= {};
      const responses = op.responses;
      const add = (status: number, description: string) => {
        responses[String(status)] ??= refusal(description);
      };
      const open = isPublic(method, path);
      const family = path.startsWith("/family/") && !open;
      if (!open) {
        op.security ??= [family ? { familySession: [] } : { session: [] }];
        add(401, family ? "Not signed in to the family app (not-signed-in)" : "Not signed in (not-signed-in)");
        add(
          403,
          family ? "This family member may not do this (forbidden)" : "Your role does not allow this (forbidden)",
        );
      } else {
        op.security ??= [];
      }
      if (UNSAFE.has(method) && !OWN_ORIGIN_CHECK_EXEMPT.has(path)) {
        add(403, "A change with a session cookie that did not come from the service's own pages (bad-origin)");
      }
      if (path.includes("{")) add(404, "Nothing here that you can see; a malformed id answers the same (not-found)");
      if (inputs.has("body") || op.requestBody) {
        add(400, "The body is empty, is not JSON, or nests more than 32 levels deep (malformed-body)");
        add(413, "The body is larger than the limit (body-too-large)");
        add(415, "The body is not application/json (unsupported-media-type)");
        add(422, "The body has problems: each field's path and message in `errors` (validation)");
      }
      if (inputs.has("query")) add(422, "The query has problems: each parameter and message in `errors` (validation)");
      add(500, "Something went wrong on our side (server-error)");
      add(503, "The database cannot be reached just now: try again after Retry-After seconds (database-unavailable)");
    }
  }
  return doc;
}
