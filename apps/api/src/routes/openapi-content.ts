// How the routes describe their bodies and answers in the OpenAPI document: from valibot schemas,
// with every refusal as a problem document (RFC 9457).
import { resolver } from "hono-openapi";
import type * as v from "valibot";
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
