// The public referral intake: POST /api/referrals, as JSON from the site's form island or as a
// plain form post with JavaScript off; plus the no-JavaScript form itself.
import { randomUUID } from "node:crypto";
import { presentationFor } from "@openportage/council";
import { familyRoute, type Protocol } from "@openportage/domain";
import { formTextFor, fromFormEntries, parseReferral, toFormValues } from "@openportage/referral-form";
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { describeRoute, resolver } from "hono-openapi";
import * as v from "valibot";
import { audit, auditRow } from "../../lib/audit.js";
import { bodyLimit } from "../../lib/body-limit.js";
import { englandDate } from "../../lib/clock.js";
import { mediaType, readJsonBody } from "../../lib/http.js";
import { newReference } from "../../lib/ids.js";
import { ProblemError, sendProblem, validationProblem } from "../../lib/problem.js";
import { templateFor } from "../../lib/site.js";
import type { AppEnv } from "../../lib/types.js";
import { ProblemSchema, ReferralAcceptedSchema, ReferralInputDocSchema } from "../openapi-schemas.js";
import { confirmationPage, FORM_CSS, formPage, howToBeReferredPage } from "./html.js";
import { storeReferral } from "./intake.js";

/** The site's frame with "Refer your child" current, for the pages written here. */
const referTemplate = (c: Context<AppEnv>) => templateFor(c.get("site"), "/refer");

/** The largest referral body accepted (a full form is about 5 KB). */
export const REFERRAL_BODY_LIMIT = 64 * 1024;

/**
 * Where families cannot refer themselves (no family route in the protocol, as in Cheshire East:
 * ADR 0060), the page saying how a child is referred, in place of the form; nothing is stored.
 */
function howToBeReferred(c: Context<AppEnv>, protocol: Protocol, status: 200 | 404) {
  c.header("Cache-Control", "no-store");
  return c.html(howToBeReferredPage(protocol, presentationFor(protocol).contact, referTemplate(c)), status);
}

/** An error about the whole form, for the error summary (it links to the form's top). */
function formError(message: string) {
  return { field: "form", href: "#main-content", message };
}

/** The idempotency key a form post carried, or a new one. */
function keyOf(input: unknown): string {
  const key = (input as Record<string, unknown> | undefined)?.idempotencyKey;
  return typeof key === "string" ? key : randomUUID();
}

const IdempotencyHeader = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,128}$/));

/** The CORS middleware for the site's origins, made once for each app's list (not per request). */
const corsFor = new WeakMap<readonly string[], MiddlewareHandler>();
function siteCors(origins: readonly string[]): MiddlewareHandler {
  let handler = corsFor.get(origins);
  if (!handler) {
    handler = cors({
      origin: (origin) => (origins.includes(origin) ? origin : null),
      allowMethods: ["POST", "OPTIONS"],
      allowHeaders: ["Content-Type", "Idempotency-Key"],
      exposeHeaders: ["Idempotent-Replayed"],
      maxAge: 600,
    });
    corsFor.set(origins, handler);
  }
  return handler;
}

