// Request parsing at the edge: every body and query goes through a valibot schema, and every
// failure becomes a problem document with the field path.
import { forbiddenKeyPath } from "@openportage/referral-form";
import type { Context } from "hono";
import { validator } from "hono/validator";
import * as v from "valibot";
import { ProblemError, validationProblem } from "./problem.js";

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;

/** The media type of the request, lower-cased, without parameters. */
export function mediaType(c: Context): string {
  return (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

/** Reads a JSON body: 415 for another content type, 400 for malformed JSON. */
export async function readJsonBody(c: Context): Promise<unknown> {
  if (!JSON_TYPE.test(mediaType(c))) {
    throw new ProblemError("unsupported-media-type", 415, "Send the body as application/json");
  }
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new ProblemError("malformed-body", 400, "The body is not valid JSON");
  }
}

/** Validates a value against a schema, or throws a 422 problem listing every issue with its path. */
export function parseOrThrow<S extends v.GenericSchema>(schema: S, value: unknown): v.InferOutput<S> {
  const forbidden = forbiddenKeyPath(value);
  if (forbidden) throw validationProblem([{ field: forbidden, message: "is not an accepted field" }]);
  const result = v.safeParse(schema, value, { abortEarly: false });
  if (result.success) return result.output;
  throw validationProblem(
    result.issues.map((issue) => ({
      field: v.getDotPath(issue) ?? "",
      message: issue.kind === "schema" && issue.expected === "never" ? "is not an accepted field" : issue.message,
    })),
  );
}

/** Validator middleware for a JSON body (typed for the RPC client). */
export function jsonBody<S extends v.GenericSchema>(schema: S) {
  return validator("json", async (_value, c) => parseOrThrow(schema, await readJsonBody(c)) as v.InferOutput<S>);
}

/** Validator middleware for the query string. */
export function queryParams<S extends v.GenericSchema>(schema: S) {
  return validator("query", (value) => parseOrThrow(schema, value) as v.InferOutput<S>);
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
