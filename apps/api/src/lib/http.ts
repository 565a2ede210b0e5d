// Request parsing at the edge: every body and query goes through a valibot schema, and every
// failure becomes a problem document with the field path.
import { forbiddenKeyPath } from "@openportage/referral-form";
import type { Context, MiddlewareHandler } from "hono";
import { validator } from "hono/validator";
import { resolver, uniqueSymbol } from "hono-openapi";
import * as v from "valibot";
import { BODY_IS_A_LIST, inspectInput, MAX_JSON_DEPTH, nestsDeeperThan } from "./input-check.js";
import { ProblemError, validationProblem } from "./problem.js";

/** How the validators tell the OpenAPI document what a route takes (read and removed by `completeDocument`). */
export const INPUT_MARK = "x-openportage-input";

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;

/** The media type of the request, lower-cased, without parameters. */
export function mediaType(c: Context): string {
  return (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

/**
 * Reads a JSON body: 415 for another content type, 400 for an empty body, malformed JSON or JSON
 * nested deeper than {@link MAX_JSON_DEPTH} (counted on the text, before parsing).
 */
export async function readJsonBody(c: Context): Promise<unknown> {
  if (!JSON_TYPE.test(mediaType(c))) {
    throw new ProblemError("unsupported-media-type", 415, "Send the body as application/json");
  }
  const text = await c.req.text();
  if (text.trim() === "") {
    throw new ProblemError("malformed-body", 400, "The request body is empty: send a JSON object");
  }
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
    throw new ProblemError(
      "malformed-body",
      400,
      `The request body nests objects or lists more than ${MAX_JSON_DEPTH} levels deep`,
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ProblemError("malformed-body", 400, "The request body is not valid JSON");
  }
}

/**
 * Validates a value against a schema, or throws a 422 problem listing every issue with its path.
 * First, in one place for every body and query: no `__proto__` keys, no list where an object
 * belongs, and every string checked by the domain's text rule (see lib/input-check.ts).
 */
export function parseOrThrow<S extends v.GenericSchema>(schema: S, value: unknown): v.InferOutput<S> {
  const forbidden = forbiddenKeyPath(value);
  if (forbidden) throw validationProblem([{ field: forbidden, message: "is not an accepted field" }]);
  const found = inspectInput(schema, value);
  const whole = found.filter((f) => f.field === "" && f.message === BODY_IS_A_LIST);
  if (whole.length > 0) throw validationProblem(whole, "The request body must be a JSON object, not a list");
  const result = v.safeParse(schema, value, { abortEarly: false });
  if (result.success && found.length === 0) return result.output;
  const covered = (field: string) => found.some((f) => field === f.field || field.startsWith(`${f.field}.`));
  throw validationProblem([
    ...found,
    ...(result.issues ?? [])
      .map((issue) => ({
        field: v.getDotPath(issue) ?? "",
        message: issue.kind === "schema" && issue.expected === "never" ? "is not an accepted field" : issue.message,
      }))
      .filter((issue) => !covered(issue.field)),
  ]);
}

/**
 * Validator middleware for a JSON body (typed for the RPC client). It reads the body itself
 * (Hono's own JSON validator would answer an empty body or another content type its own way).
 */
export function jsonBody<S extends v.GenericSchema>(schema: S) {
  const typed = validator("json", (_value, _c) => undefined as unknown as v.InferOutput<S>);
  const middleware: MiddlewareHandler = async (c, next) => {
    const value = parseOrThrow(schema, await readJsonBody(c));
    c.req.addValidatedData("json", value as object);
    await next();
  };
  // The body the validator takes is the body the document describes.
  return describedInput(middleware, {
    [INPUT_MARK]: ["body"],
    requestBody: { required: true, content: { "application/json": { schema: resolver(schema) } } },
  }) as unknown as typeof typed;
}

/**
 * Tells the OpenAPI document what a validator takes (hono-openapi reads specs from any handler
 * that carries its symbol); `completeDocument` in routes/openapi-content.ts adds the refusals.
 */
function describedInput<M extends object>(middleware: M, spec: Record<string, unknown>): M {
  return Object.assign(middleware, { [uniqueSymbol]: { spec } });
}

/** The keys of an object schema's entries (a query's parameters), for the document. */
function queryParameters(schema: v.GenericSchema) {
  const entries = (schema as unknown as { entries?: Record<string, { type?: string }> }).entries ?? {};
  return Object.entries(entries).map(([name, entry]) => ({
    name,
    in: "query",
    required: !["optional", "exact_optional", "nullish", "undefinedable"].includes(entry.type ?? ""),
    schema: { type: "string" },
  }));
}

/** Validator middleware for the query string. */
export function queryParams<S extends v.GenericSchema>(schema: S) {
  return describedInput(
    validator("query", (value) => parseOrThrow(schema, value) as v.InferOutput<S>),
    { [INPUT_MARK]: ["query"], parameters: queryParameters(schema) },
  );
}

/** Validator middleware for path parameters. */
export function pathParams<S extends v.GenericSchema>(schema: S) {
  return validator("param", (value) => {
    const result = v.safeParse(schema, value);
    // A malformed id cannot name any record: answer as for one that does not exist.
    if (!result.success) throw new ProblemError("not-found", 404, "There is nothing here");
    return result.output as v.InferOutput<S>;
  });
}

/** Query schema pieces for paginated lists. */
export const Pagination = {
  page: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,6}$/, "must be a whole number"),
      v.transform(Number),
      v.minValue(1, "must be at least 1"),
    ),
    "1",
  ),
  pageSize: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,3}$/, "must be a whole number from 1 to 100"),
      v.transform(Number),
      v.minValue(1, "must be a whole number from 1 to 100"),
      v.maxValue(100, "must be a whole number from 1 to 100"),
    ),
    "25",
  ),
};

/** A UUID path parameter. */
export const IdParam = v.object({ id: v.pipe(v.string(), v.uuid()) });