export const publicReferralRoutes = new Hono<AppEnv>()
  .use("/referrals", (c, next) => siteCors(c.get("deps").config.SITE_ORIGINS)(c, next))
  .get("/referrals/form", describeRoute({ hide: true }), (c) => {
    const { protocol } = c.get("deps");
    if (!familyRoute(protocol)) return howToBeReferred(c, protocol, 200);
    c.header("Cache-Control", "no-store");
    return c.html(formPage(protocol, {}, [], randomUUID(), referTemplate(c)));
  })
  .get("/referrals/form.css", describeRoute({ hide: true }), (c) => {
    c.header("Content-Type", "text/css; charset=utf-8");
    c.header("Cache-Control", "public, max-age=3600");
    return c.body(FORM_CSS);
  })
  .post(
    "/referrals",
    describeRoute({
      tags: ["Referrals"],
      summary: "Refer a child (public)",
      description:
        "A family's own referral. JSON from the site's form, or `application/x-www-form-urlencoded` from a plain HTML form (answered with an HTML page). Send an `Idempotency-Key` header (or the `idempotencyKey` field): a retry with the same key and answers returns the first result and stores nothing new. Recorded under the protocol's family route; where the protocol has none (only professionals refer), nothing is stored and the answer is `404` (`no-family-route`).",
      parameters: [{ name: "Idempotency-Key", in: "header", required: false, schema: { type: "string" } }],
      requestBody: {
        required: true,
        content: {
          "application/json": { schema: resolver(ReferralInputDocSchema) },
          "application/x-www-form-urlencoded": {
            schema: {
              type: "object",
              description: "The same fields, with the date of birth as childDateOfBirth-day, -month and -year",
            },
          },
        },
      },
      responses: {
        201: { description: "Stored", content: { "application/json": { schema: resolver(ReferralAcceptedSchema) } } },
        200: {
          description: "A retry of a stored referral: the first result",
          content: { "application/json": { schema: resolver(ReferralAcceptedSchema) } },
        },
        404: {
          description:
            "The protocol has no route for families to refer their own child: nothing stored (for a form post, a page saying how a child is referred)",
          content: { "application/problem+json": { schema: resolver(ProblemSchema) } },
        },
        409: {
          description: "The idempotency key was used with other answers (an HTML page for a form post)",
          content: { "application/problem+json": { schema: resolver(ProblemSchema) } },
        },
        415: {
          description: "Wrong content type",
          content: { "application/problem+json": { schema: resolver(ProblemSchema) } },
        },
        422: {
          description: "The answers have problems",
          content: { "application/problem+json": { schema: resolver(ProblemSchema) } },
        },
        429: {
          description: "Too many referrals from this address (audited; an HTML page for a form post)",
          content: { "application/problem+json": { schema: resolver(ProblemSchema) } },
        },
      },
    }),
    bodyLimit({
      maxSize: REFERRAL_BODY_LIMIT,
      onError: () => {
        throw new ProblemError("body-too-large", 413, `Referrals are limited to ${REFERRAL_BODY_LIMIT / 1024} KB`);
      },
    }),
    async (c) => {
      const deps = c.get("deps");
      const { protocol, clock, config, logger } = deps;
      const type = mediaType(c);
      const isForm = type === "application/x-www-form-urlencoded";
      if (!isForm && type !== "application/json") {
        throw new ProblemError("unsupported-media-type", 415, "Send the referral as application/json or a form post");
      }

      // A browser's plain form post (JavaScript off) is answered with pages, not problem details;
      // a form post that asks for JSON (Accept: application/json, no text/html) gets JSON.
      const accept = c.req.header("accept") ?? "";
      const html = isForm && (/text\/html/i.test(accept) || !/json/i.test(accept));

      // Only a route the protocol has is ever recorded: with no family route, no family's referral.
      const route = familyRoute(protocol);
      if (!route) {
        if (html) return howToBeReferred(c, protocol, 404);
        const ways = protocol.eligibility.routes.routes.map((r) => r.name).join(", ");
        throw new ProblemError(
          "no-family-route",
          404,
          `${protocol.serviceName} takes referrals only from professionals, through ${ways}. Nothing was stored.`,
        );
      }

      let input: unknown;
      if (isForm) input = fromFormEntries(new URLSearchParams(await c.req.text()));
      else input = await readJsonBody(c);

      /** Over the limit per address: audited, the form again with the answers kept (same key: safe to send later). */
      const limited = async (wait: number) => {
        logger.warn("referral rate limit reached", { wait });
        await audit(c, { action: "denied", outcome: "denied", recordType: "referral", reason: "rate-limited" });
        const message = `Too many referrals from this address: try again in ${wait} seconds`;
        c.header("Cache-Control", "no-store");
        c.header("Retry-After", String(wait));
        if (html)
          return c.html(
            formPage(protocol, toFormValues(input), [formError(message)], keyOf(input), referTemplate(c)),
            429,
          );
        const problem = new ProblemError("rate-limited", 429, message);
        return sendProblem(c, problem.problem, { "Retry-After": String(wait) });
      };

      const headerKey = c.req.header("idempotency-key");
      if (headerKey !== undefined && !v.is(IdempotencyHeader, headerKey)) {
        throw validationProblem([{ field: "Idempotency-Key", message: "must be 16 to 128 letters, digits, - or _" }]);
      }

      const parsed = parseReferral(input, { today: englandDate(clock.now()), text: formTextFor(protocol) });
      if (!parsed.success) {
        if (html) {
          c.header("Cache-Control", "no-store");
          return c.html(formPage(protocol, toFormValues(input), parsed.errors, keyOf(input), referTemplate(c)), 422);
        }
        throw validationProblem(parsed.errors.map((e) => ({ field: e.field, message: e.message })));
      }
      if (headerKey && parsed.idempotencyKey && headerKey !== parsed.idempotencyKey) {
        throw validationProblem([{ field: "idempotencyKey", message: "does not match the Idempotency-Key header" }]);
      }

      if (parsed.honeypot) {
        // Looks like a bot: answer as if stored, keep nothing.
        logger.info("referral honeypot filled: not stored");
        const reference = newReference();
        c.header("Cache-Control", "no-store");
        if (html) return c.html(confirmationPage(protocol, reference, "none", referTemplate(c)), 201);
        return c.json({ reference, receivedAt: clock.now().toISOString() }, 201);
      }

      const result = await storeReferral(
        deps,
        parsed.referral,
        {
          route: route.id,
          source: "public-form",
          idempotencyKey: headerKey ?? parsed.idempotencyKey,
          // Counted in the referral's own commit: a referral is one commit, and only stored ones count.
          limit: { limiter: c.get("limits").referrals, key: c.get("address") },
        },
        (event) => auditRow(c, event),
      );
      if (result.kind === "rate-limited") return limited(result.wait);
      c.header("Cache-Control", "no-store");
      if (result.kind === "conflict") {
        if (html) {
          // The form again with the answers kept and a new key: sending it makes a new referral.
          const message =
            "This form was already sent with different answers. Check the answers and send the form again to make a new referral.";
          return c.html(
            formPage(protocol, toFormValues(input), [formError(message)], randomUUID(), referTemplate(c)),
            409,
          );
        }
        throw new ProblemError(
          "idempotency-key-reused",
          409,
          "This form was already sent with different answers. Reload the form to send a new referral.",
        );
      }
      const status = result.kind === "created" ? 201 : 200;
      if (result.kind === "replayed") c.header("Idempotent-Replayed", "true");
      if (config.LOG_LEVEL === "debug")
        logger.debug("referral stored", { id: result.id, replayed: result.kind === "replayed" });
      if (html) {
        // Say an email is coming only when one will go: an address was given and Notify is set up.
        const email = parsed.referral.carerEmail !== undefined && config.NOTIFY_API_KEY ? "queued" : "none";
        return c.html(confirmationPage(protocol, result.reference, email, referTemplate(c)), status);
      }
      return c.json({ reference: result.reference, receivedAt: result.receivedAt }, status);
    },
  );
